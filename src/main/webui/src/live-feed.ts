import { type Api, ApiError, problemOf, suffix } from './api';
import { SessionEnded } from './session';
import { readEventStream } from './sse-reader';
import type { Problem, Snapshot } from './types';

export type FeedState =
  | { kind: 'connecting' }
  | { kind: 'live' }
  | { kind: 'reconnecting'; at: number; attempt: number; reason?: string }
  | { kind: 'polling'; reason: string }
  | { kind: 'refused'; problem: Problem }
  | { kind: 'signed-out' };

export interface FeedListener {
  snapshot(snapshot: Snapshot, receivedAt: number): void;
  /** The gateway confirmed that the view has not changed (a heartbeat, a 304 and its stale flag). */
  confirmed(at: number, stale?: boolean): void;
  state(state: FeedState): void;
}

/** Why streaming gave way to polling; the feed tries the stream again after POLL_PERIOD_MS. */
class StreamingUnavailable extends Error {}

const MAX_BACKOFF_MS = 30_000;
const STREAM_FAILURES_BEFORE_POLLING = 3;
const POLL_PERIOD_MS = 60_000;

/**
 * The live view: the gateway's SSE stream read with fetch (bearer token in the header), resumed with
 * Last-Event-ID, reconnected with exponential backoff and a fresh token; polling with If-None-Match
 * while streaming is not possible (no readable response bodies, a proxy that buffers or cuts the
 * stream). Scope and filter refusals (400/403) stop it: retrying cannot help. A stream lasts only
 * as long as the token that opened it: shortly before that token expires (or when the gateway
 * sends `reauthenticate`) the feed opens the next stream with a fresh token and Last-Event-ID, as a
 * routine hand-over that never shows as a lost connection. When the sign-in itself has ended, the
 * feed stops and says so.
 */
export class LiveFeed {
  private readonly abort = new AbortController();
  private lastEventId: string | undefined;
  private etag: string | null = null;
  /** Whether the latest stream connection delivered anything before it ended. */
  private delivered = false;
  /** Set when the stream ends for a fresh token rather than a failure: reconnect at once, quietly. */
  private handingOver = false;
  /** The next stream needs a token issued after this one's (its signing key was removed). */
  private forceFreshToken = false;
  /** Set by a 429 answer: how long the gateway asked to wait (its Retry-After), and why. */
  private limited: { ms: number; reason: string } | null = null;

  constructor(
    private readonly api: Api,
    private readonly query: URLSearchParams,
    private readonly listener: FeedListener,
    private readonly freshnessMs: number,
    private readonly idleTimeoutMs: number,
  ) {}

  start(): void {
    void this.run();
  }

  stop(): void {
    this.abort.abort();
  }

  private get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  private async run(): Promise<void> {
    let failures = 0;
    const streamable = typeof ReadableStream !== 'undefined' && 'body' in Response.prototype;
    while (!this.stopped) {
      if (!streamable || failures >= STREAM_FAILURES_BEFORE_POLLING) {
        const reason = streamable ? 'the stream keeps failing' : 'this browser cannot read streams';
        if (!(await this.poll(reason, streamable ? POLL_PERIOD_MS : Infinity))) return;
        failures = 0;
        continue;
      }
      const quiet = this.handingOver;
      this.handingOver = false;
      if (!quiet) this.listener.state({ kind: 'connecting' });
      try {
        await this.stream();
        failures = this.delivered ? 0 : failures + 1;
      } catch (error) {
        if (this.stopped) return;
        if (error instanceof SessionEnded) {
          this.listener.state({ kind: 'signed-out' });
          return;
        }
        if (this.handingOver) continue;
        if (isRefusal(error)) {
          this.listener.state({ kind: 'refused', problem: error.problem });
          return;
        }
        // A connection that worked for a while and then broke starts the backoff afresh.
        failures = error instanceof StreamingUnavailable ? STREAM_FAILURES_BEFORE_POLLING
          : (this.delivered ? 0 : failures) + 1;
      }
      if (this.handingOver) {
        failures = 0;
        continue;
      }
      if (this.stopped || failures >= STREAM_FAILURES_BEFORE_POLLING) continue;
      const backoff = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** failures) * (0.75 + Math.random() * 0.5);
      const delay = Math.max(backoff, this.limited?.ms ?? 0);
      this.listener.state({ kind: 'reconnecting', at: Date.now() + delay, attempt: failures + 1,
        reason: this.limited?.reason });
      this.limited = null;
      await this.sleep(delay);
    }
  }

  /** One stream connection; resolves when the server ends it, rejects when it fails. */
  private async stream(): Promise<void> {
    const headers: Record<string, string> = { Accept: 'text/event-stream' };
    if (this.lastEventId) headers['Last-Event-ID'] = this.lastEventId;
    const connection = new AbortController();
    const onStop = () => connection.abort();
    this.abort.signal.addEventListener('abort', onStop);
    let watchdog = 0;
    let handover = 0;
    const arm = () => {
      window.clearTimeout(watchdog);
      // No byte for three heartbeats: the connection is dead even if TCP has not noticed.
      watchdog = window.setTimeout(() => connection.abort(), this.idleTimeoutMs);
    };
    this.delivered = false;
    try {
      arm();
      if (this.forceFreshToken) {
        await this.api.session.token(true);
        this.forceFreshToken = false;
      }
      const response = await this.api.fetch(`/api/v1/agent-monitor/stream${suffix(this.query)}`, {
        headers,
        signal: connection.signal,
      });
      if (!response.ok) {
        if (response.status === 429) {
          // A per-caller limit (too many streams or views open): wait as long as the gateway asks.
          const seconds = Number(response.headers.get('Retry-After') ?? '');
          this.limited = { ms: Number.isFinite(seconds) ? seconds * 1000 : MAX_BACKOFF_MS, reason: 'too many open' };
        }
        throw new ApiError(await problemOf(response));
      }
      // The gateway ends this stream at its token's expiry: hand over to the next one a little before.
      const expiresAt = this.api.session.expiresAt();
      if (expiresAt !== undefined) {
        const lead = (this.api.session.lead() * 1000) / 2;
        handover = window.setTimeout(() => {
          this.handingOver = true;
          connection.abort();
        }, Math.max(0, expiresAt - lead - Date.now()));
      }
      const type = response.headers.get('Content-Type') ?? '';
      if (!type.startsWith('text/event-stream') || !response.body) {
        throw new StreamingUnavailable(`answered ${type || 'no content type'}`);
      }
      this.listener.state({ kind: 'live' });
      await readEventStream(response.body, {
        onActivity: () => {
          arm();
          this.delivered = true;
          this.listener.confirmed(Date.now());
        },
        onEvent: (event) => {
          if (event.event === 'reauthenticate') {
            // The last event of this stream; the next one needs a fresh token.
            this.handingOver = true;
            this.forceFreshToken = reasonOf(event.data) !== 'token-expired';
            return;
          }
          if (event.event !== 'snapshot') return;
          this.lastEventId = event.id;
          this.listener.snapshot(JSON.parse(event.data) as Snapshot, Date.now());
        },
      });
    } finally {
      window.clearTimeout(watchdog);
      window.clearTimeout(handover);
      this.abort.signal.removeEventListener('abort', onStop);
    }
  }

  /** Polls for up to {@code periodMs}; false when refused (the feed stops). */
  private async poll(reason: string, periodMs: number): Promise<boolean> {
    this.listener.state({ kind: 'polling', reason });
    const until = Date.now() + periodMs;
    while (!this.stopped && Date.now() < until) {
      try {
        const answer = await this.api.snapshot(this.query, this.etag);
        if (answer.kind === 'changed') {
          this.etag = answer.etag;
          this.listener.snapshot(answer.snapshot, Date.now());
        } else {
          this.listener.confirmed(Date.now(), answer.stale);
        }
        this.listener.state({ kind: 'polling', reason });
      } catch (error) {
        if (error instanceof SessionEnded) {
          this.listener.state({ kind: 'signed-out' });
          return false;
        }
        if (isRefusal(error)) {
          this.listener.state({ kind: 'refused', problem: error.problem });
          return false;
        }
      }
      await this.sleep(this.freshnessMs);
    }
    return true;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = window.setTimeout(resolve, ms);
      this.abort.signal.addEventListener('abort', () => {
        window.clearTimeout(timer);
        resolve();
      });
    });
  }
}

function isRefusal(error: unknown): error is ApiError {
  return error instanceof ApiError && [400, 403, 404].includes(error.problem.status);
}

function reasonOf(data: string): string | undefined {
  try {
    return (JSON.parse(data) as { reason?: string }).reason;
  } catch {
    return undefined;
  }
}
