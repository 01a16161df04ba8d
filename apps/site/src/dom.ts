/** Tiny DOM helpers (no framework). */

type Attrs = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

/** Creates an element with attributes (`on*` keys are listeners) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Node | string | null | undefined)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === 'value' && 'value' in el) (el as HTMLInputElement).value = String(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const c of children) if (c !== null && c !== undefined) el.append(c);
  return el;
}

/** A labelled control in a `.field` wrapper. */
export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  return h(
    'label',
    { class: 'field' },
    h('span', { class: 'field-label' }, label),
    control,
    hint ? h('span', { class: 'hint' }, hint) : null,
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
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): (...args: A) => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (...args: A) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/** Puts an SVG string in a container (the SVG comes from @idyn/plot's renderSvg: escaped text). */
export function setSvg(container: HTMLElement, svg: string): void {
  container.innerHTML = svg;
}

/** A number for display: exponent form for small/large magnitudes. */
export function fmt(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a < 1e-3 || a >= 1e5 ? x.toExponential(digits - 1) : Number(x.toPrecision(digits)).toString();
}
