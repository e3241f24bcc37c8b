import { h, setText } from './dom';
import { skillsOf } from './filters';
import { formatDuration, levelAt, statusLabel, statusTone, type LevelRules } from './status';
import type { Agent } from './types';

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

/**
 * The agent table. Rows are keyed by user id and updated in place, so a live update neither
 * flickers nor steals the keyboard focus from a row's button.
 */
export class AgentsTable {
  readonly element: HTMLElement;
  private readonly body: HTMLTableSectionElement;
  private readonly caption: HTMLElement;
  private readonly rows = new Map<string, Row>();
  private order: string[] = [];
  /** The gateway's thresholds; until they are known, each row shows the level of its last answer. */
  private rules: LevelRules | null = null;

  constructor(private readonly onLogout: ((agent: Agent) => void) | null) {
    this.body = h('tbody');
    this.caption = h('caption', { class: 'visually-hidden', text: 'Agents' });
    const headers = ['Agent', 'Status', 'Time in status', 'Campaign', 'Queue', 'Skills', 'Calls today'];
    if (onLogout) headers.push('Action');
    this.element = h('div', { class: 'table-wrap', attrs: { id: 'agents', tabindex: '-1' } },
      h('table', { class: 'agents' },
        this.caption,
        h('thead', {}, h('tr', {}, ...headers.map((text, i) =>
          h('th', { attrs: { scope: 'col', class: `col-${i}` }, text })))),
        this.body));
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
    const order = agents.map((a) => a.user_id);
    if (order.join('\n') !== this.order.join('\n')) {
      for (const id of order) this.body.appendChild(this.rows.get(id)!.tr);
      this.order = order;
    }
    setText(this.caption, `Agents: ${agents.length} shown of ${total}`);
    this.tick(Date.now());
  }

  /** The thresholds that move rows' levels on between answers. */
  setRules(rules: LevelRules): void {
    this.rules = rules;
    this.tick(Date.now());
  }

  /** Advances every "time in status" cell, and the row's level, to {@code now}. */
  tick(now: number): void {
    for (const row of this.rows.values()) {
      const seconds = row.seconds + (now - row.since) / 1000;
      setText(row.time, formatDuration(seconds));
      const level = this.rules ? levelAt(this.rules, row.agent.status, seconds) : row.agent.level ?? 'ok';
      if (row.tr.dataset['level'] !== level) {
        row.tr.dataset['level'] = level;
        if (level === 'ok') row.time.removeAttribute('title');
        else row.time.title = level === 'alert' ? 'Past the alert threshold' : 'Past the warning threshold';
      }
    }
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
    setText(row.status, statusLabel(agent.status, agent.status_label));
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
    }
  }
}
