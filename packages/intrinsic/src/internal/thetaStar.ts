import { RescaleToLawsError, rescaleToLaws } from '@idyn/graph';
import { type LawStructure, lawsAndScales } from './lawStructure.js';

/** Settings of {@link thetaStar}. */
export interface ThetaStarSettings {
  readonly tol: number;
  readonly maxIterations: number;
}

/** theta*, with the log-factors per law neuron (`net.lawNodes` order). */
export interface ThetaStar {
  readonly theta: Float64Array;
  readonly mu: Float64Array;
  readonly iterations: number;
  /** max_i |h_i - h0_i|. */
  readonly residual: number;
  /** max_i |h_i - h0_i| / (s_i + |h0_i|), s_i the incident squared sum. */
  readonly relativeResidual: number;
}

/**
 * theta*(z, h0) of MATH.md §4.2: the point of the rescaling orbit of `thetaTilde` whose laws are h0,
 * by the Newton solve of `@idyn/graph` (`rescaleToLaws`), reported under the caller's name `fn`.
 * Unlike `rescaleToLaws`, which leaves a neuron without a nonzero incident parameter where it is,
 * the intrinsic metric needs theta* unique, so such a neuron is an error here.
 */
export function thetaStar(
  fn: string,
  S: LawStructure,
  thetaTilde: Float64Array,
  h0: Float64Array,
  settings: ThetaStarSettings,
): ThetaStar {
  const { net, m } = S;
  const h = new Float64Array(m);
  const s = new Float64Array(m);
  lawsAndScales(S, thetaTilde, h, s);
  for (let i = 0; i < m; i++) {
    if (s[i] === 0) {
      throw new RangeError(
        `${fn}: neuron "${net.nodes[net.lawNodes[i]!]!.id}" has all its incident weights (and bias) equal to 0, so F(mu) - <h0, mu> is not strictly convex in its log-factor and the rescaled point theta* is not unique (the intrinsic metric is undefined there)`,
      );
    }
  }
  try {
    const out = rescaleToLaws(net, thetaTilde, h0, settings);
    const mu = Float64Array.from(net.lawNodes, (v) => out.mu[v]!);
    return {
      theta: out.theta,
      mu,
      iterations: out.iterations,
      residual: out.residual,
      relativeResidual: out.relativeResidual,
    };
  } catch (error) {
    if (error instanceof RescaleToLawsError) throw new RangeError(`${fn}: ${error.detail}`, { cause: error });
    throw error;
  }
}
