/** The gateway's JSON, as the page reads it (snake_case, absent values left out). */

export interface Agent {
  user_id: string;
  user_full_name?: string;
  campaign_id?: string;
  campaign_name?: string;
  queue_id?: string;
  queue_name?: string;
  status?: string;
  status_label?: string;
  status_time_sec?: number;
  status_time_mmss?: string;
  skill_options?: string;
  calls_today?: number;
  status_since?: string;
  level?: Level;
}

/** Attention an agent's time in status calls for, by the gateway's thresholds. */
export type Level = 'ok' | 'warn' | 'alert';

/** {@code GET /api/v1/thresholds}. */
export interface Thresholds {
  thresholds: { status: string; warn_seconds?: number; alert_seconds?: number }[];
}

export interface ScopeView {
  all: boolean;
  campaign_ids: string[];
}

export interface CallData {
  total_calls?: number;
  answered?: number;
  dropped?: number;
}

export interface Snapshot {
  agents: Agent[];
  call_data?: CallData;
  queue_dialable_leads?: number;
  queue_calls_today?: number;
  queue_dropped?: number;
  queue_answered?: number;
  agent_total: number;
  agent_incall: number;
  agent_ready: number;
  agent_paused: number;
  generated_at: string;
  age_seconds: number;
  stale: boolean;
  scope: ScopeView;
}

export type Capability = 'view' | 'logout' | 'audit';

export interface Me {
  subject: string;
  username?: string;
  roles: string[];
  groups: string[];
  scope: ScopeView;
  capabilities: Capability[];
}

/** RFC 9457 problem body. */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
}

export interface LogoutResult {
  audit_id: string;
  user_id: string;
  campaign_id?: string;
  outcome: string;
}

/** What GET /config.json tells the page: where to sign in and how the stream behaves. */
export interface WallboardConfig {
  keycloak_url: string;
  realm: string;
  client_id: string;
  freshness_seconds: number;
  heartbeat_seconds: number;
}
