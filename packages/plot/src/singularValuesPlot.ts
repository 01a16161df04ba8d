import { checkArray, checkArrays } from './internal/check.js';
import { type PlotOptions, singlePanel } from './plotOptions.js';
import type { FigureSpec, NumericArray } from './spec.js';

/** Input of {@link singularValuesPlot}. */
export interface SingularValuesInput {
  /** Times. */
  t: NumericArray;
  /** σ_i(t): one array per singular value index (largest first), each of length `t.length`. */
  values: readonly NumericArray[];
}

/** Options of {@link singularValuesPlot}. */
export interface SingularValuesPlotOptions extends PlotOptions {
  /** Log y axis. @default true */
  logY?: boolean;
  /** Zero singular values on a log axis: dropped or an error. @default 'error' */
  invalid?: 'drop' | 'error';
}

/**
 * Singular values over time, one line per index σ_1 ≥ σ_2 ≥ ... (log y by default).
 *
 * @param input - {@link SingularValuesInput}
 * @param options - {@link SingularValuesPlotOptions}
 * @returns a one-panel figure spec
 * @throws TypeError/RangeError naming the argument when lengths disagree
 * @example
 * singularValuesPlot({ t: [0, 1], values: [[2, 3], [1, 0.5]] }).panels[0].series[1].label; // 'σ2'
 * @see MATH.md §4.3–§4.5 (the dynamics of z in its singular basis)
 */
export function singularValuesPlot(
  input: SingularValuesInput,
  options: SingularValuesPlotOptions = {},
): FigureSpec {
  const fn = 'singularValuesPlot';
  checkArray(fn, 't', input.t);
  checkArrays(fn, 'values', input.values, input.t.length, 't length');
  return singlePanel(
    {
      kind: 'xy',
      title: options.title ?? 'Singular values',
      x: { label: options.xLabel ?? 't' },
      y: { scale: options.logY === false ? 'linear' : 'log', label: options.yLabel ?? 'σᵢ' },
      series: input.values.map((y, k) => ({ type: 'line' as const, x: input.t, y, label: `σ${k + 1}` })),
      invalid: options.invalid ?? 'error',
    },
    options,
  );
}
