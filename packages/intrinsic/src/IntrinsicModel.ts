import type { Lifting } from '@idyn/lifting';

/** Work and accuracy counters of the recoveries made by an {@link IntrinsicModel}. */
export interface RecoveryStats {
  /** Recoveries of theta* from z (one per new z; repeated z values hit a cache). */
  recoveries: number;
  /** Gauss–Newton iterations spent projecting onto the fibre of z. */
  fibreIterations: number;
  /** Continuation splits made when a fibre projection did not converge in one go. */
  splits: number;
  /** Newton iterations on F(mu) − <h0, mu> (MATH.md §4.2). */
  newtonIterations: number;
  /** Largest Newton iteration count of one recovery. */
  maxNewtonIterations: number;
  /** Largest max_p |Phi_p(theta*) − z_p| / max_p |z_p| of a recovery: the distance of z to the image of Phi. */
  maxFibreResidual: number;
  /** Largest max_v |h_v(theta*) − h0_v| of a recovery. */
  maxLawResidual: number;
}

/**
 * A lifting together with an intrinsic metric on its leaf: K(z) such that
 * M(theta) = K(phi(theta)) for every theta on the law level set {h = laws} (MATH.md §3), so that
 * z' = −K(z) ∇f(z) is the flow of z = phi(theta(t)) for every loss f.
 *
 * Models are stateful only through a cache and the tracked representative (see each factory);
 * `reset()` returns them to their initial state, as {@link compareFlows} does before integrating.
 */
export interface IntrinsicModel {
  /** Human-readable name, e.g. `path[7 nodes, 9 edges]`. */
  readonly name: string;
  /** The parameter-space side: phi, its Jacobian products and the laws. */
  readonly lifting: Lifting;
  /** The initial parameters theta0 (length D). */
  readonly theta0: Float64Array;
  /** The law values h0 that select the leaf (by default the laws of theta0). */
  readonly laws: Float64Array;
  /** K(z) G, length d, for z and G of length d. */
  metricProduct(z: ArrayLike<number>, G: ArrayLike<number>): Float64Array;
  /**
   * theta*(z): a parameter on the leaf with phi(theta*) = z, on the branch (neuron signs) tracked
   * continuously from theta0. Present on models that recover parameters (ReLU networks); needed by
   * data losses, whose activation pattern is that of theta*.
   */
  representative?(z: ArrayLike<number>): Float64Array;
  /**
   * Re-projects a parameter onto the leaf {h = laws} without changing phi (the same Newton step as
   * the recovery). Present on models whose symmetry is a rescaling.
   */
  reproject?(theta: ArrayLike<number>): Float64Array;
  /** Counters of the recoveries since the last reset (all zero for closed forms). */
  readonly stats: RecoveryStats;
  /** Forgets the cache and the tracked representative, and zeroes the counters. */
  reset(): void;
}
