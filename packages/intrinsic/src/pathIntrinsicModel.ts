import { checkInteger, describeValue } from '@idyn/linalg';
import {
  ACTIVATION_NAMES,
  ACTIVATIONS,
  type Network,
  RESCALE_TO_LAWS_DEFAULTS,
  rescalingLaws,
} from '@idyn/graph';
import { type PathLifting, pathLifting } from '@idyn/lifting';
import { type Budget, checkBudget, firstNonFinite, OverflowError } from '@idyn/linalg';
import { pathIntrinsicModelCost } from './pathIntrinsicModelCost.js';
import type { IntrinsicModel } from './IntrinsicModel.js';
import { projectToFibre, stackedJacobian } from './internal/fibre.js';
import { qrLeastSquares } from './internal/qr.js';
import { lawStructure } from './internal/lawStructure.js';
import { clearStats, emptyStats } from './internal/stats.js';
import { thetaStar } from './internal/thetaStar.js';
import { checkNumber, checkVector } from './internal/validate.js';

/** Options of {@link pathIntrinsicModel}. */
export interface PathIntrinsicModelOptions {
  /**
   * The law values h0 of the leaf, one per hidden neuron (`rescalingLaws` order). Giving other
   * values than the laws of theta0 builds the metric of another leaf: a negative control.
   * @default rescalingLaws(net, theta0)
   */
  laws?: ArrayLike<number>;
  /**
   * Newton tolerance of the law recovery (see `recoverTheta`).
   * @default 1e-13 (`RESCALE_TO_LAWS_DEFAULTS.tol` of `@idyn/graph`)
   */
  tol?: number;
  /**
   * Newton iteration cap of the law recovery.
   * @default 100 (`RESCALE_TO_LAWS_DEFAULTS.maxIterations` of `@idyn/graph`)
   */
  maxIterations?: number;
  /** Largest number of paths (passed to `pathLifting`; a bigint above 2^53). @default 1_000_000 */
  maxPaths?: number | bigint;
  /** Memory and work budget ({@link pathIntrinsicModelCost}). @default DEFAULT_BUDGET */
  budget?: Budget;
  /** Deepest continuation (halvings of the z step) of a fibre projection before giving up. @default 12 */
  maxSplits?: number;
}

/** The intrinsic model of a ReLU DAG network: {@link IntrinsicModel} with the network and path-lifting. */
export interface PathIntrinsicModel extends IntrinsicModel {
  /** The validated network. */
  readonly network: Network;
  /** The path-lifting of `network`. */
  readonly lifting: PathLifting;
  /** theta*(z) on the leaf, on the branch tracked from theta0 (see {@link IntrinsicModel.representative}). */
  representative(z: ArrayLike<number>): Float64Array;
  /** theta re-projected onto the leaf by rescaling its hidden neurons, phi unchanged. */
  reproject(theta: ArrayLike<number>): Float64Array;
}

/**
 * The intrinsic metric of the path-lifting of a DAG ReLU network (MATH.md §4.2):
 * K(z) G = M(theta*) G = DPhi DPhiᵀ G at theta*(z, h0), the parameter with Phi(theta*) = z and
 * h(theta*) = h0, evaluated with the lifting's `metricProduct` (M is never formed).
 *
 * How a z is mapped back to parameters. The model tracks theta*_prev, the last recovered point
 * (initially theta0 rescaled onto the leaf). For a new z it
 * 1. moves theta*_prev onto the fibre of z by Gauss–Newton on ½|Phi(theta) − z|², each step
 *    argmin |DPhi δ − (z − Phi)|² + |Dh δ|² (semi-normal equations with one refinement): the law rows fix the gauge
 *    to first order ([DPhi; Dh] has rank D exactly when theta is recoverable, MATH.md §3); a
 *    projection that does not converge is split by continuation (halving the step from z_prev).
 *    DOPRI5's stage points leave the (curved, (D − |H|)-dimensional) image of Phi by the local
 *    error; there the least-squares foot point extends K smoothly, and the exact flow, tangent to
 *    the image, is not changed by the extension;
 * 2. rescales the result onto the leaf {h = h0} by Newton's method on F(mu) − <h0, mu>
 *    (`recoverTheta`), which leaves Phi unchanged.
 * The representative moves continuously with z, so each hidden neuron keeps its sign: theta* is
 * unique up to whole-neuron sign flips, which leave M unchanged but not the network function, and
 * continuity selects the branch of the trajectory. The result does not depend on the warm start
 * otherwise (the orbit is reached and the leaf point is unique), so K is a function of z and the
 * ODE is well defined even though DOPRI5 evaluates it at rejected stages. Branch tracking needs
 * small moves: a query far from the previous one (the continuation follows a straight segment in
 * z, which may pass near a point where a neuron's weights vanish) can land on another sign branch;
 * K is the same there, the activation pattern is not. Along a flow the moves are DOPRI5 stages.
 *
 * Data losses use `representative(z)`: the activation pattern of theta* is that of the network
 * with parameters theta(t), since theta* reproduces the network function; it is recomputed at
 * every right-hand-side evaluation, so a pattern change mid-flow is seen exactly where the
 * theta-flow sees it (the right-hand side is then only piecewise smooth and the adaptive solver
 * shortens its steps there).
 *
 * @param net - a network of `@idyn/graph` whose hidden neurons are ReLU or identity (no max-pool)
 * @param theta0 - initial parameters, length D; must be recoverable (generic parameters are)
 * @param options - see {@link PathIntrinsicModelOptions}
 * @returns the model, with `representative` and `reproject`
 * @throws TypeError if `net` is not a network; RangeError if the network shares parameters or has
 *   fixed-weight edges (MATH.md §7), naming the neuron if a hidden neuron is a max-pool, if a neuron has all incident parameters zero, or if theta0 is not recoverable
 *   (rank [DPhi; Dh] < D); RangeError on a bad theta0, laws or option; `representative` throws a
 *   RangeError when the fibre projection or the Newton recovery fails (the message says why)
 * @example
 * const net = parseNetwork('relu:1-1-1'); // z = w1 w2, h = w1² − w2²
 * const model = pathIntrinsicModel(net, [2, 1]); // h0 = 3
 * model.metricProduct([8], [1]); // Float64Array [16.2788…] = √(h0² + 4z²) = w1² + w2² at θ*
 * model.representative([8]); // Float64Array [3.1047…, 2.5767…]: w1 w2 = 8, w1² − w2² = 3
 * @see MATH.md §4.2 (recovery by rescaling), §3 (recoverability, Frobenius)
 */
export function pathIntrinsicModel(
  net: Network,
  theta0: ArrayLike<number>,
  options: PathIntrinsicModelOptions = {},
): PathIntrinsicModel {
  const fn = 'pathIntrinsicModel';
  if (net === null || typeof net !== 'object' || !Array.isArray(net.lawNodes)) {
    throw new TypeError(`${fn}: net must be a Network of @idyn/graph, got ${describeValue(net)}`);
  }
  const fixedEdge = net.fixedWeight.some(
    (c, e) => !Number.isNaN(c) && net.nodes[net.edges[e]!.to]!.activation !== 'maxpool',
  );
  if (net.shared || fixedEdge) {
    throw new RangeError(
      `${fn}: the network ${net.shared ? 'shares parameters' : 'has parameter-free edges with a fixed weight'}; the recovery of MATH.md §4.2 rescales neurons one by one and is implemented for networks without them (their laws are those of rescalingSymmetries, MATH.md §7)`,
    );
  }
  for (const v of net.hidden) {
    const spec = ACTIVATIONS[net.nodes[v]!.activation];
    if (!spec.intrinsicMetric) {
      const supported = ACTIVATION_NAMES.filter((a) => ACTIVATIONS[a].intrinsicMetric).map(
        (a) => ACTIVATIONS[a].label,
      );
      throw new RangeError(
        `${fn}: hidden neuron "${net.nodes[v]!.id}" is a ${spec.label}; the intrinsic metric is implemented for ${supported.join('/')} neurons only`,
      );
    }
  }
  const D = net.D;
  const t0 = checkVector(fn, 'theta0', theta0, D, 'D');
  const h0 =
    options.laws === undefined
      ? rescalingLaws(net, t0)
      : checkVector(fn, 'options.laws', options.laws, net.lawNodes.length, 'number of hidden neurons');
  const tol = checkNumber(fn, 'options.tol', options.tol ?? RESCALE_TO_LAWS_DEFAULTS.tol, true);
  const maxIterations = checkInteger(
    fn,
    'options.maxIterations',
    options.maxIterations ?? RESCALE_TO_LAWS_DEFAULTS.maxIterations,
    0,
  );
  const maxSplits = checkInteger(fn, 'options.maxSplits', options.maxSplits ?? 12, 0);
  const overflow = firstNonFinite(h0);
  if (overflow >= 0)
    throw new OverflowError({ field: 'h(theta0)', index: overflow, context: '(theta0 is too large)' });
  const lift = pathLifting(net, {
    ...(options.maxPaths === undefined ? {} : { maxPaths: options.maxPaths }),
    ...(options.budget === undefined ? {} : { budget: options.budget }),
  });
  checkBudget(pathIntrinsicModelCost(net), options.budget);
  const z0 = firstNonFinite(lift.phi(t0));
  if (z0 >= 0) throw new OverflowError({ field: 'phi(theta0)', index: z0, context: '(theta0 is too large)' });
  const S = lawStructure(net);
  const settings = { tol, maxIterations };

  const first = thetaStar(fn, S, t0, h0, settings);
  const rank = qrLeastSquares(
    stackedJacobian(lift, S, first.theta),
    new Float64Array(lift.d + S.m),
    lift.d + S.m,
    D,
    1e-10,
  );
  if (typeof rank === 'number') {
    throw new RangeError(
      `${fn}: theta0 is not recoverable: [DPhi; Dh] has rank < D = ${D} (dependent column at parameter ${net.paramNames[rank]}), so M is not a function of (z, h) there (MATH.md §3)`,
    );
  }
  const stats = emptyStats();
  let tracked = first.theta;
  let trackedZ = lift.phi(tracked);
  let lastZ: Float64Array | null = null;
  let lastTheta: Float64Array = tracked;

  const sameZ = (z: Float64Array) => {
    if (lastZ === null) return false;
    for (let p = 0; p < z.length; p++) if (z[p] !== lastZ[p]) return false;
    return true;
  };
  const project = (start: Float64Array, zs: Float64Array, z: Float64Array, depth: number): Float64Array => {
    const out = projectToFibre(lift, S, start, z);
    stats.fibreIterations += out.iterations;
    if (out.ok) {
      stats.maxFibreResidual = Math.max(stats.maxFibreResidual, out.residual);
      return out.theta;
    }
    if (depth >= maxSplits) {
      const why =
        out.singularAt !== undefined
          ? `[DPhi; Dh] is rank deficient at parameter ${net.paramNames[out.singularAt]} (theta is not recoverable there)`
          : `Newton did not converge (relative residual ${out.residual.toExponential(2)})`;
      throw new RangeError(
        `${fn}: cannot map z back to parameters after ${maxSplits} continuation halvings: ${why}; z may have left the image of the tracked branch`,
      );
    }
    stats.splits++;
    const zm = new Float64Array(z.length);
    for (let p = 0; p < z.length; p++) zm[p] = 0.5 * (zs[p]! + z[p]!);
    const mid = project(start, zs, zm, depth + 1);
    return project(mid, zm, z, depth + 1);
  };
  const recover = (z: Float64Array): Float64Array => {
    if (sameZ(z)) return lastTheta;
    const onFibre = project(tracked, trackedZ, z, 0);
    const star = thetaStar(fn, S, onFibre, h0, settings);
    stats.recoveries++;
    stats.newtonIterations += star.iterations;
    stats.maxNewtonIterations = Math.max(stats.maxNewtonIterations, star.iterations);
    stats.maxLawResidual = Math.max(stats.maxLawResidual, star.residual);
    tracked = star.theta;
    trackedZ = z.slice();
    lastZ = trackedZ;
    lastTheta = tracked;
    return tracked;
  };

  return {
    name: lift.name,
    network: net,
    lifting: lift,
    theta0: t0,
    laws: h0,
    stats,
    metricProduct(z, G) {
      const zz = checkVector(`${fn}.metricProduct`, 'z', z, lift.d, 'd');
      const g = checkVector(`${fn}.metricProduct`, 'G', G, lift.d, 'd');
      return lift.metricProduct(recover(zz), g);
    },
    representative(z) {
      return recover(checkVector(`${fn}.representative`, 'z', z, lift.d, 'd')).slice();
    },
    reproject(theta) {
      const t = checkVector(`${fn}.reproject`, 'theta', theta, D, 'D');
      return thetaStar(`${fn}.reproject`, S, t, h0, settings).theta;
    },
    reset() {
      tracked = first.theta;
      trackedZ = lift.phi(tracked);
      lastZ = null;
      lastTheta = tracked;
      clearStats(stats);
    },
  };
}
