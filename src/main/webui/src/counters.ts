import { h } from './dom';
import { compareStatuses, statusLabel, statusTone } from './status';
import type { Agent, Snapshot } from './types';

/**
 * Per campaign of the view: agents by status (whatever statuses arrive), and the queue and call
 * figures of the whole view when the gateway sent them (it leaves them out whenever they could
 * include another campaign's data).
 */
export function renderCounters(snapshot: Snapshot): HTMLElement {
  const campaigns = new Map<string, { name: string; agents: Agent[] }>();
  for (const agent of snapshot.agents) {
    const id = agent.campaign_id ?? '-';
    const entry = campaigns.get(id) ?? { name: agent.campaign_name ?? id, agents: [] };
    entry.agents.push(agent);
    campaigns.set(id, entry);
  }
  const cards = [...campaigns.entries()]
    .sort(([a], [b]) => a.localeCompare(b, undefined, { numeric: true }))
    .map(([id, { name, agents }]) => campaignCard(id, name, agents));
  return h('section', { class: 'counters', attrs: { 'aria-label': 'Agents by campaign and status' } },
    h('div', { class: 'campaign-cards' }, ...cards),
    figures(snapshot));
}

function campaignCard(id: string, name: string, agents: Agent[]): HTMLElement {
  const byStatus = new Map<string, { count: number; label: string | undefined }>();
  for (const agent of agents) {
    const status = agent.status ?? 'UNKNOWN';
    const entry = byStatus.get(status) ?? { count: 0, label: agent.status_label };
    entry.count += 1;
    byStatus.set(status, entry);
  }
  const tiles = [...byStatus.entries()]
    .sort(([a], [b]) => compareStatuses(a, b))
    .map(([status, { count, label }]) =>
      h('div', { class: `tile tone-${statusTone(status)}`, attrs: { 'data-status': status } },
        h('span', { class: 'tile-count', text: String(count) }),
        h('span', { class: 'tile-label', text: statusLabel(status, label) })));
  return h('article', { class: 'campaign-card', attrs: { 'data-campaign': id } },
    h('h2', {}, h('span', { text: name }), ' ', h('span', { class: 'muted', text: `#${id}` }),
      h('span', { class: 'card-total', text: `${agents.length} agents` })),
    h('div', { class: 'tiles' }, ...tiles));
}

type Figure = [label: string, value: number | undefined];

/**
 * The call figures of the selected scope (`call_data`) and the queue's (`queue_*`), each once and
 * under what it measures, and only what the upstream sent. Where both say the same three numbers
 * (one queue serving the whole view), they are shown once, as both.
 */
function figures(snapshot: Snapshot): HTMLElement | null {
  const calls: Figure[] = [
    ['Calls', snapshot.call_data?.total_calls],
    ['Answered', snapshot.call_data?.answered],
    ['Dropped', snapshot.call_data?.dropped],
  ];
  const queue: Figure[] = [
    ['Calls', snapshot.queue_calls_today],
    ['Answered', snapshot.queue_answered],
    ['Dropped', snapshot.queue_dropped],
    ['Dialable leads', snapshot.queue_dialable_leads],
  ];
  const same = calls.every(([, value], i) => value !== undefined && value === queue[i]![1]);
  const groups = same
    ? [group('calls-and-queue', 'Calls today, in this view and its queues', queue)]
    : [group('calls', 'Calls today in this view', calls), group('queue', 'Queue today', queue)];
  const present = groups.filter((g): g is HTMLElement => g !== null);
  return present.length === 0 ? null
    : h('div', { class: 'figure-groups', attrs: { 'aria-label': 'Call and queue figures' } }, ...present);
}

function group(id: string, title: string, items: Figure[]): HTMLElement | null {
  const present = items.filter(([, value]) => value !== undefined && value !== null);
  if (present.length === 0) return null;
  const heading = `figures-${id}`;
  return h('section', { class: 'figure-group', attrs: { 'data-figures': id, 'aria-labelledby': heading } },
    h('h3', { attrs: { id: heading }, text: title }),
    h('dl', { class: 'figures' }, ...present.map(([label, value]) =>
      h('div', { class: 'figure' }, h('dt', { text: label }), h('dd', { text: String(value) })))));
}
