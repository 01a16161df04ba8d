import { type Network, type RescalingSymmetriesResult, rescalingSymmetries } from '@idyn/graph';
import { countPaths, pathLifting } from '@idyn/lifting';
import { createRng, PRIME, SparseModRowBasis } from '@idyn/linalg';
import { type CountLawsResult, countLaws } from './countLaws.js';

/** Options of {@link countNetworkLaws}. */
export interface CountNetworkLawsOptions {
  /**
   * `'lie-trace'`: the exact Lie-algebra count of `countLaws` on the enumerated path-lifting;
   * `'rescaling'`: the structural count (dimension of the rescaling symmetries), without
   * enumeration; `'auto'`: the Lie trace when the network has at most `maxPaths` paths and
   * `maxD` parameters, the structural count otherwise.
   * @default 'auto'
   */
  method?: 'auto' | 'lie-trace' | 'rescaling';
  /**
   * Largest number of paths for the Lie trace in `'auto'` (it builds one polynomial per path).
   * @default 20_000
   */
  maxPaths?: number;
  /**
   * Largest D for the Lie trace in `'auto'` (it keeps a D × D annihilator mod p).
   * @default 1_000
   */
  maxD?: number;
  /**
   * Mode of the Lie trace: `'certify'` stops when the rank reaches D − rank(known laws), which
   * proves them complete; `'blind'` brackets until nothing new (independent of the known laws).
   * @default 'certify'
   */
  mode?: 'blind' | 'certify';
  /** Random points of the Lie trace. @default 3 */
  points?: number;
  /** Seed of the random points (also of the law-Jacobian point). @default 0 */
  seed?: number;
}

/** Result of {@link countNetworkLaws}. */
export interface CountNetworkLawsResult {
  /** Number of parameters. */
  readonly D: number;
  /** Number of independent conservation laws of the path-lifting. */
  readonly laws: number;
  /** dim Lie(θ) at a generic point, D − laws. */
  readonly lieDim: number;
  /** rank DΦ(θ) at a generic point. */
  readonly rankJacobian: number;
  /** Number of independent known laws: the dimension of the rescaling symmetries. */
  readonly knownLaws: number;
  /** Whether the known laws are all the laws (true for every path-lifting, MATH.md §7). */
  readonly complete: boolean;
  /** The method that produced `laws`. */
  readonly method: 'lie-trace' | 'rescaling';
  /** Why this method (sizes against the limits). */
  readonly reason: string;
  /** What was computed and what it proves, in one paragraph. */
  readonly proof: string;
  /** Number of paths (exact, counted without enumeration). */
  readonly paths: bigint;
  /** Rank mod p of the D × knownLaws Jacobian of the known laws at a random point (their independence). */
  readonly lawJacobianRank: number;
  /** The Lie-trace run (method `'lie-trace'`), else null. */
  readonly trace: CountLawsResult | null;
  /** The rescaling symmetries (basis, groups) of `@idyn/graph`. */
  readonly symmetries: RescalingSymmetriesResult;
}

/**
 * Counts the conservation laws of the path-lifting of a network — shared parameters, convolutions,
 * max-pools and parameter-free skips included — and says how (MATH.md §2, §7).
 *
 * Two methods, both exact:
 * - `'lie-trace'`: `countLaws` on the enumerated path-lifting (MATH.md §2), certified by the
 *   rescaling laws (mode `'certify'`) or blind. Needs the paths (one polynomial each) and a D × D
 *   annihilator, so `'auto'` uses it only up to `maxPaths` paths and `maxD` parameters.
 * - `'rescaling'`: no enumeration. The K = dim of the rescaling symmetries (`rescalingSymmetries`
 *   of `@idyn/graph`) laws h = Σ_j ε_j θ_j² are conserved (each ε is checked exactly on every edge
 *   and bias, so ⟨∇h, ∇Φ_p⟩ = 2 (μ_end − μ_start) Φ_p = 0 on every path) and independent (the rank
 *   of their D × K Jacobian at a random point is K, computed mod p here): laws ≥ K. And the
 *   rescaling space is exactly the kernel of the path-exponent matrix A, so at any θ without zero
 *   entries rank DΦ(θ) = rank A = D − K and dim Lie ≥ rank DΦ: laws ≤ K (MATH.md §7, derived).
 *   Hence laws = K and dim Lie = rank DΦ = D − K (the Frobenius property).
 *
 * @param net - a network of `@idyn/graph`
 * @param options - see {@link CountNetworkLawsOptions}
 * @returns the count, the method with its reason and proof, and the underlying results
 * @throws RangeError on a bad option, or if `'lie-trace'` is forced on a network with more paths
 *   than `pathLifting` enumerates
 * @example
 * const r = countNetworkLaws(parseNetwork('conv1d:4:1-2:2:1'));
 * [r.D, r.lieDim, r.laws, r.method]; // [10, 8, 2, 'lie-trace'] (MATH.md §7 reference)
 * countNetworkLaws(parseNetwork('conv2d:28x28:1-8-8:3x3:10')).method; // 'rescaling' (16 laws)
 * @see MATH.md §2 (count), §7 (shared weights, convolution)
 */
export function countNetworkLaws(
  net: Network,
  options: CountNetworkLawsOptions = {},
): CountNetworkLawsResult {
  const { method, maxPaths, maxD, paths, useTrace } = chooseMethod('countNetworkLaws', net, options);
  const seed = options.seed ?? 0;
  const D = net.D;
  const symmetries = rescalingSymmetries(net);
  const K = symmetries.count;
  const lawJacobianRank = lawJacobianRankAt(net, symmetries, seed);

  const sizes = `D = ${D}, ${paths} paths`;
  if (!useTrace) {
    const reason =
      method === 'rescaling'
        ? `method 'rescaling' requested (${sizes})`
        : `${sizes}: above the Lie-trace limits (maxD = ${maxD}, maxPaths = ${maxPaths}), which enumerates one polynomial per path and keeps a D × D annihilator`;
    const proof =
      `structural count, no path enumerated: the rescaling symmetries (union-find over the nodes, ` +
      `${symmetries.equations} independent sharing equations in ${symmetries.sharedParams} shared parameters, ` +
      `each basis vector checked exactly on every edge and bias) give ${K} conserved laws h = Σ ε_j θ_j², ` +
      `independent (rank ${lawJacobianRank} of their D × ${K} Jacobian at a random point mod p), so laws ≥ ${K}; ` +
      `their space is the kernel of the path-exponent matrix A, so rank DΦ(θ) = rank A = D − ${K} = ${D - K} ` +
      `at every θ without zero entries and dim Lie ≥ rank DΦ, so laws ≤ ${K} (MATH.md §7). ` +
      `Hence exactly ${K} laws, dim Lie = rank DΦ = ${D - K} (Frobenius); the Lie trace itself was not run.`;
    return {
      D,
      laws: K,
      lieDim: D - K,
      rankJacobian: D - K,
      knownLaws: K,
      complete: true,
      method: 'rescaling',
      reason,
      proof,
      paths,
      lawJacobianRank,
      trace: null,
      symmetries,
    };
  }
  const mode = options.mode ?? 'certify';
  const lift = pathLifting(net, { maxPaths: Math.max(maxPaths, Number(paths)) });
  const trace = countLaws(lift, {
    mode: K > 0 ? mode : 'blind',
    points: options.points ?? 3,
    seed,
  });
  const reason =
    method === 'lie-trace'
      ? `method 'lie-trace' requested (${sizes})`
      : `${sizes}: within the Lie-trace limits (maxD = ${maxD}, maxPaths = ${maxPaths})`;
  const how =
    trace.mode === 'certify'
      ? `stopped when the rank reached D − ${K}, which proves the ${K} rescaling laws complete`
      : 'bracketing until a level kept nothing';
  const proof =
    `exact Lie-algebra trace (MATH.md §2) of the ${lift.d} path monomials at ${trace.points.length} random points mod p, ` +
    `${how}: rank DΦ = ${trace.rankJacobian}, dim Lie = ${trace.lieDim}, ${trace.laws} laws; ` +
    `the ${K} rescaling laws are independent (rank ${lawJacobianRank} of their Jacobian)` +
    (trace.laws === K ? ' and complete.' : `, against ${trace.laws} laws in all.`);
  return {
    D,
    laws: trace.laws,
    lieDim: trace.lieDim,
    rankJacobian: trace.rankJacobian,
    knownLaws: K,
    complete: trace.laws === K,
    method: 'lie-trace',
    reason,
    proof,
    paths,
    lawJacobianRank,
    trace,
    symmetries,
  };
}

/** The method {@link countNetworkLaws} runs on `net` with `options`, validated; shared with its cost. */
export function chooseMethod(fn: string, net: Network, options: CountNetworkLawsOptions) {
  if (net === null || typeof net !== 'object' || !Array.isArray(net.edgeParam)) {
    throw new TypeError(`${fn}: net must be a Network of @idyn/graph`);
  }
  const method = options.method ?? 'auto';
  if (method !== 'auto' && method !== 'lie-trace' && method !== 'rescaling') {
    throw new RangeError(
      `${fn}: options.method must be 'auto', 'lie-trace' or 'rescaling', got ${String(method)}`,
    );
  }
  const maxPaths = options.maxPaths ?? 20_000;
  const maxD = options.maxD ?? 1_000;
  for (const [name, v] of [
    ['maxPaths', maxPaths],
    ['maxD', maxD],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) {
      throw new RangeError(`${fn}: options.${name} must be a positive integer, got ${String(v)}`);
    }
  }
  const paths = countPaths(net).total;
  const fits = paths <= BigInt(maxPaths) && net.D <= maxD;
  const useTrace = method === 'lie-trace' || (method === 'auto' && fits);
  return { method, maxPaths, maxD, paths, useTrace };
}

/**
 * Rank mod p of the Jacobian of the rescaling laws at a random point: row k is
 * ∇h_k = 2 ε^{(k)} ∘ θ (the factor 2 is dropped; it does not change the rank mod an odd prime).
 */
function lawJacobianRankAt(net: Network, sym: RescalingSymmetriesResult, seed: number): number {
  const p = PRIME;
  const rng = createRng(seed);
  const x = Float64Array.from({ length: net.D }, () => rng.integer(1, p - 1));
  const basis = new SparseModRowBasis({ prime: p });
  for (const s of sym.symmetries) {
    const row = new Map<number, number>();
    s.params.forEach((j, k) => {
      row.set(j, ((((s.exponents[k]! % p) + p) % p) * x[j]!) % p);
    });
    basis.add(row);
  }
  return basis.rank;
}
