import { checkArray, checkArrays } from './internal/check.js';
import { ensembleStats } from './internal/ensembleStats.js';
import { type PlotOptions, singlePanel } from './plotOptions.js';
import type { FigureSpec, NumericArray, Series } from './spec.js';

/** One ensemble of runs sharing an x grid. */
export interface EnsembleGroup {
  /** Legend name of the group. */
  label?: string;
  /** Runs: one array per ensemble member, each of length `x.length`. */
  runs: readonly NumericArray[];
}

/** Input of {@link ensembleBandPlot}. */
export interface EnsembleBandInput {
  /** Shared abscissa (e.g. times) of every run. */
  x: NumericArray;
  /** Groups of runs; each becomes one band (min–max) and one centre line. */
  groups: readonly EnsembleGroup[];
}

/** Options of {@link ensembleBandPlot}. */
export interface EnsembleBandPlotOptions extends PlotOptions {
  /** Log y axis. @default false */
  logY?: boolean;
  /** Centre line. @default 'median' */
  center?: 'median' | 'mean';
}

/**
 * Ensembles as min–max bands with a median (or mean) line, one colour per group.
 *
 * @param input - {@link EnsembleBandInput}
 * @param options - {@link EnsembleBandPlotOptions}
 * @returns a one-panel figure spec (a band and a line per group)
 * @throws TypeError/RangeError naming the argument when lengths disagree or a group has no runs
 * @example
 * const fig = ensembleBandPlot({ x: [0, 1], groups: [{ runs: [[0, 1], [2, 3], [1, 1]] }] });
 * fig.panels[0].series[0]; // { type: 'band', lower: [0, 1], upper: [2, 3], ... }
 * @see MATH.md §3 (intrinsic only for a dense set of initialisations: ensembles show the spread)
 */
export function ensembleBandPlot(
  input: EnsembleBandInput,
  options: EnsembleBandPlotOptions = {},
): FigureSpec {
  const fn = 'ensembleBandPlot';
  checkArray(fn, 'x', input.x);
  if (!Array.isArray(input.groups) || input.groups.length === 0) {
    throw new TypeError(`${fn}: groups must be a non-empty array`);
  }
  const n = input.x.length;
  const series: Series[] = [];
  input.groups.forEach((g, k) => {
    checkArrays(fn, `groups[${k}].runs`, g.runs, n, 'x length');
    const { lower, upper, mid } = ensembleStats(g.runs, n, options.center ?? 'median');
    const name = g.label ?? `group ${k + 1}`;
    series.push({
      type: 'band',
      x: input.x,
      lower,
      upper,
      colorIndex: k,
      label: `${name} (min–max, ${g.runs.length} runs)`,
    });
    series.push({
      type: 'line',
      x: input.x,
      y: mid,
      colorIndex: k,
      label: `${name} ${options.center ?? 'median'}`,
    });
  });
  return singlePanel(
    {
      kind: 'xy',
      title: options.title ?? 'Ensemble',
      x: { label: options.xLabel ?? 't' },
      y: { scale: options.logY ? 'log' : 'linear', label: options.yLabel ?? 'value' },
      series,
    },
    options,
  );
}
