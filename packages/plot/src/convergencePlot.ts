import { fitLogLogSlope } from './fitLogLogSlope.js';
import { checkArray } from './internal/check.js';
import { formatValue } from './internal/format.js';
import { type PlotOptions, singlePanel } from './plotOptions.js';
import type { FigureSpec, NumericArray } from './spec.js';

/** Input of {@link convergencePlot}. */
export interface ConvergenceInput {
  /** Discretisation sizes (e.g. depth or number of steps L), all > 0. */
  L: NumericArray;
  /** Errors at each L, all > 0. */
  error: NumericArray;
}

/** Options of {@link convergencePlot}. */
export interface ConvergencePlotOptions extends PlotOptions {
  /** Slope of the reference guide (−1 for O(1/L)). @default -1 */
  guideSlope?: number;
  /** Name of the error series. @default 'error' */
  label?: string;
}

/**
 * Error against L on log–log axes, with a reference slope guide starting at half the first error and the
 * least-squares slope (see {@link fitLogLogSlope}) in the legend.
 *
 * @param input - {@link ConvergenceInput}
 * @param options - {@link ConvergencePlotOptions}
 * @returns a one-panel figure spec
 * @throws TypeError/RangeError naming the argument when lengths disagree or values are ≤ 0
 * @example
 * const fig = convergencePlot({ L: [1, 2, 4, 8], error: [1, 0.5, 0.25, 0.125] });
 * fig.panels[0].series[0].label; // 'error (fitted slope -1)'
 * @see MATH.md §4.5 (the discrete ResNet metric converges with O(1/L) error)
 */
export function convergencePlot(input: ConvergenceInput, options: ConvergencePlotOptions = {}): FigureSpec {
  const fn = 'convergencePlot';
  checkArray(fn, 'L', input.L);
  checkArray(fn, 'error', input.error, input.L.length, 'L length');
  const fit = fitLogLogSlope(input.L, input.error);
  const guide = options.guideSlope ?? -1;
  if (!Number.isFinite(guide)) throw new RangeError(`${fn}: options.guideSlope must be finite, got ${guide}`);
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  let anchorY = 0;
  for (let i = 0; i < input.L.length; i++) {
    const l = input.L[i]!;
    if (l < lo) {
      lo = l;
      anchorY = input.error[i]!;
    }
    hi = Math.max(hi, l);
  }
  const name = options.label ?? 'error';
  return singlePanel(
    {
      kind: 'xy',
      title: options.title ?? 'Convergence',
      x: { scale: 'log', label: options.xLabel ?? 'L' },
      y: { scale: 'log', label: options.yLabel ?? 'error' },
      series: [
        {
          type: 'line',
          x: input.L,
          y: input.error,
          marker: 'circle',
          label: `${name} (fitted slope ${formatValue(Number(fit.slope.toFixed(3)))})`,
        },
        // The guide runs parallel, half a factor of 2 below the first point, so it does not hide the data.
        {
          type: 'slope',
          slope: guide,
          anchor: [lo, anchorY / 2],
          from: lo,
          to: hi,
          color: '#555555',
          label: `slope ${guide} (guide)`,
        },
      ],
    },
    options,
  );
}
