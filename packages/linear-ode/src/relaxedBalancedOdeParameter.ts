import { checkInteger, haarOrthogonal, maxAbs } from '@idyn/linalg';
import type { Rng } from '@idyn/linalg';
import { Matrix } from 'ml-matrix';
import { add, expm, scale, sub } from './internal/dense.js';
import { rngOf } from './internal/rng.js';
import { checkFinite, checkSquare } from './internal/validate.js';
import type { MatrixFunction } from './interpolateParameter.js';

/** Options of {@link relaxedBalancedOdeParameter}. */
export interface RelaxedBalancedOdeParameterOptions {
  /** Size n of the square matrices. */
  n: number;
  /** λ(s): a constant or a function on [0, 1]. @default 0 */
  lambda?: number | ((s: number) => number);
  /**
   * Λ(s) = ∫₀ˢ λ. @default λ·s for a constant λ; otherwise 5-point Gauss–Legendre on 16 panels of
   * [0, s] (exact to rounding for smooth λ)
   */
  Lambda?: (s: number) => number;
  /** The vector a (length n). @default a_k = 0.5·normal draw */
  a?: ArrayLike<number>;
  /** Constant antisymmetric Ω (n × n). @default 0.5·(B − Bᵀ) with B Gaussian */
  Omega?: Matrix;
  /** Orthogonal Q(0). @default Haar orthogonal */
  Q0?: Matrix;
  /** Seed for the defaults (ignored when `rng` is given). @default 0 */
  seed?: number;
  /** Generator for the defaults. @default createRng(seed) */
  rng?: Rng;
}

/** Result of {@link relaxedBalancedOdeParameter}. */
export interface RelaxedBalancedOdeParameterResult {
  /** A(s) = Ω + Q(s) diag(a + Λ(s)/2) Q(s)ᵀ with Q(s) = exp(sΩ) Q(0). */
  A: MatrixFunction;
  /** ∂_s A(s) = Ω S − S Ω + (λ(s)/2) I, S = Q diag(a + Λ/2) Qᵀ (closed form). */
  derivative: MatrixFunction;
  /** λ(s). */
  lambda: (s: number) => number;
  /** Λ(s). */
  Lambda: (s: number) => number;
  /** The vector a used (given or drawn). */
  a: Float64Array;
  /** The antisymmetric Ω used (given or drawn). */
  Omega: Matrix;
  /** The orthogonal Q(0) used (given or drawn). */
  Q0: Matrix;
}

const GL5 = {
  x: [-0.906179845938664, -0.5384693101056831, 0, 0.5384693101056831, 0.906179845938664],
  w: [0.23692688505618908, 0.47862867049936647, 0.5688888888888889, 0.47862867049936647, 0.23692688505618908],
};

/**
 * The explicit relaxed balanced family of the linear neural ODE:
 * A(s) = Ω + Q(s) diag(a + Λ(s)/2) Q(s)ᵀ, Ω antisymmetric (constant here), Q' = ΩQ (so
 * Q(s) = exp(sΩ)Q(0)), Λ' = λ. Then C(s) = ∂_s(A + Aᵀ) + AᵀA − AAᵀ = λ(s) I: with S = QDQᵀ,
 * ∂_s(2S) = 2(ΩS − SΩ) + λI and AᵀA − AAᵀ = 2(SΩ − ΩS).
 *
 * @param options - n, λ(·) (and optionally Λ), a, Ω, Q(0), seed/rng
 * @returns A, its s-derivative, λ, Λ and the data
 * @throws RangeError on bad sizes, a non-antisymmetric Ω or non-orthogonal Q(0) (to 1e-12)
 * @example
 * const { A } = relaxedBalancedOdeParameter({ n: 3, lambda: (s) => 2 * Math.sin(3 * s) });
 * neuralOdeLaw(A, 0.4); // ≈ 2 sin(1.2) I
 * @see MATH.md §4.5
 */
export function relaxedBalancedOdeParameter(
  options: RelaxedBalancedOdeParameterOptions,
): RelaxedBalancedOdeParameterResult {
  const fn = 'relaxedBalancedOdeParameter';
  const { n } = options;
  checkInteger(fn, 'options.n', n, 1);
  const rng = rngOf(options);
  const lam = options.lambda ?? 0;
  let lambda: (s: number) => number;
  let Lambda: (s: number) => number;
  if (typeof lam === 'number') {
    checkFinite(fn, 'options.lambda', lam);
    lambda = () => lam;
    Lambda = options.Lambda ?? ((s) => lam * s);
  } else if (typeof lam === 'function') {
    lambda = lam;
    Lambda =
      options.Lambda ??
      ((s) => {
        const panels = 16;
        const h = s / panels;
        let sum = 0;
        for (let p = 0; p < panels; p++) {
          const mid = (p + 0.5) * h;
          for (let i = 0; i < 5; i++) sum += GL5.w[i]! * lam(mid + (GL5.x[i]! * h) / 2);
        }
        return (sum * h) / 2;
      });
  } else throw new TypeError(`${fn}: options.lambda must be a number or a function, got ${typeof lam}`);
  const a = new Float64Array(n);
  if (options.a !== undefined) {
    if (options.a.length !== n)
      throw new RangeError(`${fn}: options.a has length ${options.a.length}, expected n = ${n}`);
    for (let k = 0; k < n; k++) {
      checkFinite(fn, `options.a[${k}]`, options.a[k]);
      a[k] = options.a[k]!;
    }
  } else for (let k = 0; k < n; k++) a[k] = 0.5 * rng.normal();
  let Omega: Matrix;
  if (options.Omega !== undefined) {
    checkSquare(fn, 'options.Omega', options.Omega, n);
    if (maxAbs(add(options.Omega, options.Omega.transpose())) > 1e-12 * (1 + maxAbs(options.Omega)))
      throw new RangeError(`${fn}: options.Omega must be antisymmetric`);
    Omega = options.Omega.clone();
  } else {
    const B = new Matrix(n, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) B.set(i, j, rng.normal());
    Omega = scale(sub(B, B.transpose()), 0.5);
  }
  let Q0: Matrix;
  if (options.Q0 !== undefined) {
    checkSquare(fn, 'options.Q0', options.Q0, n);
    if (maxAbs(sub(options.Q0.transpose().mmul(options.Q0), Matrix.eye(n))) > 1e-12)
      throw new RangeError(`${fn}: options.Q0 must be orthogonal (Q0ᵀ Q0 = I to 1e-12)`);
    Q0 = options.Q0.clone();
  } else Q0 = haarOrthogonal(n, rng);
  const S = (s: number): Matrix => {
    const Q = expm(scale(Omega, s)).mmul(Q0);
    const L = Lambda(s);
    const D = Matrix.zeros(n, n);
    for (let k = 0; k < n; k++) D.set(k, k, a[k]! + L / 2);
    return Q.mmul(D).mmul(Q.transpose());
  };
  const A = (s: number): Matrix => add(Omega, S(s));
  const derivative = (s: number): Matrix => {
    const Ss = S(s);
    return add(sub(Omega.mmul(Ss), Ss.mmul(Omega)), scale(Matrix.eye(n), lambda(s) / 2));
  };
  return { A, derivative, lambda, Lambda, a, Omega, Q0 };
}
