import { checkArray, checkArrays, checkLabels } from './internal/check.js';
import { type PlotOptions, singlePanel } from './plotOptions.js';
import type { FigureSpec, NumericArray, Series } from './spec.js';

/** Input of {@link trajectoryOverlayPlot}. */
export interface TrajectoryOverlayInput {
  /** Times of the θ-flow samples. */
  t: NumericArray;
  /** z = φ(θ(t)) along the θ-flow: one array per coordinate, each of length `t.length`. */
  thetaFlow: readonly NumericArray[];
  /** Times of the intrinsic z-flow samples. @default t */
  tZ?: NumericArray;
  /** z(t) of the intrinsic flow: one array per coordinate (same count as `thetaFlow`). */
  zFlow: readonly NumericArray[];
}

/** Options of {@link trajectoryOverlayPlot}. */
export interface TrajectoryOverlayPlotOptions extends PlotOptions {
  /** Coordinate names. @default ['z1', 'z2', ...] */
  labels?: readonly string[];
}

/**
 * θ-flow vs intrinsic z-flow: each coordinate of z gets one colour; the lifted θ-flow φ(θ(t)) is
 * solid, the intrinsic flow z(t) dashed, so agreement shows as dashes lying on the solid lines.
 *
 * @param input - {@link TrajectoryOverlayInput}
 * @param options - {@link TrajectoryOverlayPlotOptions}
 * @returns a one-panel figure spec
 * @throws TypeError/RangeError naming the argument when lengths or counts disagree
 * @example
 * trajectoryOverlayPlot({ t: [0, 1], thetaFlow: [[1, 0.5]], zFlow: [[1, 0.5]] }).panels[0].series.length;
 * // 4 (two trajectories and two legend-only style entries)
 * @see MATH.md §0 (induced flow z' = −M(θ) ∇f(z)) and §3–§4 (when and how the z-flow is intrinsic)
 */
export function trajectoryOverlayPlot(
  input: TrajectoryOverlayInput,
  options: TrajectoryOverlayPlotOptions = {},
): FigureSpec {
  const fn = 'trajectoryOverlayPlot';
  checkArray(fn, 't', input.t);
  checkArrays(fn, 'thetaFlow', input.thetaFlow, input.t.length, 't length');
  const tZ = input.tZ ?? input.t;
  checkArray(fn, 'tZ', tZ);
  checkArrays(fn, 'zFlow', input.zFlow, tZ.length, input.tZ ? 'tZ length' : 't length');
  if (input.zFlow.length !== input.thetaFlow.length) {
    throw new RangeError(
      `${fn}: zFlow has ${input.zFlow.length} coordinates, expected ${input.thetaFlow.length} (thetaFlow coordinates)`,
    );
  }
  const d = input.thetaFlow.length;
  checkLabels(fn, 'options.labels', options.labels, d);
  const series: Series[] = [];
  for (let k = 0; k < d; k++) {
    const name = options.labels?.[k] ?? `z${k + 1}`;
    series.push({
      type: 'line',
      x: input.t,
      y: input.thetaFlow[k] as NumericArray,
      colorIndex: k,
      label: name,
    });
    series.push({
      type: 'line',
      x: tZ,
      y: input.zFlow[k] as NumericArray,
      colorIndex: k,
      dash: 'dashed',
      width: 2.25,
    });
  }
  // Legend-only entries explaining the two line styles.
  series.push({ type: 'line', x: [], y: [], color: '#444444', label: 'φ(θ(t)) θ-flow' });
  series.push({ type: 'line', x: [], y: [], color: '#444444', dash: 'dashed', label: 'z(t) intrinsic flow' });
  return singlePanel(
    {
      kind: 'xy',
      title: options.title ?? 'θ-flow vs intrinsic z-flow',
      x: { label: options.xLabel ?? 't' },
      y: { label: options.yLabel ?? 'z' },
      series,
    },
    options,
  );
}
