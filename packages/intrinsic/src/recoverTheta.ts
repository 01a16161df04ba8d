import { type Network, RESCALE_TO_LAWS_DEFAULTS } from '@idyn/graph';
import { lawStructure } from './internal/lawStructure.js';
import { thetaStar } from './internal/thetaStar.js';
import { checkInteger, checkNumber, checkVector, describe } from './internal/validate.js';

/** Options of {@link recoverTheta}. */
export interface RecoverThetaOptions {
  /**
   * Convergence tolerance: stop when every |h_v - h0_v| <= tol · (s_v + |h0_v|), s_v the sum of the
   * squared parameters incident to v (the scale of h_v and of its rounding error).
   * @default 1e-13 (`RESCALE_TO_LAWS_DEFAULTS.tol` of `@idyn/graph`)
   */
  tol?: number;
  /**
   * Newton iterations before giving up with a RangeError.
   * @default 100 (`RESCALE_TO_LAWS_DEFAULTS.maxIterations` of `@idyn/graph`)
   */
  maxIterations?: number;
}

/** Result of {@link recoverTheta}. */
export interface RecoverThetaResult {
  /** theta*: the rescaled parameters, Phi(theta*) = Phi(thetaTilde), h(theta*) = h0. */
  readonly theta: Float64Array;
  /** Log-factors mu, one per law neuron (`net.lawNodes` order). */
  readonly mu: Float64Array;
  /** Newton iterations used (0 when thetaTilde already satisfies the laws). */
  readonly iterations: number;
  /** max_v |h_v(theta*) - h0_v|. */
  readonly residual: number;
  /** max_v |h_v(theta*) - h0_v| / (s_v + |h0_v|). */
  readonly relativeResidual: number;
}

/**
 * Recovers theta*(z, h0) from any representative thetaTilde of z = Phi(thetaTilde): the point of the
 * rescaling orbit of thetaTilde whose laws equal h0 (MATH.md §4.2). Rescaling by log-factors mu
 * (w_{u→v} e^{mu_v − mu_u}, b_v e^{mu_v}, mu = 0 on inputs and outputs) keeps Phi, and
 * Psi(mu) = F(mu) − <h0, mu>, F(mu) = ½ Σ_p theta_p(mu)², is strictly convex with gradient
 * h(theta(mu)) − h0; Newton's method with Armijo backtracking finds its minimiser, quadratically
 * close to it. The Hessian is 2 (Σ incident w² + b²) on the diagonal and −2 w_e² between the two
 * ends of an edge joining law neurons. The solve is `rescaleToLaws` of `@idyn/graph` (its defaults,
 * `RESCALE_TO_LAWS_DEFAULTS`); on top of it, recoverTheta requires theta* to be unique, so a neuron
 * whose incident parameters all vanish is an error here.
 *
 * The same call re-projects a numerically drifting theta onto its law level set: pass the drifting
 * theta and the initial laws; Phi(theta) is unchanged (up to rounding) and the laws are restored.
 * theta* is unique up to whole-neuron sign flips; the signs of thetaTilde are kept.
 *
 * @param net - a validated network of `@idyn/graph`; law neurons are `net.lawNodes`
 * @param thetaTilde - a representative, length D
 * @param laws - h0, one value per law neuron (`rescalingLaws` order)
 * @param options - see {@link RecoverThetaOptions}
 * @returns theta*, the log-factors, the iterations and the residual
 * @throws TypeError / RangeError naming the argument on a bad length or non-finite entry; RangeError
 *   that says why when Newton's method cannot succeed: a neuron whose incident weights all vanish
 *   (F not strictly convex), a singular Hessian, a diverging log-factor (h0 not reachable), or the
 *   iteration cap
 * @example
 * const net = parseNetwork('relu:1-1-1'); // theta = (w(x0→h1_0), w(h1_0→y0))
 * recoverTheta(net, [4, 1], [0]).theta; // Float64Array [2, 2]: product 4 kept, h = 4 − 4 = 0
 * recoverTheta(net, [4, 1], [12]).theta; // Float64Array [3.63471…, 1.10050…]: w1 w2 = 4, w1² − w2² = 12
 * @see MATH.md §4.2 (recovery by rescaling), §1 (rescaling symmetry)
 */
export function recoverTheta(
  net: Network,
  thetaTilde: ArrayLike<number>,
  laws: ArrayLike<number>,
  options: RecoverThetaOptions = {},
): RecoverThetaResult {
  const fn = 'recoverTheta';
  if (net === null || typeof net !== 'object' || !Array.isArray(net.lawNodes)) {
    throw new TypeError(`${fn}: net must be a Network of @idyn/graph, got ${describe(net)}`);
  }
  const theta = checkVector(fn, 'thetaTilde', thetaTilde, net.D, 'D');
  const h0 = checkVector(fn, 'laws', laws, net.lawNodes.length, 'number of law neurons');
  const tol = checkNumber(fn, 'options.tol', options.tol ?? RESCALE_TO_LAWS_DEFAULTS.tol, true);
  const maxIterations = checkInteger(
    fn,
    'options.maxIterations',
    options.maxIterations ?? RESCALE_TO_LAWS_DEFAULTS.maxIterations,
    0,
  );
  const out = thetaStar(fn, lawStructure(net), theta, h0, { tol, maxIterations });
  return { ...out };
}
