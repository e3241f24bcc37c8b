-- wrk script for bench/run.sh: every request picks one (token, view) line at random from the file
-- named by BENCH_VIEWS ("TOKEN PATH" per line) and sends it with "Authorization: Bearer TOKEN".
-- Requests are pre-formatted once per thread, so the Lua cost per request is a random pick.
local requests = {}
local threads = {}
local counter = 0

function setup(thread)
   counter = counter + 1
   thread:set("id", counter)
   table.insert(threads, thread)
end

function init(args)
   math.randomseed(os.time() * 1000 + (id or 0))
   local file = assert(io.open(os.getenv("BENCH_VIEWS"), "r"))
   for line in file:lines() do
      local token, path = line:match("^(%S+)%s+(%S+)$")
      if token then
         table.insert(requests, wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token }))
      end
   end
   file:close()
   assert(#requests > 0, "no views in " .. tostring(os.getenv("BENCH_VIEWS")))
end

function request()
   return requests[math.random(#requests)]
end

function done(summary, latency, requests)
   local e = summary.errors
   local secs = summary.duration / 1e6
   io.write(string.format(
      "WRK_RESULT requests=%d duration_s=%.2f rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f " ..
      "bytes_per_response=%.0f non2xx3xx=%d connect_err=%d read_err=%d write_err=%d timeouts=%d\n",
      summary.requests, secs, summary.requests / secs,
      latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
      latency.max / 1000, summary.bytes / math.max(1, summary.requests),
      e.status, e.connect, e.read, e.write, e.timeout))
end
