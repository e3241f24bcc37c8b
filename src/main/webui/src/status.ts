import type { Level, Thresholds } from './types';

/**
 * Colours of the statuses the page knows. The upstream's status set is open: any other code gets
 * the neutral colour and its own label, never an error.
 */
const KNOWN: Record<string, { tone: string; label: string }> = {
  READY: { tone: 'ready', label: 'Ready' },
  INCALL: { tone: 'incall', label: 'In call' },
  RINGING: { tone: 'ringing', label: 'Ringing' },
  TRANSFER: { tone: 'incall', label: 'Transfer' },
  WRAP: { tone: 'wrap', label: 'Wrap-up' },
  PAUSED: { tone: 'paused', label: 'Paused' },
  LOGGED_OUT: { tone: 'out', label: 'Logged out' },
};

/** Counters show these first, in this order; unknown statuses follow alphabetically. */
export const STATUS_ORDER = ['READY', 'RINGING', 'INCALL', 'TRANSFER', 'WRAP', 'PAUSED', 'LOGGED_OUT'];

export function statusTone(status: string | undefined): string {
  return (status && KNOWN[status]?.tone) || 'other';
}

export function statusLabel(status: string | undefined, upstreamLabel?: string): string {
  if (!status) return 'Unknown';
  return KNOWN[status]?.label ?? upstreamLabel ?? status;
}

/** Separators between a status and its reason in upstream labels: "Paused - Lunch", "Paused: Lunch". */
const REASON_SEPARATOR = /^\s*[-–—:·|/]+\s*/;

/**
 * What the upstream's label says beyond the status itself, or nothing: "Lunch" for PAUSED labelled
 * "Paused – Lunch" or "Lunch"; nothing for READY labelled "Ready for calls" or INCALL labelled
 * "In call". A label that starts with the status's own words adds a reason only after a separator
 * or as a capitalised word ("Paused Lunch"), so a rephrasing is never shown as one.
 */
export function statusReason(status: string | undefined, upstreamLabel: string | undefined): string | undefined {
  const label = upstreamLabel?.trim();
  if (!status || !label) return undefined;
  const known = KNOWN[status]?.label;
  if (!known) return undefined; // an unknown status already shows its label
  const names = [known, status.replace(/_/g, ' ')];
  const loose = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
  for (const name of names) {
    if (label.toLowerCase().startsWith(name.toLowerCase())) {
      const rest = label.slice(name.length);
      if (REASON_SEPARATOR.test(rest)) return rest.replace(REASON_SEPARATOR, '').trim() || undefined;
      const word = rest.match(/^\s+(\p{Lu}.*)$/u);
      if (word) return word[1]!.trim();
      if (rest === '' || /^\s/.test(rest)) return undefined;
    }
  }
  // "Transferring call" for TRANSFER, "Wrapup" for WRAP: the status's own word, rephrased.
  if (names.some((name) => loose(label).startsWith(loose(name).slice(0, 5)))) return undefined;
  return label;
}

/** The text of an agent's status chip: "Paused · Lunch" when the label gives a reason. */
export function chipText(status: string | undefined, upstreamLabel: string | undefined): string {
  const reason = statusReason(status, upstreamLabel);
  return reason ? `${statusLabel(status, upstreamLabel)} · ${reason}` : statusLabel(status, upstreamLabel);
}

export function compareStatuses(a: string, b: string): number {
  const ia = STATUS_ORDER.indexOf(a);
  const ib = STATUS_ORDER.indexOf(b);
  if (ia >= 0 && ib >= 0) return ia - ib;
  if (ia >= 0) return -1;
  if (ib >= 0) return 1;
  return a.localeCompare(b);
}

export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  const mmss = `${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
  return hours > 0 ? `${hours}:${mmss}` : mmss;
}

/** Thresholds by status code: seconds from which an agent is `warn`, then `alert`. */
export type LevelRules = Map<string, { warn?: number; alert?: number }>;

export function levelRules(thresholds: Thresholds): LevelRules {
  return new Map(thresholds.thresholds.map((t) => [t.status.toUpperCase(), { warn: t.warn_seconds, alert: t.alert_seconds }]));
}

/** The level of {@code seconds} in {@code status}, as the gateway gives it. */
export function levelAt(rules: LevelRules, status: string | undefined, seconds: number): Level {
  const rule = status === undefined ? undefined : rules.get(status.toUpperCase());
  if (rule?.alert !== undefined && seconds >= rule.alert) return 'alert';
  if (rule?.warn !== undefined && seconds >= rule.warn) return 'warn';
  return 'ok';
}
