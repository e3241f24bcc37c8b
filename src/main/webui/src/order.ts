import { compareStatuses } from './status';
import type { Agent, Level } from './types';

/**
 * The orders the agent table offers. `attention` (the default) puts the agents that need a
 * supervisor first: alert, then warn, then ok; within a level by status group, the longest in
 * status first; logged-out agents last. The others sort by one column, `-` in front for descending.
 */
export const SORT_KEYS = ['attention', 'name', 'status', 'time', 'campaign', 'queue', 'calls'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface Sort {
  key: SortKey;
  descending: boolean;
}

export const ATTENTION: Sort = { key: 'attention', descending: false };

/** `time` sorts the longest first on the first click: that is what a supervisor looks for. */
const FIRST_DESCENDING: ReadonlySet<SortKey> = new Set(['time', 'calls']);

export function parseSort(value: string | null): Sort {
  if (!value) return ATTENTION;
  const descending = value.startsWith('-');
  const key = (descending ? value.slice(1) : value) as SortKey;
  return SORT_KEYS.includes(key) && key !== 'attention' ? { key, descending } : ATTENTION;
}

export function formatSort(sort: Sort): string | null {
  return sort.key === 'attention' ? null : `${sort.descending ? '-' : ''}${sort.key}`;
}

/** The sort after a click on {@code key}'s header: that column, then reversed, then back to attention. */
export function nextSort(current: Sort, key: SortKey): Sort {
  const first = FIRST_DESCENDING.has(key);
  if (current.key !== key) return { key, descending: first };
  if (current.descending === first) return { key, descending: !first };
  return ATTENTION;
}

/** One row as the order sees it: the agent and its time in status and level now. */
export interface Ranked {
  agent: Agent;
  seconds: number;
  level: Level;
}

const LEVEL_RANK: Record<Level, number> = { alert: 0, warn: 1, ok: 2 };
const text = (value: string | undefined) => value ?? '';
const byText = (a: string, b: string) => a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' });

function attention(a: Ranked, b: Ranked): number {
  const outA = a.agent.status === 'LOGGED_OUT' ? 1 : 0;
  const outB = b.agent.status === 'LOGGED_OUT' ? 1 : 0;
  return outA - outB
    || LEVEL_RANK[a.level] - LEVEL_RANK[b.level]
    || compareStatuses(text(a.agent.status), text(b.agent.status))
    || b.seconds - a.seconds;
}

const COLUMNS: Record<Exclude<SortKey, 'attention'>, (a: Ranked, b: Ranked) => number> = {
  name: (a, b) => byText(text(a.agent.user_full_name ?? a.agent.user_id), text(b.agent.user_full_name ?? b.agent.user_id)),
  status: (a, b) => compareStatuses(text(a.agent.status), text(b.agent.status)),
  time: (a, b) => a.seconds - b.seconds,
  campaign: (a, b) => byText(text(a.agent.campaign_name ?? a.agent.campaign_id), text(b.agent.campaign_name ?? b.agent.campaign_id)),
  queue: (a, b) => byText(text(a.agent.queue_name ?? a.agent.queue_id), text(b.agent.queue_name ?? b.agent.queue_id)),
  calls: (a, b) => (a.agent.calls_today ?? -1) - (b.agent.calls_today ?? -1),
};

/** {@code rows} in {@code sort}'s order; ties keep the attention order, then the user id, so rows never swap at random. */
export function ordered(rows: Ranked[], sort: Sort): Ranked[] {
  const tieBreak = (a: Ranked, b: Ranked) => attention(a, b) || byText(a.agent.user_id, b.agent.user_id);
  if (sort.key === 'attention') return [...rows].sort(tieBreak);
  const column = COLUMNS[sort.key];
  const sign = sort.descending ? -1 : 1;
  return [...rows].sort((a, b) => sign * column(a, b) || tieBreak(a, b));
}
