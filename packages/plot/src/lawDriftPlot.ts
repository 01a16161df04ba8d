import { checkArray, checkArrays, checkLabels } from './internal/check.js';
import { type PlotOptions, singlePanel } from './plotOptions.js';
import type { FigureSpec, NumericArray, Series } from './spec.js';

/** Input of {@link lawDriftPlot}. */
export interface LawDriftInput {
  /** Times. */
  t: NumericArray;
  /** Drift |h(θ(t)) − h(θ(0))| per conservation law: one array per law, each of length `t.length`. */
  drift: readonly NumericArray[];
}

/** Options of {@link lawDriftPlot}. */
export interface LawDriftPlotOptions extends PlotOptions {
  /** Law names. @default ['h1', 'h2', ...] */
  labels?: readonly string[];
  /**
   * Points with zero drift cannot be drawn on the log axis (the drift at t = 0 is exactly 0):
   * `'drop'` leaves them out, `'error'` makes rendering throw.
   * @default 'drop'
   */
  invalid?: 'drop' | 'error';
  /**
   * Draw a reference line at this tolerance (e.g. the integrator's rtol).
   * @default none (no reference line)
   */
  tolerance?: number;
}

/**
 * Conservation-law drift over time on a log y axis (exponent tick labels down to 1e-16).
 *
 * @param input - {@link LawDriftInput}
 * @param options - {@link LawDriftPlotOptions}
 * @returns a one-panel figure spec with `y.scale = 'log'`
 * @throws TypeError/RangeError naming the argument when lengths disagree
 * @example
 * lawDriftPlot({ t: [0, 1, 2], drift: [[0, 1e-15, 3e-15]] }).panels[0].y.scale; // 'log'
 * @see MATH.md §2 (conservation laws; the h_v of §1 for ReLU networks)
 */
export function lawDriftPlot(input: LawDriftInput, options: LawDriftPlotOptions = {}): FigureSpec {
  const fn = 'lawDriftPlot';
  checkArray(fn, 't', input.t);
  checkArrays(fn, 'drift', input.drift, input.t.length, 't length');
  checkLabels(fn, 'options.labels', options.labels, input.drift.length);
  const series: Series[] = input.drift.map((y, k) => ({
    type: 'line',
    x: input.t,
    y,
    label: options.labels?.[k] ?? `h${k + 1}`,
  }));
  if (options.tolerance !== undefined) {
    series.push({
      type: 'rule',
      axis: 'y',
      value: options.tolerance,
      color: '#666666',
      label: `tol ${options.tolerance}`,
    });
  }
  return singlePanel(
    {
      kind: 'xy',
      title: options.title ?? 'Conservation-law drift',
      x: { label: options.xLabel ?? 't' },
      y: { scale: 'log', label: options.yLabel ?? '|h(θ(t)) − h(θ(0))|' },
      series,
      invalid: options.invalid ?? 'drop',
    },
    options,
  );
}
