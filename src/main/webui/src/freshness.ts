import { h, setText } from './dom';
import type { FeedState } from './live-feed';

/** Without any sign of life for this long the page says so, even if the gateway never marked it stale. */
const SILENCE_WARNING_SECONDS = 60;

/**
 * Freshness, always visible: the stream's connection state, the data's age, and a stale banner
 * with the age while the gateway serves stale data (or while nothing has been heard for a minute).
 */
export class Freshness {
  private readonly connection: HTMLElement;
  private readonly age: HTMLElement;
  private readonly banner: HTMLElement;
  private state: FeedState = { kind: 'connecting' };
  /** When the shown data was fetched from the upstream (local clock, ms). */
  private dataAt: number | null = null;
  /** Last time the gateway confirmed the data is current (fresh event, heartbeat, 304). */
  private confirmedAt: number | null = null;
  private stale = false;
  /** Since when the data has been stale without a fresh answer in between (local clock, ms). */
  private staleSince: number | null = null;

  /**
   * @param graceMs how long the data may stay stale before the banner shows: one refresh that lands
   *     a moment late is not an outage, and a wallboard must not flash at every one.
   */
  constructor(container: HTMLElement, private readonly graceMs: number) {
    this.connection = h('span', { class: 'connection', attrs: { id: 'connection', role: 'status' } });
    this.age = h('span', { class: 'age', attrs: { id: 'data-age' } });
    this.banner = h('div', { class: 'stale-banner', attrs: { id: 'stale-banner', role: 'alert', hidden: '' } });
    container.replaceChildren(h('div', { class: 'freshness-line' }, this.connection, this.age), this.banner);
  }

  setState(state: FeedState): void {
    this.state = state;
    this.render(Date.now());
  }

  /** A snapshot arrived: {@code ageSeconds} old at {@code receivedAt}. */
  data(ageSeconds: number, stale: boolean, receivedAt: number): void {
    this.dataAt = receivedAt - ageSeconds * 1000;
    this.setStale(stale, receivedAt);
    if (!stale) this.confirmedAt = receivedAt;
    this.render(receivedAt);
  }

  /** The gateway is alive and, unless stale, has nothing newer than what is shown. */
  confirmed(at: number, stale?: boolean): void {
    if (stale !== undefined) this.setStale(stale, at);
    if (!this.stale) this.confirmedAt = at;
    this.render(at);
  }

  render(now: number): void {
    setText(this.connection, describe(this.state, now));
    this.connection.dataset['state'] = this.state.kind;
    if (this.dataAt === null) {
      setText(this.age, 'No data yet');
      return;
    }
    const reference = this.stale ? this.dataAt : Math.max(this.dataAt, this.confirmedAt ?? this.dataAt);
    const age = Math.max(0, Math.round((now - reference) / 1000));
    setText(this.age, `Data age ${age} s · from ${new Date(this.dataAt).toLocaleTimeString()}`);
    const silent = !this.stale && age >= SILENCE_WARNING_SECONDS;
    const stale = this.stale && this.staleSince !== null && now - this.staleSince >= this.graceMs;
    if (stale || silent) {
      this.banner.hidden = false;
      this.banner.dataset['reason'] = stale ? 'stale' : 'silent';
      setText(this.banner, stale
        ? `Stale data: the gateway cannot reach Convoso and shows its last good snapshot, ${age} s old.`
        : `No update for ${age} s: the figures may be out of date.`);
    } else {
      this.banner.hidden = true;
    }
  }

  private setStale(stale: boolean, at: number): void {
    if (stale && !this.stale) this.staleSince = at;
    if (!stale) this.staleSince = null;
    this.stale = stale;
  }
}

function describe(state: FeedState, now: number): string {
  switch (state.kind) {
    case 'connecting':
      return 'Connecting…';
    case 'live':
      return 'Live';
    case 'reconnecting':
      return `${state.reason === 'too many open' ? 'Too many streams or views open' : 'Connection lost'}; retrying in ${
        Math.max(0, Math.ceil((state.at - now) / 1000))} s`;
    case 'polling':
      return `Polling (${state.reason})`;
    case 'refused':
      return 'Not allowed';
    case 'signed-out':
      return 'Signed out';
  }
}
