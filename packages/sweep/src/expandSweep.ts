import { axisFields } from './parseSweepSpec.js';
import type { SweepAxis, SweepSpec, SweepZip } from './SweepSpec.js';
import { jobKey } from './jobKey.js';
import { axisValues } from './internal/axisValues.js';

/** One job of a sweep: a study input and where it sits on the grid. */
export interface SweepJob {
  /** Position in the grid (row-major, first axis outermost), from 0. */
  readonly index: number;
  /** {@link jobKey} of the study and input. */
  readonly key: string;
  /** The study name. */
  readonly study: string;
  /** The study input: the base with the axis fields set. */
  readonly input: Readonly<Record<string, unknown>>;
  /** The value of each axis, by axis name. */
  readonly axes: Readonly<Record<string, unknown>>;
}

/** Result of {@link expandSweep}. */
export interface ExpandSweepResult {
  /** The distinct jobs, in grid order (a repeated input keeps its first position). */
  readonly jobs: readonly SweepJob[];
  /** Grid points in all (jobs plus duplicates). */
  readonly gridPoints: number;
  /** Grid points whose input repeats an earlier one (same key): run once. */
  readonly duplicates: number;
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Replaces each `{}` of a template by the value's text and each `{name}` by the value of axis
 * `name` in the same job; no template: the value itself.
 */
function applyTemplate(
  template: string | undefined,
  value: unknown,
  axes: Readonly<Record<string, unknown>>,
): unknown {
  if (template === undefined || template === '{}') return value;
  return template.replace(/\{([A-Za-z_][A-Za-z0-9_]*)?\}/g, (_, name: string | undefined) =>
    asText(name === undefined ? value : axes[name]),
  );
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]!] = value;
}

function assign(
  input: Record<string, unknown>,
  axis: SweepAxis,
  value: unknown,
  axes: Readonly<Record<string, unknown>>,
): void {
  if (axis.set !== undefined)
    for (const [field, template] of Object.entries(axis.set))
      setPath(input, field, applyTemplate(template, value, axes));
  else for (const field of axisFields(axis)) setPath(input, field, applyTemplate(axis.template, value, axes));
}

/**
 * The jobs of a sweep: the product of its axis entries (first entry outermost; the axes of a zip
 * advance together), each job the base input with its axis fields set — through templates, where
 * `{}` is the axis' value and `{name}` the value of axis `name` in the same job — keyed by
 * {@link jobKey}. Grid points that repeat an input are run once.
 *
 * @param spec - a spec checked by {@link parseSweepSpec}
 * @returns the distinct jobs, the grid size and the number of duplicates
 * @example
 * const { jobs } = expandSweep({ study: 'laws', axes: [{ name: 'w', field: 'net', template: 'relu:2-{}-1', values: [1, 2] }] });
 * jobs.map((j) => j.input.net); // ['relu:2-1-1', 'relu:2-2-1']
 */
export function expandSweep(spec: SweepSpec): ExpandSweepResult {
  const entries = (spec.axes ?? []).map((entry) => {
    const axes = 'zip' in entry ? (entry as SweepZip).zip : [entry as SweepAxis];
    const values = axes.map(axisValues);
    return { axes, values, count: values[0]!.length };
  });
  const gridPoints = entries.reduce((n, e) => n * e.count, 1);
  const base = spec.base ?? {};
  const jobs: SweepJob[] = [];
  const seen = new Set<string>();
  const position = new Array<number>(entries.length).fill(0);
  for (let index = 0; index < gridPoints; index++) {
    // Row-major digits of `index`, the last entry fastest.
    let rest = index;
    for (let e = entries.length - 1; e >= 0; e--) {
      position[e] = rest % entries[e]!.count;
      rest = Math.floor(rest / entries[e]!.count);
    }
    const input = structuredClone(base) as Record<string, unknown>;
    const axisValuesOfJob: Record<string, unknown> = {};
    entries.forEach((entry, e) => {
      entry.axes.forEach((axis, a) => {
        axisValuesOfJob[axis.name] = entry.values[a]![position[e]!];
      });
    });
    // Templates may name other axes of the job: assign once every value is known.
    for (const entry of entries)
      for (const axis of entry.axes) assign(input, axis, axisValuesOfJob[axis.name], axisValuesOfJob);
    const key = jobKey(spec.study, input);
    if (seen.has(key)) continue;
    seen.add(key);
    jobs.push({ index, key, study: spec.study, input, axes: axisValuesOfJob });
  }
  return { jobs, gridPoints, duplicates: gridPoints - jobs.length };
}
