import type {
  AxisSpec,
  DagPanelSpec,
  FigureSpec,
  HeatmapPanelSpec,
  NumericArray,
  Series,
  XYPanelSpec,
} from './spec.js';

const SERIES_TYPES = new Set(['line', 'scatter', 'band', 'bar', 'rule', 'slope']);
const DASHES = new Set(['solid', 'dashed', 'dotted', 'dashdot']);
const MARKERS = new Set(['circle', 'square', 'triangle', 'diamond', 'cross']);
const LEGENDS = new Set(['auto', 'top-right', 'top-left', 'bottom-right', 'bottom-left', 'none']);
const NODE_KINDS = new Set(['input', 'hidden', 'output']);

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) {
    return String(value);
  }
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  return `a value of type ${typeof value}`;
}

function isNumericArray(x: unknown): x is NumericArray {
  if (Array.isArray(x)) return true;
  return ArrayBuffer.isView(x) && !(x instanceof DataView);
}

function checkPositiveNumber(path: string, v: unknown): void {
  if (v === undefined) return;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
    throw new RangeError(`${path} must be a positive finite number, got ${show(v)}`);
  }
}

function checkString(path: string, v: unknown): void {
  if (v !== undefined && typeof v !== 'string') {
    throw new TypeError(`${path} must be a string, got ${show(v)}`);
  }
}

function checkOneOf(path: string, v: unknown, allowed: Set<string>): void {
  if (v !== undefined && (typeof v !== 'string' || !allowed.has(v))) {
    throw new RangeError(
      `${path} must be one of ${[...allowed].map((a) => `'${a}'`).join(', ')}, got ${show(v)}`,
    );
  }
}

function checkFiniteNumber(path: string, v: unknown): asserts v is number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new RangeError(`${path} must be a finite number, got ${show(v)}`);
  }
}

function checkAxis(path: string, axis: AxisSpec | undefined): void {
  if (axis === undefined) return;
  if (typeof axis !== 'object' || axis === null) {
    throw new TypeError(`${path} must be an object, got ${show(axis)}`);
  }
  checkOneOf(`${path}.scale`, axis.scale, new Set(['linear', 'log']));
  checkString(`${path}.label`, axis.label);
  if (axis.ticks !== undefined && (!Number.isInteger(axis.ticks) || axis.ticks < 1)) {
    throw new RangeError(`${path}.ticks must be a positive integer, got ${show(axis.ticks)}`);
  }
  if (axis.domain !== undefined) {
    const d = axis.domain;
    if (!Array.isArray(d) || d.length !== 2) {
      throw new TypeError(`${path}.domain must be a pair [min, max], got ${show(d)}`);
    }
    checkFiniteNumber(`${path}.domain[0]`, d[0]);
    checkFiniteNumber(`${path}.domain[1]`, d[1]);
    if (!(d[0] < d[1])) {
      throw new RangeError(`${path}.domain must have min < max, got [${d[0]}, ${d[1]}]`);
    }
    if (axis.scale === 'log' && d[0] <= 0) {
      throw new RangeError(`${path}.domain[0] is ${d[0]}, not positive on a log axis`);
    }
  }
}

interface AxisRule {
  log: boolean;
  name: 'x' | 'y';
  drop: boolean;
}

/**
 * Checks that `arr` is a numeric array of the expected length whose values are finite (and
 * positive on a log axis), unless the panel opted into dropping such points.
 */
function checkValues(
  path: string,
  arr: unknown,
  expected: number | undefined,
  expectedWhat: string,
  axis: AxisRule,
): void {
  if (!isNumericArray(arr)) {
    throw new TypeError(`${path} must be an array of numbers, got ${show(arr)}`);
  }
  if (expected !== undefined && arr.length !== expected) {
    throw new RangeError(`${path} has length ${arr.length}, expected ${expected} (${expectedWhat})`);
  }
  for (let i = 0; i < arr.length; i++) {
    const v = arr[i];
    if (typeof v !== 'number') {
      throw new TypeError(`${path}[${i}] must be a number, got ${show(v)}`);
    }
    if (axis.drop) continue;
    if (!Number.isFinite(v)) {
      throw new RangeError(
        `${path}[${i}] is ${v}, not finite (set invalid: 'drop' on the panel to drop such points)`,
      );
    }
    if (axis.log && v <= 0) {
      throw new RangeError(
        `${path}[${i}] is ${v}, not positive on a log ${axis.name} axis (set invalid: 'drop' on the panel to drop such points)`,
      );
    }
  }
}

function checkStyle(path: string, s: Series): void {
  checkString(`${path}.label`, s.label);
  checkString(`${path}.color`, s.color);
  if (s.colorIndex !== undefined && (!Number.isInteger(s.colorIndex) || s.colorIndex < 0)) {
    throw new RangeError(`${path}.colorIndex must be a non-negative integer, got ${show(s.colorIndex)}`);
  }
}

function checkSeries(path: string, s: Series, xr: AxisRule, yr: AxisRule): void {
  if (typeof s !== 'object' || s === null) throw new TypeError(`${path} must be an object, got ${show(s)}`);
  if (!SERIES_TYPES.has(s.type)) {
    throw new RangeError(
      `${path}.type must be one of ${[...SERIES_TYPES].map((a) => `'${a}'`).join(', ')}, got ${show(s.type)}`,
    );
  }
  checkStyle(path, s);
  switch (s.type) {
    case 'line':
    case 'scatter':
    case 'bar': {
      checkValues(`${path}.x`, s.x, undefined, '', xr);
      checkValues(`${path}.y`, s.y, s.x.length, 'x length', yr);
      if (s.type === 'line') {
        checkOneOf(`${path}.dash`, s.dash, DASHES);
        checkOneOf(`${path}.marker`, s.marker, MARKERS);
        checkPositiveNumber(`${path}.width`, s.width);
      } else if (s.type === 'scatter') {
        checkOneOf(`${path}.marker`, s.marker, MARKERS);
        checkPositiveNumber(`${path}.radius`, s.radius);
      } else {
        if (s.widthFraction !== undefined && !(s.widthFraction > 0 && s.widthFraction <= 1)) {
          throw new RangeError(`${path}.widthFraction must be in (0, 1], got ${show(s.widthFraction)}`);
        }
      }
      break;
    }
    case 'band': {
      checkValues(`${path}.x`, s.x, undefined, '', xr);
      checkValues(`${path}.lower`, s.lower, s.x.length, 'x length', yr);
      checkValues(`${path}.upper`, s.upper, s.x.length, 'x length', yr);
      for (let i = 0; i < s.x.length; i++) {
        const lo = s.lower[i]!;
        const hi = s.upper[i]!;
        if (lo > hi) {
          throw new RangeError(`${path}.lower[${i}] is ${lo}, above upper[${i}] = ${hi}`);
        }
      }
      if (s.opacity !== undefined && !(s.opacity >= 0 && s.opacity <= 1)) {
        throw new RangeError(`${path}.opacity must be in [0, 1], got ${show(s.opacity)}`);
      }
      break;
    }
    case 'rule': {
      checkOneOf(`${path}.axis`, s.axis, new Set(['x', 'y']));
      if (s.axis === undefined) throw new RangeError(`${path}.axis must be 'x' or 'y', got undefined`);
      checkFiniteNumber(`${path}.value`, s.value);
      const rule = s.axis === 'x' ? xr : yr;
      if (rule.log && s.value <= 0) {
        throw new RangeError(`${path}.value is ${s.value}, not positive on a log ${rule.name} axis`);
      }
      checkOneOf(`${path}.dash`, s.dash, DASHES);
      break;
    }
    case 'slope': {
      checkFiniteNumber(`${path}.slope`, s.slope);
      if (!Array.isArray(s.anchor) || s.anchor.length !== 2) {
        throw new TypeError(`${path}.anchor must be a pair [x, y], got ${show(s.anchor)}`);
      }
      checkFiniteNumber(`${path}.anchor[0]`, s.anchor[0]);
      checkFiniteNumber(`${path}.anchor[1]`, s.anchor[1]);
      checkFiniteNumber(`${path}.from`, s.from);
      checkFiniteNumber(`${path}.to`, s.to);
      if (!(s.from < s.to))
        throw new RangeError(`${path}.from must be below to, got from ${s.from}, to ${s.to}`);
      if (s.anchor[0] <= 0 || s.anchor[1] <= 0 || s.from <= 0) {
        throw new RangeError(
          `${path}: a slope guide needs positive anchor and from (it is a power law), got anchor [${s.anchor[0]}, ${s.anchor[1]}], from ${s.from}`,
        );
      }
      checkOneOf(`${path}.dash`, s.dash, DASHES);
      break;
    }
  }
}

function checkXY(path: string, p: XYPanelSpec): void {
  checkString(`${path}.title`, p.title);
  checkAxis(`${path}.x`, p.x);
  checkAxis(`${path}.y`, p.y);
  checkOneOf(`${path}.legend`, p.legend, LEGENDS);
  checkOneOf(`${path}.invalid`, p.invalid, new Set(['error', 'drop']));
  if (!Array.isArray(p.series)) throw new TypeError(`${path}.series must be an array, got ${show(p.series)}`);
  const drop = p.invalid === 'drop';
  const xr: AxisRule = { log: p.x?.scale === 'log', name: 'x', drop };
  const yr: AxisRule = { log: p.y?.scale === 'log', name: 'y', drop };
  p.series.forEach((s, i) => {
    checkSeries(`${path}.series[${i}]`, s, xr, yr);
  });
}

function checkHeatmap(path: string, p: HeatmapPanelSpec): void {
  checkString(`${path}.title`, p.title);
  checkString(`${path}.colorBarLabel`, p.colorBarLabel);
  if (!Array.isArray(p.values) || p.values.length === 0) {
    throw new RangeError(`${path}.values must be a non-empty array of rows, got ${show(p.values)}`);
  }
  const first = p.values[0];
  const cols = isNumericArray(first) ? first.length : 0;
  if (cols === 0)
    throw new RangeError(`${path}.values[0] must be a non-empty array of numbers, got ${show(first)}`);
  const finite: AxisRule = { log: false, name: 'y', drop: false };
  p.values.forEach((row, i) => {
    checkValues(`${path}.values[${i}]`, row, cols, 'columns of values[0]', finite);
  });
  const checkLabels = (name: string, labels: readonly string[] | undefined, n: number) => {
    if (labels === undefined) return;
    if (!Array.isArray(labels))
      throw new TypeError(`${path}.${name} must be an array of strings, got ${show(labels)}`);
    if (labels.length !== n)
      throw new RangeError(`${path}.${name} has length ${labels.length}, expected ${n}`);
    labels.forEach((l, i) => {
      checkString(`${path}.${name}[${i}]`, l);
    });
  };
  checkLabels('rowLabels', p.rowLabels, p.values.length);
  checkLabels('colLabels', p.colLabels, cols);
  checkOneOf(`${path}.colorMap`, p.colorMap, new Set(['viridis', 'diverging']));
  if (p.domain !== undefined) {
    checkFiniteNumber(`${path}.domain[0]`, p.domain[0]);
    checkFiniteNumber(`${path}.domain[1]`, p.domain[1]);
    if (!(p.domain[0] < p.domain[1])) {
      throw new RangeError(`${path}.domain must have min < max, got [${p.domain[0]}, ${p.domain[1]}]`);
    }
  }
}

function checkDag(path: string, p: DagPanelSpec): void {
  checkString(`${path}.title`, p.title);
  if (!Array.isArray(p.nodes) || p.nodes.length === 0) {
    throw new RangeError(`${path}.nodes must be a non-empty array, got ${show(p.nodes)}`);
  }
  if (!Array.isArray(p.edges)) throw new TypeError(`${path}.edges must be an array, got ${show(p.edges)}`);
  const ids = new Set<string>();
  p.nodes.forEach((n, i) => {
    if (typeof n?.id !== 'string' || n.id.length === 0) {
      throw new TypeError(`${path}.nodes[${i}].id must be a non-empty string, got ${show(n?.id)}`);
    }
    if (ids.has(n.id)) throw new RangeError(`${path}.nodes[${i}].id ${show(n.id)} is a duplicate`);
    ids.add(n.id);
    checkOneOf(`${path}.nodes[${i}].kind`, n.kind, NODE_KINDS);
    if (n.kind === undefined)
      throw new RangeError(`${path}.nodes[${i}].kind must be 'input', 'hidden' or 'output', got undefined`);
    checkString(`${path}.nodes[${i}].label`, n.label);
  });
  const out = new Map<string, string[]>();
  const edgeSet = new Set<string>();
  p.edges.forEach((e, i) => {
    if (!ids.has(e?.from))
      throw new RangeError(`${path}.edges[${i}].from is ${show(e?.from)}, not a node id`);
    if (!ids.has(e.to)) throw new RangeError(`${path}.edges[${i}].to is ${show(e.to)}, not a node id`);
    if (e.from === e.to) throw new RangeError(`${path}.edges[${i}] is a self-loop on ${show(e.from)}`);
    const key = `${e.from}\u0000${e.to}`;
    if (edgeSet.has(key)) throw new RangeError(`${path}.edges[${i}] (${e.from} -> ${e.to}) is a duplicate`);
    edgeSet.add(key);
    const list = out.get(e.from) ?? [];
    list.push(e.to);
    out.set(e.from, list);
  });
  // Cycle check by iterative depth-first search with three colours.
  const state = new Map<string, 1 | 2>();
  for (const start of ids) {
    if (state.has(start)) continue;
    const stack: [string, number][] = [[start, 0]];
    state.set(start, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as [string, number];
      const children = out.get(top[0]) ?? [];
      if (top[1] < children.length) {
        const child = children[top[1]] as string;
        top[1]++;
        const s = state.get(child);
        if (s === 1) throw new RangeError(`${path}.edges contain a cycle through node ${show(child)}`);
        if (s === undefined) {
          state.set(child, 1);
          stack.push([child, 0]);
        }
      } else {
        state.set(top[0], 2);
        stack.pop();
      }
    }
  }
  if (p.highlight !== undefined) {
    if (!Array.isArray(p.highlight))
      throw new TypeError(`${path}.highlight must be an array of node ids, got ${show(p.highlight)}`);
    p.highlight.forEach((id, i) => {
      if (!ids.has(id)) throw new RangeError(`${path}.highlight[${i}] is ${show(id)}, not a node id`);
      if (i > 0) {
        const prev = p.highlight?.[i - 1] as string;
        if (!edgeSet.has(`${prev}\u0000${id}`)) {
          throw new RangeError(`${path}.highlight[${i - 1}..${i}] (${prev} -> ${id}) is not an edge`);
        }
      }
    });
  }
}

/**
 * Validates a figure spec, throwing at the first problem with a message naming the field and value.
 *
 * @param spec - the figure to check
 * @returns nothing; returns normally when the spec is valid
 * @throws TypeError when a field has the wrong type, RangeError when a value is out of range:
 *   mismatched lengths, non-finite values, values ≤ 0 on a log axis (unless the panel sets
 *   `invalid: 'drop'`), unknown node ids, cycles in a DAG, a highlighted path that is not a path.
 * @example
 * validateSpec({ panels: [{ kind: 'xy', series: [{ type: 'line', x: [1, 2], y: [1] }] }] });
 * // throws RangeError: panels[0].series[0].y has length 1, expected 2 (x length)
 * @see renderSvg (which calls it first)
 */
export function validateSpec(spec: FigureSpec): void {
  if (typeof spec !== 'object' || spec === null)
    throw new TypeError(`spec must be an object, got ${show(spec)}`);
  checkString('title', spec.title);
  if (!Array.isArray(spec.panels) || spec.panels.length === 0) {
    throw new RangeError(`panels must be a non-empty array, got ${show(spec.panels)}`);
  }
  if (spec.columns !== undefined && (!Number.isInteger(spec.columns) || spec.columns < 1)) {
    throw new RangeError(`columns must be a positive integer, got ${show(spec.columns)}`);
  }
  checkPositiveNumber('panelWidth', spec.panelWidth);
  checkPositiveNumber('panelHeight', spec.panelHeight);
  checkPositiveNumber('fontSize', spec.fontSize);
  checkString('background', spec.background);
  spec.panels.forEach((p, i) => {
    const path = `panels[${i}]`;
    if (typeof p !== 'object' || p === null) throw new TypeError(`${path} must be an object, got ${show(p)}`);
    if (p.kind === 'xy') checkXY(path, p);
    else if (p.kind === 'heatmap') checkHeatmap(path, p);
    else if (p.kind === 'dag') checkDag(path, p);
    else
      throw new RangeError(
        `${path}.kind must be one of 'xy', 'heatmap', 'dag', got ${show((p as { kind: unknown }).kind)}`,
      );
  });
}
