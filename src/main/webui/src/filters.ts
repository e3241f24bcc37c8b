import { formatSort, parseSort, type Sort } from './order';
import type { Agent } from './types';

/**
 * What the page shows, kept in the URL so that a wallboard link reopens the same view:
 * campaign, queue and skill go to the gateway (they shape the stream), status and the name search
 * are applied in the page, sort orders the table (absent: attention first), mode=wallboard switches
 * to a TV layout that pages its rows every page_every seconds and, with rotate=111,112, shows each
 * campaign in turn for every seconds.
 */
export interface Filters {
  campaign: string;
  queue: string;
  skill: string;
  status: string;
  search: string;
  sort: Sort;
  wallboard: boolean;
  /** Campaigns a wallboard shows in turn (empty: no rotation), each for {@code rotateSeconds}. */
  rotate: string[];
  rotateSeconds: number;
  /** How long a wallboard shows each page of rows that do not fit at once. */
  pageSeconds: number;
}

export const DEFAULT_ROTATE_SECONDS = 20;
export const DEFAULT_PAGE_SECONDS = 10;

/** Whole seconds from {@code value}, kept between 2 s and an hour; anything else gives {@code fallback}. */
function seconds(value: string | null, fallback: number): number {
  const parsed = value === null ? NaN : Number(value);
  return Number.isInteger(parsed) && parsed >= 2 && parsed <= 3600 ? parsed : fallback;
}

/** The API's names where the API has the filter; the page's own for the rest. */
const PARAMS = { campaign: 'campaign_id', queue: 'queue_id', skill: 'skill', status: 'status', search: 'q' } as const;
/** Names that links made before keep working under. */
const OLD_PARAMS = { campaign: 'campaign', queue: 'queue' } as const;

export function readFilters(location: Location = window.location): Filters {
  const params = new URLSearchParams(location.search);
  return {
    campaign: params.get(PARAMS.campaign) ?? params.get(OLD_PARAMS.campaign) ?? '',
    queue: params.get(PARAMS.queue) ?? params.get(OLD_PARAMS.queue) ?? '',
    skill: params.get(PARAMS.skill) ?? '',
    status: params.get(PARAMS.status) ?? '',
    search: params.get(PARAMS.search) ?? '',
    sort: parseSort(params.get('sort')),
    wallboard: params.get('mode') === 'wallboard',
    rotate: [...new Set((params.get('rotate') ?? '').split(',').map((id) => id.trim()).filter(Boolean))],
    rotateSeconds: seconds(params.get('every'), DEFAULT_ROTATE_SECONDS),
    pageSeconds: seconds(params.get('page_every'), DEFAULT_PAGE_SECONDS),
  };
}

/** Replaces the URL (no history entry per keystroke); the fragment is left to the sign-in library. */
export function writeFilters(filters: Filters): void {
  const params = new URLSearchParams();
  for (const key of Object.keys(PARAMS) as (keyof typeof PARAMS)[]) {
    if (key === 'campaign' && filters.rotate.length > 0) continue; // the rotation picks the campaign
    const value = filters[key].trim();
    if (value) params.set(PARAMS[key], value);
  }
  const sort = formatSort(filters.sort);
  if (sort) params.set('sort', sort);
  if (filters.wallboard) params.set('mode', 'wallboard');
  if (filters.rotate.length > 0) {
    params.set('rotate', filters.rotate.join(','));
    if (filters.rotateSeconds !== DEFAULT_ROTATE_SECONDS) params.set('every', String(filters.rotateSeconds));
  }
  if (filters.pageSeconds !== DEFAULT_PAGE_SECONDS) params.set('page_every', String(filters.pageSeconds));
  const search = params.toString();
  window.history.replaceState(null, '', `${window.location.pathname}${search ? `?${search}` : ''}`);
}

/** The gateway's query for the stream and the polling fallback. */
export function serverQuery(filters: Filters): URLSearchParams {
  const query = new URLSearchParams();
  if (filters.campaign) query.set('campaign_id', filters.campaign);
  if (filters.queue) query.set('queue_id', filters.queue);
  if (filters.skill) query.set('skill', filters.skill);
  return query;
}

export function sameServerView(a: Filters, b: Filters): boolean {
  return a.campaign === b.campaign && a.queue === b.queue && a.skill === b.skill;
}

export function skillsOf(agent: Agent): string[] {
  return (agent.skill_options ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/**
 * The agents the table shows: the status filter and a case-insensitive search in name and id. A
 * wallboard leaves logged-out agents out (unless the status filter asks for them) and says how many.
 */
export function visibleAgents(agents: Agent[], filters: Filters): { shown: Agent[]; loggedOutHidden: number } {
  const needle = filters.search.trim().toLowerCase();
  const matching = agents.filter((agent) => {
    if (filters.status && agent.status !== filters.status) return false;
    if (!needle) return true;
    return `${agent.user_full_name ?? ''} ${agent.user_id}`.toLowerCase().includes(needle);
  });
  if (!filters.wallboard || filters.status === 'LOGGED_OUT') return { shown: matching, loggedOutHidden: 0 };
  const shown = matching.filter((agent) => agent.status !== 'LOGGED_OUT');
  return { shown, loggedOutHidden: matching.length - shown.length };
}
