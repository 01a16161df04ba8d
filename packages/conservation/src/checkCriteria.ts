import {
  type Budget,
  checkBudget,
  createRng,
  firstNonFinite,
  Matrix,
  modRank,
  nullSpace,
  numericRank,
  OverflowError,
  PRIME,
  singularValues,
  symmetricEigen,
} from '@idyn/linalg';
import type { Polynomial } from '@idyn/poly';
import { checkCriteriaCost } from './checkCriteriaCost.js';
import { countLaws } from './countLaws.js';
import { findLaws } from './findLaws.js';
import { Accumulator, gradientCompiled } from './internal/compiled.js';
import { type LawInput, normalizeInput } from './internal/input.js';
import { compilePolynomial } from './internal/polySystem.js';

/** Options of {@link checkCriteria}. */
export interface CheckCriteriaOptions {
  /**
   * The conservation laws h (a complete set is assumed by the theory).
   * @default the input's known laws; if it has none, the degree-2 laws of {@link findLaws}
   */
  laws?: readonly Polynomial[];
  /**
   * Relative singular-value threshold for the float ranks and null spaces at a non-integer theta
   * (MATH.md §6).
   * @default 1e-8
   */
  rtol?: number;
  /**
   * Kernel inclusion holds when |DM(theta) v|_F ≤ inclusionTol · 2 |Dphi|_F |D²phi|_F for every
   * unit v in ker Dphi ∩ ker Dh (the right side bounds |DM v| for any unit v).
   * @default 1e-8
   */
  inclusionTol?: number;
  /**
   * Seed of the random point of the generic reference ranks.
   * @default 0
   */
  seed?: number;
  /** Memory and work budget, checked before any matrix is formed ({@link checkCriteriaCost}). @default DEFAULT_BUDGET */
  budget?: Budget;
}

/** Kernel-inclusion part of {@link CheckCriteriaResult}. */
export interface KernelInclusion {
  /** Whether ker Dphi ∩ ker Dh ⊆ ker DM holds at theta (within the tolerance). */
  readonly holds: boolean;
  /** dim (ker Dphi(theta) ∩ ker Dh(theta)). */
  readonly dimension: number;
  /** The unit vector v of the intersection maximising |DM(theta) v|_F (absent when dimension is 0). */
  readonly witness?: Float64Array;
  /** max_ij |(DM(theta) v)_ij| for the witness (absent when dimension is 0). */
  readonly defect?: number;
  /** |DM(theta) v|_F for the witness. */
  readonly defectNorm?: number;
  /** defectNorm / (2 |Dphi|_F |D²phi|_F), compared with inclusionTol. */
  readonly relativeDefect?: number;
}

/** Result of {@link checkCriteria}. */
export interface CheckCriteriaResult {
  /** Number of parameters. */
  readonly D: number;
  /** Whether the ranks at theta are exact (theta has integer entries: ranks mod p) or by SVD. */
  readonly exact: boolean;
  /** rank Dphi(theta). */
  readonly rankJacobian: number;
  /** rank Dh(theta). */
  readonly rankLaws: number;
  /** rank `[Dphi; Dh](theta)`. */
  readonly rankStacked: number;
  /** Recoverability: rank `[Dphi; Dh](theta)` = D. */
  readonly recoverable: boolean;
  /** Frobenius at theta: rank Dphi(theta) = dim Lie(theta) = D − rank Dh(theta) (complete laws). */
  readonly frobenius: boolean;
  /** Theorem 2.14's necessary condition, with a witness when it fails. */
  readonly kernelInclusion: KernelInclusion;
  /** Singular values of `[Dphi; Dh](theta)` (float), to judge the rank decision. */
  readonly singularValues: Float64Array;
  /** Whether the laws are complete (certified by {@link countLaws} at random points). */
  readonly lawsComplete: boolean;
  /** Number of laws used. */
  readonly laws: number;
  /** Reference ranks at a random point (exact mod p): what a generic theta gives. */
  readonly generic: {
    readonly rankJacobian: number;
    readonly rankLaws: number;
    readonly recoverable: boolean;
  };
  /**
   * Verdict on the intrinsic metric property at theta (MATH.md §3): `'holds'` when recoverable
   * with complete laws (recoverability implies it), `'fails'` when kernel inclusion fails
   * (Theorem 2.14, a necessary condition), `'undecided'` otherwise.
   */
  readonly intrinsic: 'holds' | 'fails' | 'undecided';
}

/**
 * The intrinsic-dynamics criteria of MATH.md §3 at one parameter theta: recoverability
 * (rank [Dphi; Dh] = D), kernel inclusion (Theorem 2.14: ker Dphi ∩ ker Dh ⊆ ker DM, with DM
 * computed from the exact second derivatives of the polynomial components, never by finite
 * differences) and the Frobenius property, with the numbers behind each.
 *
 * DM(theta)[v] = B Dphiᵀ + Dphi Bᵀ with B_ij = Σ_k ∂_j ∂_k phi_i(theta) v_k. When theta has integer
 * entries the ranks are exact (mod p; a full rank mod p proves full rank over Q); otherwise they
 * are SVD ranks with relative threshold `rtol`, and `singularValues` shows the gap. The
 * intersection and the witness always come from the float SVD.
 *
 * @param input - a Lifting, or polynomials phi_i (`Polynomial[]` or `{ polynomials, knownLaws? }`)
 * @param theta - the parameter, D finite numbers
 * @param options - see {@link CheckCriteriaOptions}
 * @returns the verdicts and numbers; see {@link CheckCriteriaResult}
 * @throws TypeError if the input has no polynomial components (raw fields); RangeError if theta
 *   has the wrong length or a non-finite entry, or on a bad option
 * @example
 * const lift = twoLayerLifting([2, 2, 2]);
 * const r = checkCriteria(lift, [1, 2, 3, 4, 5, 6, 7, 8]);
 * r.kernelInclusion.holds; // false (a generic theta; MATH.md §4.3)
 * r.kernelInclusion.dimension; // 1 = r(r - 1)/2
 * r.kernelInclusion.defect; // 1.00… (max |DM(theta) v|)
 * r.intrinsic; // 'fails'
 * @see MATH.md §3 (criteria), §4.3 (two-layer linear necessity)
 */
export function checkCriteria(
  input: LawInput,
  theta: ArrayLike<number>,
  options: CheckCriteriaOptions = {},
): CheckCriteriaResult {
  const fn = 'checkCriteria';
  checkBudget(checkCriteriaCost(input, options), options.budget);
  const norm = normalizeInput(fn, input);
  if (norm.kind !== 'gradients') {
    throw new TypeError(
      `${fn}: input must have polynomial components phi_i (a Lifting or polynomials), got raw fields`,
    );
  }
  const D = norm.D;
  if (theta === null || typeof theta !== 'object' || typeof theta.length !== 'number') {
    throw new TypeError(`${fn}: theta must be an array of numbers`);
  }
  if (theta.length !== D) throw new RangeError(`${fn}: theta has length ${theta.length}, expected D = ${D}`);
  for (let i = 0; i < D; i++) {
    if (!Number.isFinite(theta[i]))
      throw new RangeError(`${fn}: theta[${i}] = ${String(theta[i])} is not finite`);
  }
  const rtol = options.rtol ?? 1e-8;
  const inclusionTol = options.inclusionTol ?? 1e-8;
  for (const [name, v] of [
    ['rtol', rtol],
    ['inclusionTol', inclusionTol],
  ] as const) {
    if (!(v >= 0) || !Number.isFinite(v))
      throw new RangeError(`${fn}: options.${name} must be a finite number >= 0, got ${v}`);
  }
  const phis = norm.polynomials;
  const laws: readonly Polynomial[] =
    options.laws ??
    (norm.knownLaws !== null && norm.knownLaws.length > 0
      ? norm.knownLaws
      : findLaws({ polynomials: phis }, { degree: 2 }).laws.map((l) => l.polynomial));
  const x = Float64Array.from(theta);
  const d = phis.length;

  // First and second derivatives, exact polynomials evaluated at theta.
  const J = new Matrix(d, D);
  const hess: { j: number; k: number; v: number }[][] = [];
  let hessNorm2 = 0;
  phis.forEach((phi, i) => {
    const entries: { j: number; k: number; v: number }[] = [];
    for (const j of variablesOf(phi)) {
      const dj = phi.derivative(j);
      J.set(i, j, dj.evaluate(x));
      for (const k of variablesOf(dj)) {
        const v = dj.derivative(k).evaluate(x);
        if (v !== 0) {
          entries.push({ j, k, v });
          hessNorm2 += v * v;
        }
      }
    }
    hess.push(entries);
  });
  const Jh = new Matrix(laws.length, D);
  laws.forEach((h, r) => {
    for (const j of variablesOf(h)) Jh.set(r, j, h.derivative(j).evaluate(x));
  });
  // theta so large that a derivative overflows: say so, not a rank test on an infinite matrix
  // (the metric M = Dphi Dphiᵀ and the Gram matrices square these entries)
  const squares = (M: Matrix) => M.to1DArray().reduce((s, v) => s + v * v, 0);
  const overflowed =
    firstNonFinite(J.to1DArray()) >= 0
      ? 'Dphi(theta)'
      : !Number.isFinite(squares(J))
        ? 'M(theta) = Dphi Dphi^T'
        : !Number.isFinite(hessNorm2)
          ? 'D²phi(theta)'
          : !Number.isFinite(squares(Jh))
            ? 'Dh(theta)'
            : null;
  if (overflowed !== null) throw new OverflowError({ field: overflowed, context: '(theta is too large)' });
  const stacked = new Matrix(d + laws.length, D);
  stacked.setSubMatrix(J, 0, 0);
  if (laws.length > 0) stacked.setSubMatrix(Jh, d, 0);

  const integral = Array.from(x).every((t) => Number.isSafeInteger(t));
  let rankJacobian: number;
  let rankLaws: number;
  let rankStacked: number;
  if (integral) {
    const p = PRIME;
    const xm = Float64Array.from(x, (t) => ((t % p) + p) % p);
    const gj = modGradients(phis, xm, p, D);
    const gh = modGradients(laws, xm, p, D);
    rankJacobian = modRank(gj, D);
    rankLaws = modRank(gh, D);
    rankStacked = modRank([...gj, ...gh], D);
  } else {
    rankJacobian = numericRank(J, rtol);
    rankLaws = laws.length > 0 ? numericRank(Jh, rtol) : 0;
    rankStacked = numericRank(stacked, rtol);
  }

  // Kernel inclusion.
  const K = nullSpace(stacked, rtol);
  const k = K.columns;
  let kernelInclusion: KernelInclusion = { holds: true, dimension: 0 };
  if (k > 0) {
    const dms: Matrix[] = [];
    for (let c = 0; c < k; c++) dms.push(dmApply(J, hess, K.getColumn(c), d, D));
    const gram = new Matrix(k, k);
    for (let a = 0; a < k; a++) {
      for (let b = a; b < k; b++) {
        let s = 0;
        const A = dms[a] as Matrix;
        const B = dms[b] as Matrix;
        for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) s += A.get(i, j) * B.get(i, j);
        gram.set(a, b, s);
        gram.set(b, a, s);
      }
    }
    const eig = symmetricEigen(gram);
    let top = 0;
    for (let a = 1; a < k; a++) if (eig.values[a]! > eig.values[top]!) top = a;
    const u = eig.vectors.getColumn(top);
    const witness = new Float64Array(D);
    for (let c = 0; c < k; c++) for (let i = 0; i < D; i++) witness[i] = witness[i]! + u[c]! * K.get(i, c);
    const dmv = dmApply(J, hess, Array.from(witness), d, D);
    let defect = 0;
    let norm2 = 0;
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        const v = dmv.get(i, j);
        defect = Math.max(defect, Math.abs(v));
        norm2 += v * v;
      }
    }
    const defectNorm = Math.sqrt(norm2);
    const scale = 2 * J.norm('frobenius') * Math.sqrt(hessNorm2);
    const relativeDefect = scale > 0 ? defectNorm / scale : defectNorm;
    kernelInclusion = {
      holds: relativeDefect <= inclusionTol,
      dimension: k,
      witness,
      defect,
      defectNorm,
      relativeDefect,
    };
  }

  const certified =
    laws.length > 0
      ? countLaws({ polynomials: phis, knownLaws: laws }, { mode: 'certify' })
      : countLaws({ polynomials: phis });
  const lawsComplete = laws.length > 0 ? certified.complete === true : certified.laws === 0;
  // Generic reference ranks at a random point.
  const rng = createRng(options.seed ?? 0);
  const xr = new Float64Array(D);
  for (let i = 0; i < D; i++) xr[i] = rng.integer(1, PRIME - 1);
  const rgj = modGradients(phis, xr, PRIME, D);
  const rgh = modGradients(laws, xr, PRIME, D);
  const generic = {
    rankJacobian: modRank(rgj, D),
    rankLaws: modRank(rgh, D),
    recoverable: modRank([...rgj, ...rgh], D) === D,
  };
  const recoverable = rankStacked === D;
  const frobenius = rankJacobian === D - rankLaws;
  return {
    D,
    exact: integral,
    rankJacobian,
    rankLaws,
    rankStacked,
    recoverable,
    frobenius,
    kernelInclusion,
    singularValues: singularValues(stacked),
    lawsComplete,
    laws: laws.length,
    generic,
    intrinsic:
      recoverable && lawsComplete ? 'holds' : !kernelInclusion.holds && lawsComplete ? 'fails' : 'undecided',
  };
}

function variablesOf(q: Polynomial): number[] {
  const s = new Set<number>();
  for (const t of q.terms()) for (const v of t.variables) s.add(v);
  return [...s].sort((a, b) => a - b);
}

function modGradients(polys: readonly Polynomial[], x: Float64Array, p: number, D: number): Float64Array[] {
  const acc = new Accumulator(D);
  return polys.map((q) => {
    gradientCompiled(compilePolynomial(q, p), x, p, acc);
    const g = acc.flush();
    const row = new Float64Array(D);
    for (let k = 0; k < g.n; k++) row[g.idx[k]!] = g.val[k]!;
    return row;
  });
}

/** DM(theta)[v] = B Jᵀ + J Bᵀ with B_ij = Σ_k H_i[j,k] v_k. */
function dmApply(
  J: Matrix,
  hess: readonly { j: number; k: number; v: number }[][],
  v: ArrayLike<number>,
  d: number,
  D: number,
): Matrix {
  const B = new Matrix(d, D);
  hess.forEach((entries, i) => {
    for (const e of entries) B.set(i, e.j, B.get(i, e.j) + e.v * v[e.k]!);
  });
  const BJt = B.mmul(J.transpose());
  return Matrix.add(BJt, BJt.transpose());
}
