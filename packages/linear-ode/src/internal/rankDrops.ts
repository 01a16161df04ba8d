// Rank drops of z = U_L ⋯ U_1 along the θ-flow (MATH.md §4.3 validity): event functions and the
// guard that keeps the z-flow away from them.
import type { EventSpec } from '@idyn/integrators';
import { singularValues } from '@idyn/linalg';
import { determinant, type Matrix } from 'ml-matrix';
import type { LinearIntrinsicModel } from '../intrinsicLinearFlow.js';
import { endToEnd, type ThetaLayout, unpackLayers } from './thetaFlow.js';

/** Which layers can make z lose rank along a trajectory, generically. */
export interface RankWatch {
  /** r* = min_i n_i: the rank of z at a generic θ. */
  readonly fullRank: number;
  /**
   * Indices i (weights order) of the square layers of width r*: det U_i changing sign drops rank z
   * to r* − 1, a codimension-1 event that a trajectory meets generically. Rank drops of other
   * layers need several equations at once (codimension ≥ 2) and are not watched.
   */
  readonly layers: readonly number[];
}

/** The layers to watch for a chain of widths n_0, …, n_L. */
export function rankWatch(widths: readonly number[]): RankWatch {
  const fullRank = Math.min(...widths);
  const layers: number[] = [];
  for (let i = 0; i + 1 < widths.length; i++)
    if (widths[i] === fullRank && widths[i + 1] === fullRank) layers.push(i);
  return { fullRank, layers };
}

/** σ_{r*}(z) / σ_1(z) (0 for z = 0). */
export function sigmaRatio(z: Matrix, fullRank: number): number {
  const s = singularValues(z);
  const top = s[0] ?? 0;
  return top > 0 ? (s[fullRank - 1] ?? 0) / top : 0;
}

/** det U_i for each watched layer, as non-terminal DOPRI5 events named `rankDrop<i>`. */
export function rankDropEvents(layout: ThetaLayout, watch: RankWatch): EventSpec[] {
  return watch.layers.map((i) => ({
    name: `rankDrop${i}`,
    g: (_t: number, y: Float64Array) => determinant(unpackLayers(layout, y)[i]!),
    terminal: false,
  }));
}

/** A terminal event when σ_{r*}/σ_1 of z rises through `guard`. */
export function guardExitEvent(layout: ThetaLayout, watch: RankWatch, guard: number): EventSpec {
  return {
    name: 'guardExit',
    g: (_t: number, y: Float64Array) =>
      sigmaRatio(endToEnd(layout, unpackLayers(layout, y)), watch.fullRank) - guard,
    terminal: true,
    direction: 1,
  };
}

/**
 * Whether K(z) stops being a function of z where rank z drops (MATH.md §4.3): the two-layer
 * zero-eigenvalue rule (λ > 0 with r < n, or λ < 0 with r < m) needs rank z = r. Elsewhere — λ = 0,
 * λ > 0 with r = n, λ < 0 with r = m, the deep square formula of §4.4 and Arora's balanced one —
 * the metric is a function of z on the whole leaf, rank drops included.
 */
export function metricBreaksAtRankDrop(model: LinearIntrinsicModel, widths: readonly number[]): boolean {
  if (model.kind !== 'two-layer') return false;
  const m = widths[0]!;
  const n = widths[widths.length - 1]!;
  return (model.lambda > 0 && model.r < n) || (model.lambda < 0 && model.r < m);
}
