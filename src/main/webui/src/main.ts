import './style.css';

import { Api, ApiError } from './api';
import { AgentsTable } from './agents-table';
import { Controls } from './controls';
import { renderCounters } from './counters';
import { byId, h, setText } from './dom';
import { type Filters, readFilters, sameServerView, serverQuery, skillsOf, visibleAgents, writeFilters } from './filters';
import { Freshness } from './freshness';
import { type FeedState, LiveFeed } from './live-feed';
import { LogoutDialog } from './logout-dialog';
import { Session } from './session';
import { levelRules } from './status';
import { hideIdleControls, Turns } from './tv';
import type { Me, Snapshot, WallboardConfig } from './types';

async function loadConfig(): Promise<WallboardConfig> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`GET /config.json answered ${response.status}`);
  return (await response.json()) as WallboardConfig;
}

function describeScope(me: Me): string {
  if (me.scope.all) return 'all campaigns';
  if (me.scope.campaign_ids.length === 0) return 'no campaign';
  return `campaign${me.scope.campaign_ids.length > 1 ? 's' : ''} ${me.scope.campaign_ids.join(', ')}`;
}

function renderWho(me: Me, session: Session): void {
  const signOut = h('button', { attrs: { type: 'button', id: 'sign-out' }, text: 'Sign out',
    on: { click: () => void session.signOut() } });
  byId('who').replaceChildren(
    h('span', { attrs: { id: 'who-name' }, class: 'who-name', text: me.username ?? me.subject }),
    h('span', { attrs: { id: 'who-scope' }, class: 'who-scope', text: describeScope(me) }),
    h('span', { attrs: { id: 'who-capabilities' }, class: 'muted', text: me.capabilities.join(' · ') || 'no role' }),
    signOut);
}

function showMessage(main: HTMLElement, title: string, text: string): void {
  main.replaceChildren(h('div', { class: 'message', attrs: { role: 'alert', id: 'message' } },
    h('h2', { text: title }), h('p', { text })));
}

class Wallboard {
  private filters: Filters = readFilters();
  private snapshot: Snapshot | null = null;
  private generatedAt = 0;
  private feed: LiveFeed | null = null;
  private readonly freshness: Freshness;
  private readonly counters = h('div', { attrs: { id: 'counters' } });
  private readonly notice = h('p', { class: 'notice', attrs: { id: 'notice', role: 'status', 'aria-live': 'polite' } });
  private readonly hidden = h('span', { class: 'hidden-count', attrs: { id: 'hidden-count' } });
  private readonly pageIndicator = h('span', { class: 'page-indicator', attrs: { id: 'page-indicator' } });
  private readonly rotation = h('span', { class: 'rotation', attrs: { id: 'rotation' } });
  private readonly pageTurns = new Turns(() => { this.table.nextPage(); this.showPages(); });
  private readonly campaignTurns = new Turns(() => this.nextCampaign());
  private readonly table: AgentsTable;
  private readonly controls: Controls;

  constructor(private readonly api: Api, private readonly config: WallboardConfig, private readonly me: Me) {
    this.freshness = new Freshness(byId('freshness'), config.freshness_seconds * 1000);
    const dialog = me.capabilities.includes('logout')
      ? new LogoutDialog(api, (text) => { this.notice.textContent = text; })
      : null;
    this.table = new AgentsTable(dialog ? (agent) => dialog.open(agent) : null,
      (sort) => this.filtersChanged({ ...this.filters, sort }));
    this.table.setSort(this.filters.sort);
    this.controls = new Controls(this.filters, (filters) => this.filtersChanged(filters));
    for (const id of me.scope.campaign_ids) this.controls.learn('campaign', id, undefined);
    this.controls.refresh();
    byId('main').replaceChildren(this.controls.element, this.counters, this.notice,
      h('p', { class: 'table-status muted' }, this.rotation, this.pageIndicator, this.hidden), this.table.element);
    hideIdleControls();
    this.applyMode();
    window.setInterval(() => this.tick(), 1000);
    // Without thresholds rows keep the level of their last answer.
    api.thresholds().then((t) => this.table.setRules(levelRules(t))).catch(() => undefined);
  }

  start(): void {
    this.feed?.stop();
    const feed = new LiveFeed(this.api, serverQuery(this.filters), {
      snapshot: (snapshot, receivedAt) => this.show(snapshot, receivedAt),
      confirmed: (at, stale) => this.freshness.confirmed(at, stale),
      state: (state) => this.stateChanged(state),
    }, this.config.freshness_seconds * 1000, this.config.heartbeat_seconds * 3000);
    this.feed = feed;
    feed.start();
  }

  private show(snapshot: Snapshot, receivedAt: number): void {
    this.snapshot = snapshot;
    this.generatedAt = receivedAt - snapshot.age_seconds * 1000;
    for (const agent of snapshot.agents) {
      this.controls.learn('campaign', agent.campaign_id, agent.campaign_name);
      this.controls.learn('queue', agent.queue_id, agent.queue_name);
      this.controls.learn('status', agent.status, agent.status_label);
      for (const skill of skillsOf(agent)) this.controls.learn('skill', skill, skill);
    }
    this.controls.refreshIfNeeded();
    this.counters.replaceChildren(renderCounters(snapshot));
    this.render();
    this.freshness.data(snapshot.age_seconds, snapshot.stale, receivedAt);
  }

  private render(): void {
    if (!this.snapshot) return;
    const { shown, loggedOutHidden } = visibleAgents(this.snapshot.agents, this.filters);
    this.table.update(shown, this.generatedAt, this.snapshot.agents.length);
    setText(this.hidden, loggedOutHidden === 0 ? ''
      : `${loggedOutHidden} logged-out agent${loggedOutHidden === 1 ? '' : 's'} not shown`);
  }

  private stateChanged(state: FeedState): void {
    this.freshness.setState(state);
    if (state.kind === 'refused') {
      const { problem } = state;
      this.counters.replaceChildren(h('div', { class: 'message', attrs: { role: 'alert', id: 'message' } },
        h('h2', { text: problem.title ?? 'Not allowed' }), h('p', { text: problem.detail ?? `HTTP ${problem.status}` })));
      this.snapshot = null;
      this.table.update([], 0, 0);
    }
    if (state.kind === 'signed-out') {
      const signIn = h('button', { attrs: { type: 'button', id: 'sign-in-again' }, text: 'Sign in again',
        on: { click: () => void this.api.session.signIn() } });
      this.counters.replaceChildren(h('div', { class: 'message', attrs: { role: 'alert', id: 'message' } },
        h('h2', { text: 'Your sign-in has ended' }),
        h('p', { text: 'The identity provider ended your session, so the agents shown here are no longer updated.' }),
        signIn));
      this.snapshot = null;
      this.table.update([], 0, 0);
    }
  }

  private filtersChanged(filters: Filters): void {
    const restart = !sameServerView(this.filters, filters);
    const modeChanged = this.filters.wallboard !== filters.wallboard || this.filters.campaign !== filters.campaign;
    this.filters = filters;
    this.controls.set(filters);
    this.table.setSort(filters.sort);
    writeFilters(filters);
    if (modeChanged) this.applyMode();
    if (restart) {
      this.start();
    } else {
      this.render();
    }
  }

  private tick(): void {
    const now = Date.now();
    this.table.tick(now);
    this.showPages();
    this.freshness.render(now);
  }

  /** The campaigns a rotation link names that this user may see, in its order. */
  private rotating(): string[] {
    if (!this.filters.wallboard) return [];
    return this.filters.rotate.filter((id) => this.me.scope.all || this.me.scope.campaign_ids.includes(id));
  }

  /**
   * Wallboard mode: the TV layout, rows paged every page_every seconds, and the campaigns of a
   * rotation link in turn. Elsewhere every row shows and nothing turns.
   */
  private applyMode(): void {
    const wallboard = this.filters.wallboard;
    document.documentElement.classList.toggle('wallboard', wallboard);
    document.body.classList.toggle('wallboard', wallboard);
    this.table.setPaging(wallboard);
    if (wallboard) this.pageTurns.every(this.filters.pageSeconds);
    else this.pageTurns.stop();
    const campaigns = this.rotating();
    if (campaigns.length === 0) {
      this.campaignTurns.stop();
    } else {
      if (!campaigns.includes(this.filters.campaign)) {
        this.filters = { ...this.filters, campaign: campaigns[0]! };
        this.controls.set(this.filters);
      }
      this.campaignTurns.every(this.filters.rotateSeconds);
    }
    this.showPages();
  }

  private nextCampaign(): void {
    const campaigns = this.rotating();
    if (campaigns.length === 0) return;
    const next = campaigns[(campaigns.indexOf(this.filters.campaign) + 1) % campaigns.length]!;
    this.filtersChanged({ ...this.filters, campaign: next });
  }

  private showPages(): void {
    const { page, count } = this.table.pages;
    setText(this.pageIndicator, count > 1 ? `Page ${page} of ${count}` : '');
    const campaigns = this.rotating();
    setText(this.rotation, campaigns.length > 1
      ? `Campaign ${campaigns.indexOf(this.filters.campaign) + 1} of ${campaigns.length}, every ${this.filters.rotateSeconds} s`
      : '');
  }
}

async function main(): Promise<void> {
  const mainElement = byId('main');
  let config: WallboardConfig;
  try {
    config = await loadConfig();
  } catch (error) {
    showMessage(mainElement, 'The wallboard cannot start', String(error));
    return;
  }
  const session = await Session.start(config);
  const api = new Api(session);
  let me: Me;
  try {
    me = await api.me();
  } catch (error) {
    showMessage(mainElement, 'Who are you?', error instanceof ApiError ? error.message : String(error));
    return;
  }
  renderWho(me, session);
  if (!me.capabilities.includes('view')) {
    showMessage(mainElement, 'Nothing to show', 'Your account may not view agents (it has no viewer role).');
    return;
  }
  if (!me.scope.all && me.scope.campaign_ids.length === 0) {
    showMessage(mainElement, 'Nothing to show', 'No campaign is mapped to your account. Ask an administrator.');
    return;
  }
  new Wallboard(api, config, me).start();
}

void main();
