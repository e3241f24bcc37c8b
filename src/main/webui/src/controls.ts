import { h } from './dom';
import type { Filters } from './filters';
import { compareStatuses, statusLabel } from './status';

type Options = Map<string, string>;

/** The filter bar: selects fed by what the data has shown so far, a name search, the wallboard switch. */
export class Controls {
  readonly element: HTMLElement;
  private readonly campaign: HTMLSelectElement;
  private readonly queue: HTMLSelectElement;
  private readonly skill: HTMLSelectElement;
  private readonly status: HTMLSelectElement;
  private readonly search: HTMLInputElement;
  private readonly wallboard: HTMLButtonElement;
  private readonly known = { campaign: new Map() as Options, queue: new Map() as Options,
    skill: new Map() as Options, status: new Map() as Options };

  constructor(private filters: Filters, private readonly onChange: (filters: Filters) => void) {
    this.campaign = select('filter-campaign', 'All campaigns', () => this.changed());
    this.queue = select('filter-queue', 'All queues', () => this.changed());
    this.skill = select('filter-skill', 'All skills', () => this.changed());
    this.status = select('filter-status', 'All statuses', () => this.changed());
    this.search = h('input', { attrs: { id: 'filter-search', type: 'search', placeholder: 'Name or id',
      autocomplete: 'off' }, on: { input: () => this.changed() } });
    this.search.value = filters.search;
    this.wallboard = h('button', { attrs: { type: 'button', id: 'wallboard-toggle' },
      on: { click: () => { this.filters = { ...this.filters, wallboard: !this.filters.wallboard }; this.emit(); } } });
    this.element = h('form', { class: 'controls', attrs: { role: 'search', 'aria-label': 'Filters' },
      on: { submit: (event) => event.preventDefault() } },
      field('filter-campaign', 'Campaign', this.campaign),
      field('filter-queue', 'Queue', this.queue),
      field('filter-skill', 'Skill', this.skill),
      field('filter-status', 'Status', this.status),
      field('filter-search', 'Search', this.search),
      h('div', { class: 'field toggle' }, this.wallboard));
    for (const [key, value] of [['campaign', filters.campaign], ['queue', filters.queue], ['skill', filters.skill],
      ['status', filters.status]] as const) {
      if (value) this.known[key].set(value, value);
    }
    this.refresh();
  }

  /** Adds what a snapshot showed to the choices, never removing any: a filter never hides its own option. */
  learn(kind: keyof Controls['known'], value: string | undefined, label: string | undefined): void {
    if (!value) return;
    const current = this.known[kind].get(value);
    if (current === undefined || (label && current === value && label !== value)) {
      this.known[kind].set(value, label ?? value);
      this.dirty = true;
    }
  }

  private dirty = false;

  refresh(): void {
    this.dirty = false;
    fill(this.campaign, this.known.campaign, this.filters.campaign, (id, name) => name === id ? id : `${name} (${id})`);
    fill(this.queue, this.known.queue, this.filters.queue, (id, name) => name === id ? id : `${name} (${id})`);
    fill(this.skill, this.known.skill, this.filters.skill, (id) => id);
    fill(this.status, this.known.status, this.filters.status, (id, name) => statusLabel(id, name === id ? undefined : name),
      compareStatuses);
    this.wallboard.textContent = this.filters.wallboard ? 'Leave wallboard mode' : 'Wallboard mode';
    this.wallboard.setAttribute('aria-pressed', String(this.filters.wallboard));
  }

  /** Takes a change made elsewhere (the table's sort), without reporting it back. */
  set(filters: Filters): void {
    this.filters = filters;
    this.refresh();
  }

  refreshIfNeeded(): void {
    if (this.dirty) this.refresh();
  }

  private changed(): void {
    this.filters = { ...this.filters, campaign: this.campaign.value, queue: this.queue.value, skill: this.skill.value,
      status: this.status.value, search: this.search.value };
    this.emit();
  }

  private emit(): void {
    this.refresh();
    this.onChange(this.filters);
  }
}

function select(id: string, all: string, onChange: () => void): HTMLSelectElement {
  const element = h('select', { attrs: { id }, on: { change: onChange } });
  element.dataset['all'] = all;
  return element;
}

function field(id: string, label: string, control: HTMLElement): HTMLElement {
  return h('div', { class: 'field' }, h('label', { attrs: { for: id }, text: label }), control);
}

function fill(element: HTMLSelectElement, options: Options, selected: string,
  label: (id: string, name: string) => string,
  compare: (a: string, b: string) => number = (a, b) => a.localeCompare(b, undefined, { numeric: true })): void {
  const ids = [...options.keys()].sort(compare);
  element.replaceChildren(h('option', { attrs: { value: '' }, text: element.dataset['all'] ?? 'All' }),
    ...ids.map((id) => h('option', { attrs: { value: id }, text: label(id, options.get(id) ?? id) })));
  element.value = selected;
}
