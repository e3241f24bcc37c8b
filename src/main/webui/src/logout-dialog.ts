import { type Api, ApiError } from './api';
import { h, setText } from './dom';
import type { Agent } from './types';

const REASON_MAX = 500;

/**
 * The manager's logout action: asks for the reason, calls the audited logout, and says what
 * happened in words, with the audit record id when there is one.
 */
export class LogoutDialog {
  private readonly dialog: HTMLDialogElement;
  private readonly title: HTMLElement;
  private readonly reason: HTMLInputElement;
  private readonly submit: HTMLButtonElement;
  private readonly outcome: HTMLElement;
  private readonly form: HTMLFormElement;
  private agent: Agent | null = null;

  constructor(private readonly api: Api, private readonly announce: (text: string) => void) {
    this.title = h('h2', { attrs: { id: 'logout-title' } });
    this.reason = h('input', { attrs: { id: 'logout-reason', type: 'text', required: '', maxlength: String(REASON_MAX),
      autocomplete: 'off', placeholder: 'e.g. End of shift' } });
    this.submit = h('button', { class: 'danger', attrs: { type: 'submit' }, text: 'Log out agent' });
    this.outcome = h('p', { class: 'outcome', attrs: { role: 'status', 'aria-live': 'polite', id: 'logout-outcome' } });
    const cancel = h('button', { attrs: { type: 'button' }, text: 'Close', on: { click: () => this.dialog.close() } });
    this.form = h('form', { on: { submit: (event) => { event.preventDefault(); void this.confirm(); } } },
      this.title,
      h('label', { attrs: { for: 'logout-reason' }, text: 'Reason (recorded in the audit trail)' }),
      this.reason,
      this.outcome,
      h('div', { class: 'dialog-buttons' }, this.submit, cancel));
    this.dialog = h('dialog', { class: 'logout-dialog', attrs: { 'aria-labelledby': 'logout-title' } }, this.form);
    document.body.append(this.dialog);
  }

  open(agent: Agent): void {
    this.agent = agent;
    setText(this.title, `Log out ${agent.user_full_name ?? agent.user_id} (${agent.user_id})?`);
    this.reason.value = '';
    this.reason.disabled = false;
    this.submit.disabled = false;
    this.submit.hidden = false;
    this.outcome.className = 'outcome';
    setText(this.outcome, '');
    this.dialog.showModal();
    this.reason.focus();
  }

  private async confirm(): Promise<void> {
    const agent = this.agent;
    const reason = this.reason.value.trim();
    if (!agent || !reason) return;
    this.submit.disabled = true;
    this.reason.disabled = true;
    setText(this.outcome, 'Logging out…');
    const name = agent.user_full_name ?? agent.user_id;
    let text: string;
    let ok = false;
    try {
      const result = await this.api.logout(agent.user_id, reason);
      ok = true;
      text = `Done: ${name} is logged out. Audit record ${result.audit_id}.`;
    } catch (error) {
      text = describeFailure(error, name);
    }
    this.outcome.className = `outcome ${ok ? 'ok' : 'failed'}`;
    this.outcome.dataset['result'] = ok ? 'done' : 'failed';
    setText(this.outcome, text);
    this.submit.hidden = ok;
    this.submit.disabled = ok;
    this.reason.disabled = ok;
    this.announce(text);
  }
}

function describeFailure(error: unknown, name: string): string {
  if (!(error instanceof ApiError)) {
    return `Upstream trouble: the gateway could not be reached (${String(error)}). Nothing is known to be done; try again.`;
  }
  const detail = error.problem.detail ? ` (${error.problem.detail})` : '';
  const status = error.problem.status;
  switch (error.slug) {
    case 'agent-not-logged-in':
      return `Not logged in: ${name} was not logged in, so nothing was done${detail}.`;
    case 'logout-in-progress':
      return `Still in progress: an earlier logout of ${name} has no outcome yet; try again in a moment.`;
    case 'agent-not-found':
      return `Not found: Convoso does not know ${name}${detail}.`;
    default:
      break;
  }
  if (status === 429) return `Too many attempts: you made too many logout attempts in the last minute; nothing was done${detail}.`;
  if (status === 403) return `Out of your scope: you may not log out ${name}${detail}.`;
  if (status === 400) return `Not accepted: ${error.problem.title ?? 'invalid request'}${detail}.`;
  if (status === 504) return `Upstream trouble: Convoso did not answer in time; ${name} may or may not be logged out${detail}.`;
  if (status >= 500) return `Upstream trouble: the logout did not go through${detail}. Try again in a moment.`;
  return `Refused (${status}): ${error.problem.title ?? ''}${detail}.`;
}
