// The generated TypeScript client (openapi-typescript types + openapi-fetch) against a running
// gateway: GATEWAY_URL, and the access tokens TOKEN (a supervisor of campaign 111),
// MANAGER_TOKEN and AUDITOR_TOKEN, come from GeneratedTypeScriptClientTest.
import assert from "node:assert/strict";
import { test } from "node:test";

import createClient from "openapi-fetch";

import type { components, paths } from "../generated/agent-monitor.js";

type ScopedSnapshot = components["schemas"]["ScopedSnapshot"];
type Problem = components["schemas"]["Problem"];

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set`);
  }
  return value;
}

const baseUrl = required("GATEWAY_URL");
const client = createClient<paths>({ baseUrl });
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

test("a supervisor reads the snapshot of their campaign, then revalidates it with its ETag", async () => {
  const { data, error, response } = await client.GET("/api/v1/agent-monitor", {
    params: { query: { campaign_id: "111" } },
    headers: bearer(required("TOKEN")),
  });
  assert.equal(error, undefined);
  assert.ok(data);
  const snapshot: ScopedSnapshot = data;
  assert.deepEqual(snapshot.scope.campaign_ids, ["111"]);
  assert.ok(snapshot.agents.length > 0);
  assert.ok(snapshot.agents.every((agent) => agent.campaign_id === "111"));
  assert.equal(snapshot.agent_total, snapshot.agents.length);
  assert.equal(typeof snapshot.stale, "boolean");

  const etag = response.headers.get("ETag");
  assert.ok(etag, "the snapshot carries an ETag");
  const again = await client.GET("/api/v1/agent-monitor", {
    params: { query: { campaign_id: "111" }, header: { "If-None-Match": etag } },
    headers: bearer(required("TOKEN")),
  });
  assert.equal(again.response.status, 304);
});

test("/me names the manager's scope and capabilities", async () => {
  const { data } = await client.GET("/api/v1/me", { headers: bearer(required("MANAGER_TOKEN")) });
  assert.ok(data);
  assert.equal(data.username, "maria");
  assert.deepEqual(data.scope.campaign_ids, ["111", "112"]);
  assert.deepEqual(data.capabilities, ["view", "logout"]);
});

test("a campaign outside the scope is a typed 403 problem", async () => {
  const { data, error, response } = await client.GET("/api/v1/agent-monitor", {
    params: { query: { campaign_id: "222" } },
    headers: bearer(required("TOKEN")),
  });
  assert.equal(data, undefined);
  assert.equal(response.status, 403);
  assert.equal(response.headers.get("Content-Type"), "application/problem+json");
  const problem: Problem | undefined = error;
  assert.equal(problem?.type, "/problems/forbidden");
  assert.equal(problem?.status, 403);
});

test("the auditor pages through the logout trail", async () => {
  const { data, error } = await client.GET("/api/v1/audit/logouts", {
    params: { query: { limit: 5 } },
    headers: bearer(required("AUDITOR_TOKEN")),
  });
  assert.equal(error, undefined);
  assert.ok(data);
  assert.ok(Array.isArray(data.items));
});

test("the snapshot stream pushes a snapshot event with the entity tag as its id", async () => {
  const path: keyof paths = "/api/v1/agent-monitor/stream";
  const abort = new AbortController();
  const response = await fetch(`${baseUrl}${path}?campaign_id=111`, {
    headers: { ...bearer(required("TOKEN")), Accept: "text/event-stream" },
    signal: abort.signal,
  });
  assert.equal(response.status, 200);
  assert.match(response.headers.get("Content-Type") ?? "", /^text\/event-stream/);
  assert.ok(response.body);

  const event = await firstEvent(response.body, "snapshot");
  abort.abort();
  assert.ok(event.id, "the event carries an id");
  const snapshot = JSON.parse(event.data) as ScopedSnapshot;
  assert.deepEqual(snapshot.scope.campaign_ids, ["111"]);
  assert.ok(snapshot.agents.every((agent) => agent.campaign_id === "111"));
});

interface ServerSentEvent {
  event: string;
  id?: string;
  data: string;
}

/** Reads `event:`/`id:`/`data:` lines until the first event named `name` is complete. */
async function firstEvent(body: ReadableStream<Uint8Array>, name: string): Promise<ServerSentEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      throw new Error(`the stream ended before a ${name} event`);
    }
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, "");
      const event = parse(block);
      if (event.event === name) {
        await reader.cancel();
        return event;
      }
    }
  }
}

function parse(block: string): ServerSentEvent {
  const event: ServerSentEvent = { event: "message", data: "" };
  const data: string[] = [];
  for (const line of block.split(/\r?\n/)) {
    if (line.startsWith(":")) {
      continue; // a comment, such as the heartbeat
    }
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "event") {
      event.event = value;
    } else if (field === "id") {
      event.id = value;
    } else if (field === "data") {
      data.push(value);
    }
  }
  event.data = data.join("\n");
  return event;
}
