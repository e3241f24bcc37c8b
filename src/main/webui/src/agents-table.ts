import { h, setText } from './dom';
import { skillsOf } from './filters';
import { ATTENTION, nextSort, ordered, type Ranked, type Sort, type SortKey } from './order';
import { chipText, formatDuration, levelAt, statusTone, type LevelRules } from './status';
import type { Agent, Level } from './types';

interface Row {
  tr: HTMLTableRowElement;
  name: HTMLElement;
  id: HTMLElement;
  status: HTMLElement;
  time: HTMLElement;
  campaign: HTMLElement;
  queue: HTMLElement;
  skills: HTMLElement;
  calls: HTMLElement;
  action: HTMLButtonElement | null;
  /** Seconds in status at {@code since} (ms, local clock), so the cell ticks between updates. */
  seconds: number;
  since: number;
  agent: Agent;
}

/** The table's columns: header text, and the sort a click on the header picks (none: not sortable). */
const COLUMNS: { text: string; sort?: SortKey }[] = [
  { text: 'Agent', sort: 'name' },
  { text: 'Status', sort: 'status' },
  { text: 'Time in status', sort: 'time' },
  { text: 'Campaign', sort: 'campaign' },
  { text: 'Queue', sort: 'queue' },
  { text: 'Skills' },
  { text: 'Calls today', sort: 'calls' },
];

/**
 * The agent table. Rows are keyed by user id and updated in place, so a live update neither
 * flickers nor steals the keyboard focus from a row's button. Rows stay in the chosen order as
 * time passes: an agent whose time in status crosses a threshold moves up without a new answer.
 */
export class AgentsTable {
  readonly element: HTMLElement;
  private readonly body: HTMLTableSectionElement;
  private readonly caption: HTMLElement;
  private readonly rows = new Map<string, Row>();
  private order: string[] = [];
  /** The gateway's thresholds; until they are known, each row shows the level of its last answer. */
  private rules: LevelRules | null = null;
  private sort: Sort = ATTENTION;
  /** Wallboard mode: only the rows that fit are shown, a page at a time. */
  private paging = false;
  private page = 0;
  private pageCount = 1;
  private readonly head: HTMLTableRowElement;
  private readonly headers: { th: HTMLElement; sort?: SortKey }[] = [];

  constructor(
    private readonly onLogout: ((agent: Agent) => void) | null,
    private readonly onSort: (sort: Sort) => void,
  ) {
    this.body = h('tbody');
    this.caption = h('caption', { class: 'visually-hidden', text: 'Agents' });
    const columns = onLogout ? [...COLUMNS, { text: 'Action' }] : COLUMNS;
    const head = h('tr');
    this.head = head;
    columns.forEach(({ text, sort }, i) => {
      const th = h('th', { attrs: { scope: 'col' }, class: `col-${i}` });
      if (sort) {
        th.append(h('button', { class: 'sort', attrs: { type: 'button', 'data-sort': sort }, text,
          on: { click: () => this.onSort(nextSort(this.sort, sort)) } }));
      } else {
        th.textContent = text;
      }
      this.headers.push({ th, sort });
      head.append(th);
    });
    this.element = h('div', { class: 'table-wrap', attrs: { id: 'agents', tabindex: '-1' } },
      h('table', { class: 'agents' }, this.caption, h('thead', {}, head), this.body));
    this.showSort();
  }

  /** Orders the rows by {@code sort} from now on (the attention order when it is the default). */
  setSort(sort: Sort): void {
    this.sort = sort;
    this.showSort();
    this.tick(Date.now());
  }

  private showSort(): void {
    for (const { th, sort } of this.headers) {
      if (sort && sort === this.sort.key) th.setAttribute('aria-sort', this.sort.descending ? 'descending' : 'ascending');
      else th.removeAttribute('aria-sort');
    }
    this.element.dataset['sort'] = this.sort.key;
  }

  /** Shows {@code agents}; {@code generatedAt} is when their times were measured (local clock, ms). */
  update(agents: Agent[], generatedAt: number, total: number): void {
    const seen = new Set<string>();
    for (const agent of agents) {
      seen.add(agent.user_id);
      const row = this.rows.get(agent.user_id) ?? this.createRow(agent);
      this.fill(row, agent, generatedAt);
    }
    for (const [id, row] of this.rows) {
      if (!seen.has(id)) {
        row.tr.remove();
        this.rows.delete(id);
      }
    }
    setText(this.caption, `Agents: ${agents.length} shown of ${total}`);
    this.tick(Date.now());
  }

  /** The thresholds that move rows' levels on between answers. */
  setRules(rules: LevelRules): void {
    this.rules = rules;
    this.tick(Date.now());
  }

  /** Advances every "time in status" cell, and the row's level and place, to {@code now}. */
  tick(now: number): void {
    const ranked: Ranked[] = [];
    for (const row of this.rows.values()) {
      const seconds = row.seconds + (now - row.since) / 1000;
      setText(row.time, formatDuration(seconds));
      const level: Level = this.rules ? levelAt(this.rules, row.agent.status, seconds) : row.agent.level ?? 'ok';
      if (row.tr.dataset['level'] !== level) {
        row.tr.dataset['level'] = level;
        if (level === 'ok') row.time.removeAttribute('title');
        else row.time.title = level === 'alert' ? 'Past the alert threshold' : 'Past the warning threshold';
      }
      ranked.push({ agent: row.agent, seconds, level });
    }
    const order = ordered(ranked, this.sort).map((r) => r.agent.user_id);
    if (order.join('\n') !== this.order.join('\n')) {
      // Moving a row takes the keyboard focus from its button: give it back where it went.
      const focused = document.activeElement;
      const keep = focused instanceof HTMLElement && this.body.contains(focused) ? focused : null;
      for (const id of order) this.body.appendChild(this.rows.get(id)!.tr);
      if (keep && document.activeElement !== keep) keep.focus({ preventScroll: true });
      this.order = order;
    }
    this.showPage();
  }

  /** Wallboard mode pages the rows that do not fit; otherwise every row shows and the page scrolls. */
  setPaging(paging: boolean): void {
    this.paging = paging;
    this.page = 0;
    this.showPage();
  }

  /** Moves to the next page of rows, after the last back to the first. */
  nextPage(): void {
    this.page = this.pageCount > 1 ? (this.page + 1) % this.pageCount : 0;
    this.showPage();
  }

  /** The page shown (from 1) and how many there are; one page when not paging. */
  get pages(): { page: number; count: number } {
    return { page: this.page + 1, count: this.pageCount };
  }

  private showPage(): void {
    const rows = this.order.map((id) => this.rows.get(id)!.tr);
    if (!this.paging || rows.length === 0) {
      for (const tr of rows) tr.hidden = false;
      this.pageCount = 1;
      this.page = 0;
      return;
    }
    // Rows are one line each in wallboard mode; measure one that is shown (or the first).
    const sample = rows.find((tr) => !tr.hidden) ?? rows[0]!;
    sample.hidden = false;
    const rowHeight = Math.max(1, sample.getBoundingClientRect().height);
    const available = this.element.clientHeight - this.head.getBoundingClientRect().height;
    const perPage = Math.max(1, Math.floor(available / rowHeight));
    this.pageCount = Math.ceil(rows.length / perPage);
    this.page = Math.min(this.page, this.pageCount - 1);
    const first = this.page * perPage;
    rows.forEach((tr, i) => { tr.hidden = i < first || i >= first + perPage; });
  }

  private createRow(agent: Agent): Row {
    const cell = (cls: string) => h('td', { class: cls });
    const name = h('span', { class: 'agent-name' });
    const id = h('span', { class: 'agent-id muted' });
    const status = h('span', { class: 'status-chip' });
    const row: Row = {
      tr: h('tr', { attrs: { 'data-user-id': agent.user_id } }),
      name, id, status,
      time: cell('col-2 time'),
      campaign: cell('col-3'),
      queue: cell('col-4'),
      skills: cell('col-5 skills'),
      calls: cell('col-6 num'),
      action: null,
      seconds: 0,
      since: 0,
      agent,
    };
    row.tr.append(h('th', { attrs: { scope: 'row' }, class: 'col-0' }, name, id),
      h('td', { class: 'col-1 status' }, status), row.time, row.campaign, row.queue, row.skills, row.calls);
    if (this.onLogout) {
      const onLogout = this.onLogout;
      row.action = h('button', { class: 'logout-button', attrs: { type: 'button' }, text: 'Log out…',
        on: { click: () => onLogout(row.agent) } });
      row.tr.append(h('td', { class: 'col-7' }, row.action));
    }
    this.rows.set(agent.user_id, row);
    return row;
  }

  private fill(row: Row, agent: Agent, generatedAt: number): void {
    row.agent = agent;
    const displayName = agent.user_full_name ?? agent.user_id;
    setText(row.name, displayName);
    setText(row.id, agent.user_id);
    setText(row.status, chipText(agent.status, agent.status_label));
    if (agent.status_label && agent.status_label !== row.status.textContent) row.status.title = agent.status_label;
    else row.status.removeAttribute('title');
    row.status.className = `status-chip tone-${statusTone(agent.status)}`;
    row.tr.dataset['status'] = agent.status ?? '';
    row.seconds = agent.status_time_sec ?? 0;
    row.since = generatedAt;
    setText(row.campaign, agent.campaign_name ?? agent.campaign_id ?? '');
    row.campaign.dataset['campaignId'] = agent.campaign_id ?? '';
    setText(row.queue, agent.queue_name ?? agent.queue_id ?? '');
    setText(row.skills, skillsOf(agent).join(', '));
    setText(row.calls, agent.calls_today === undefined ? '' : String(agent.calls_today));
    if (row.action) {
      row.action.setAttribute('aria-label', `Log out ${displayName}`);
      // The upstream can only log out an agent that is logged in.
      row.action.hidden = agent.status === 'LOGGED_OUT';
    }
  }
}
