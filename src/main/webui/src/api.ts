import type { Session } from './session';
import type { LogoutResult, Me, Problem, Snapshot, Thresholds } from './types';

/** A refused or failed call, with the gateway's RFC 9457 problem body. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
    this.name = 'ApiError';
  }

  /** The problem type's stable slug, e.g. "agent-not-logged-in". */
  get slug(): string {
    return (this.problem.type ?? '').replace(/^.*\//, '');
  }
}

export async function problemOf(response: Response): Promise<Problem> {
  const type = response.headers.get('Content-Type') ?? '';
  if (type.includes('json')) {
    try {
      const body = (await response.json()) as Partial<Problem>;
      return { ...body, status: body.status ?? response.status };
    } catch {
      // fall through: a body that is not JSON after all
    }
  }
  return { status: response.status, title: response.statusText || `HTTP ${response.status}` };
}

export type SnapshotPoll =
  | { kind: 'changed'; snapshot: Snapshot; etag: string | null }
  | { kind: 'unchanged'; stale: boolean };

/** The gateway's API with the session's bearer token; one retry with a fresh token after a 401. */
export class Api {
  constructor(readonly session: Session) {}

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    let response = await this.send(path, init, false);
    if (response.status === 401) {
      response = await this.send(path, init, true);
    }
    return response;
  }

  async me(): Promise<Me> {
    return this.json<Me>(await this.fetch('/api/v1/me'));
  }

  async thresholds(): Promise<Thresholds> {
    return this.json<Thresholds>(await this.fetch('/api/v1/thresholds'));
  }

  /** GET /api/v1/agent-monitor with If-None-Match: the polling fallback of the live feed. */
  async snapshot(query: URLSearchParams, etag: string | null): Promise<SnapshotPoll> {
    const headers: Record<string, string> = {};
    if (etag) headers['If-None-Match'] = etag;
    const response = await this.fetch(`/api/v1/agent-monitor${suffix(query)}`, { headers });
    if (response.status === 304) {
      return { kind: 'unchanged', stale: response.headers.get('X-Snapshot-Stale') === 'true' };
    }
    const snapshot = await this.json<Snapshot>(response);
    return { kind: 'changed', snapshot, etag: response.headers.get('ETag') };
  }

  async logout(userId: string, reason: string): Promise<LogoutResult> {
    const response = await this.fetch(`/api/v1/agents/${encodeURIComponent(userId)}/logout`, {
      method: 'POST',
      // The same key on a retry of this click answers the first outcome instead of logging out twice.
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
      body: JSON.stringify({ reason }),
    });
    return this.json<LogoutResult>(response);
  }

  private async send(path: string, init: RequestInit, forceRefresh: boolean): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('Authorization', `Bearer ${await this.session.token(forceRefresh)}`);
    if (!headers.has('Accept')) headers.set('Accept', 'application/json');
    // The page does its own conditional requests; the browser cache must not answer for it.
    return fetch(path, { ...init, headers, cache: 'no-store' });
  }

  private async json<T>(response: Response): Promise<T> {
    if (!response.ok) throw new ApiError(await problemOf(response));
    return (await response.json()) as T;
  }
}

export function suffix(query: URLSearchParams): string {
  const text = query.toString();
  return text ? `?${text}` : '';
}
