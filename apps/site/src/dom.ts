/** Tiny DOM helpers (no framework). */
import { readField, type StateKey, type AppState, writeField, FIELDS } from './state.js';

type Attrs = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

/** Creates an element with attributes (`on*` keys are listeners) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Node | string | null | undefined | false)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === 'value' && 'value' in el) (el as HTMLInputElement).value = String(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

let uid = 0;
/** A fresh element id with a prefix. */
export function freshDomId(prefix: string): string {
  uid++;
  return `${prefix}-${uid}`;
}

/** A labelled control in a `.field` wrapper, with a hint and a slot for its message. */
export function field(label: string | Node, control: HTMLElement, hint?: string): HTMLElement {
  const message = h('span', { class: 'field-message', role: 'alert', hidden: true });
  if (control.id === '') control.id = freshDomId('f');
  message.id = `${control.id}-message`;
  return h(
    'div',
    { class: 'field' },
    h('label', { class: 'field-label', for: control.id }, label),
    control,
    hint ? h('span', { class: 'hint' }, hint) : null,
    message,
  );
}

/** A `<select>` with options (value, text) and a selected value. */
export function select(
  options: readonly (readonly [string, string])[],
  value: string,
  attrs: Attrs = {},
): HTMLSelectElement {
  const el = h('select', attrs);
  for (const [v, text] of options)
    el.append(h('option', { value: v, ...(v === value ? { selected: true } : {}) }, text));
  el.value = value;
  return el;
}

/** Calls fn after `ms` of quiet. */
export function debounce<A extends unknown[]>(
  fn: (...args: A) => void,
  ms: number,
): ((...args: A) => void) & { cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const call = (...args: A) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  return Object.assign(call, { cancel: () => clearTimeout(timer) });
}

/**
 * Puts an SVG string (from @idyn/plot's renderSvg: escaped text) in a container, as an image with
 * an accessible name and description: `role="img"`, `<title>` and `<desc>`.
 */
export function setSvg(container: HTMLElement, svg: string, title: string, description: string): void {
  container.innerHTML = svg;
  const el = container.querySelector('svg');
  if (el === null) return;
  const id = freshDomId('svg');
  el.setAttribute('role', 'img');
  el.setAttribute('aria-labelledby', `${id}-t ${id}-d`);
  const t = document.createElementNS('http://www.w3.org/2000/svg', 'title');
  t.id = `${id}-t`;
  t.textContent = title;
  const d = document.createElementNS('http://www.w3.org/2000/svg', 'desc');
  d.id = `${id}-d`;
  d.textContent = description;
  el.prepend(t, d);
}

/** A number for display: exponent form for small/large magnitudes. */
export function fmt(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? '—' : String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a < 1e-3 || a >= 1e5 ? x.toExponential(digits - 1) : Number(x.toPrecision(digits)).toString();
}

/** A text input bound to a field of the state (see {@link bindField}). */
export interface BoundField<K extends StateKey> {
  readonly input: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
  readonly wrapper: HTMLElement;
  /** The value the input holds, or null while it is invalid. */
  value(): AppState[K] | null;
  /** Shows a state's value (a link, Back) unless the input already holds that value. */
  show(value: AppState[K]): void;
  /** Whether the input holds a valid value. */
  valid(): boolean;
}

/**
 * Binds an input to a state field through the field's one validator (src/state.ts): on every
 * edit the text is checked; an invalid text marks the input (`aria-invalid`), shows the message
 * next to it and calls `onInvalid`; a valid one clears them and calls `onValid` with the value.
 * Nothing is run from an invalid value.
 */
export function bindField<K extends StateKey>(
  key: K,
  control: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement,
  wrapper: HTMLElement,
  handlers: { onValid(value: AppState[K]): void; onInvalid(message: string): void },
): BoundField<K> {
  const message = wrapper.querySelector<HTMLElement>('.field-message')!;
  control.setAttribute('aria-describedby', message.id);
  const check = () => readField(key, control.value);
  const mark = (r: ReturnType<typeof check>) => {
    control.setAttribute('aria-invalid', r.ok ? 'false' : 'true');
    wrapper.classList.toggle('invalid', !r.ok);
    message.hidden = r.ok;
    message.textContent = r.ok ? '' : r.message;
  };
  control.addEventListener(control instanceof HTMLSelectElement ? 'change' : 'input', () => {
    const r = check();
    mark(r);
    if (r.ok) handlers.onValid(r.value);
    else handlers.onInvalid(r.message);
  });
  return {
    input: control,
    wrapper,
    value() {
      const r = check();
      return r.ok ? r.value : null;
    },
    show(value) {
      const r = check();
      if (r.ok && r.value === value) return;
      control.value = writeField(key, value);
      mark(check());
    },
    valid: () => check().ok,
  };
}

/** A text input for a state field: `inputmode` for numbers, the field's rule as its title. */
export function textInput(key: StateKey, attrs: Attrs = {}): HTMLInputElement {
  return h('input', {
    type: 'text',
    spellcheck: 'false',
    autocomplete: 'off',
    title: `${FIELDS[key].label}: ${FIELDS[key].rule}`,
    ...attrs,
  });
}
