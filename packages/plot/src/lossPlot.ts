import { checkArray, checkArrays, checkLabels } from './internal/check.js';
import { type PlotOptions, singlePanel } from './plotOptions.js';
import type { FigureSpec, NumericArray } from './spec.js';

/** Input of {@link lossPlot}. */
export interface LossInput {
  /** Times or steps. */
  x: NumericArray;
  /** Loss curves: one array per run, each of length `x.length`. */
  loss: readonly NumericArray[];
}

/** Options of {@link lossPlot}. */
export interface LossPlotOptions extends PlotOptions {
  /** Run names. @default ['run 1', ...] (no legend for a single run) */
  labels?: readonly string[];
  /** Log y axis. @default true */
  logY?: boolean;
}

/**
 * Loss curves over time (log y by default).
 *
 * @param input - {@link LossInput}
 * @param options - {@link LossPlotOptions}
 * @returns a one-panel figure spec
 * @throws TypeError/RangeError naming the argument when lengths disagree
 * @example
 * lossPlot({ x: [0, 1, 2], loss: [[1, 0.5, 0.25]] }).panels[0].series.length; // 1
 * @see MATH.md §0 (the loss factors through φ: L(θ) = f(φ(θ)))
 */
export function lossPlot(input: LossInput, options: LossPlotOptions = {}): FigureSpec {
  const fn = 'lossPlot';
  checkArray(fn, 'x', input.x);
  checkArrays(fn, 'loss', input.loss, input.x.length, 'x length');
  checkLabels(fn, 'options.labels', options.labels, input.loss.length);
  const many = input.loss.length > 1;
  return singlePanel(
    {
      kind: 'xy',
      title: options.title ?? 'Loss',
      x: { label: options.xLabel ?? 't' },
      y: { scale: options.logY === false ? 'linear' : 'log', label: options.yLabel ?? 'loss' },
      series: input.loss.map((y, k) => {
        const label = options.labels?.[k] ?? (many ? `run ${k + 1}` : undefined);
        return label === undefined
          ? { type: 'line' as const, x: input.x, y }
          : { type: 'line' as const, x: input.x, y, label };
      }),
    },
    options,
  );
}
