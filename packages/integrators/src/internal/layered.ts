import type { LayerActivation, LayeredFlowProblem } from '../types.js';
import { mulAB, mulABt, mulAtB } from './matmul.js';
import { assertFiniteNumber, assertPositiveInteger, finiteVector, show } from './validate.js';

/**
 * Sizes of a layered network, unchecked (for estimates before validation): D = Σ n_l n_{l−1}
 * (+ Σ_{l≥1} n_l with biases), the hidden neurons H = n_1 + … + n_{L−1} (one law h_v each) and the
 * largest width.
 */
export function layeredSizes(
  widths: readonly number[],
  bias: boolean,
): { D: number; hidden: number; maxWidth: number } {
  let D = 0;
  let hidden = 0;
  for (let l = 1; l < widths.length; l++) {
    D += widths[l]! * widths[l - 1]! + (bias ? widths[l]! : 0);
    if (l < widths.length - 1) hidden += widths[l]!;
  }
  return { D, hidden, maxWidth: Math.max(...widths) };
}

/**
 * Work of one gradient of a layered problem's loss (one right-hand side of its flow), unchecked:
 * forward and backward passes over every sample, 4 × samples × D, for an mse loss; the chain of L
 * products of at most maxWidth × maxWidth by D, 2 × L × D × maxWidth, for the synthetic one.
 */
export function layeredGradientWork(
  widths: readonly number[],
  bias: boolean,
  loss: { readonly type?: string; readonly samples?: number } | undefined,
): number {
  const { D, maxWidth } = layeredSizes(widths, bias);
  return loss?.type === 'mse' ? 4 * (loss.samples ?? 0) * D : 2 * (widths.length - 1) * D * maxWidth;
}

/** The validated shape of a layered network and its θ layout (W_1..W_L row-major, then b_1..b_L). */
export interface LayeredLayout {
  /** Widths n_0, …, n_L. */
  readonly widths: readonly number[];
  /** Number of layers L. */
  readonly layers: number;
  /** relu[l − 1] for hidden layer l = 1..L−1 (false: identity). */
  readonly relu: readonly boolean[];
  /** Whether every non-input layer has a bias. */
  readonly bias: boolean;
  /** D, the length of θ. */
  readonly dim: number;
  /** Offset of W_l in θ, index l − 1. */
  readonly wOffset: readonly number[];
  /** Offset of b_l in θ, index l − 1 (−1 without bias). */
  readonly bOffset: readonly number[];
}

/** A validated layered-flow problem with offsets into θ and preallocated work buffers. */
export interface LayeredModel extends LayeredLayout {
  /** Writes ∇L(θ) into grad and returns L(θ). */
  valueAndGradient(theta: Float64Array, grad: Float64Array): number;
  /**
   * Writes sign · ∇L(θ) into grad (sign ±1; −1 is the flow's right-hand side); returns L(θ) when
   * withValue, else 0 (the loss value is then not computed).
   */
  signedGradient(theta: Float64Array, grad: Float64Array, sign: number, withValue: boolean): number;
}

type SignedGradient = (theta: Float64Array, grad: Float64Array, sign: number, withValue: boolean) => number;

function withGradient(
  base: Omit<LayeredModel, 'valueAndGradient' | 'signedGradient'>,
  g: SignedGradient,
): LayeredModel {
  return { ...base, valueAndGradient: (theta, grad) => g(theta, grad, 1, true), signedGradient: g };
}

/** Validates a layered-flow description and compiles its loss and gradient. */
export function compileLayered(fn: string, p: LayeredFlowProblem): LayeredModel {
  if (!Array.isArray(p.widths) || p.widths.length < 2) {
    throw new RangeError(
      `${fn}: problem.widths must be an array [n_0, ..., n_L] with at least 2 entries, got ${show(p.widths)}`,
    );
  }
  const widths = p.widths.map((w, i) => assertPositiveInteger(fn, `problem.widths[${i}]`, w));
  const L = widths.length - 1;
  let acts: readonly LayerActivation[];
  if (typeof p.activation === 'string') {
    if (p.activation !== 'relu' && p.activation !== 'identity') {
      throw new RangeError(
        `${fn}: problem.activation must be 'relu' or 'identity', got ${show(p.activation)}`,
      );
    }
    acts = new Array<LayerActivation>(L - 1).fill(p.activation);
  } else if (Array.isArray(p.activation)) {
    if (p.activation.length !== L - 1) {
      throw new RangeError(
        `${fn}: problem.activation has length ${p.activation.length}, expected L − 1 = ${L - 1} (one per hidden layer)`,
      );
    }
    acts = p.activation;
  } else {
    throw new TypeError(
      `${fn}: problem.activation must be 'relu', 'identity' or an array of them, got ${show(p.activation)}`,
    );
  }
  acts.forEach((a, i) => {
    if (a !== 'relu' && a !== 'identity') {
      throw new RangeError(`${fn}: problem.activation[${i}] must be 'relu' or 'identity', got ${show(a)}`);
    }
  });
  const relu = acts.map((a) => a === 'relu');
  if (typeof p.bias !== 'boolean') {
    throw new TypeError(`${fn}: problem.bias must be a boolean, got ${show(p.bias)}`);
  }
  const bias = p.bias;
  const wOffset: number[] = [];
  const bOffset: number[] = [];
  let k = 0;
  for (let l = 1; l <= L; l++) {
    wOffset.push(k);
    k += widths[l]! * widths[l - 1]!;
  }
  for (let l = 1; l <= L; l++) {
    bOffset.push(bias ? k : -1);
    if (bias) k += widths[l]!;
  }
  const dim = k;
  const n0 = widths[0]!;
  const nL = widths[L]!;
  const loss = p.loss;
  if (loss === null || typeof loss !== 'object') {
    throw new TypeError(`${fn}: problem.loss must be an object, got ${show(loss)}`);
  }
  const base = { widths, layers: L, relu, bias, dim, wOffset, bOffset };
  if (loss.type === 'synthetic') {
    if (bias || relu.some((r) => r)) {
      throw new RangeError(
        `${fn}: problem.loss.type 'synthetic' needs a linear network (identity activations, bias false), got activation ${show(JSON.stringify(acts))} and bias ${bias}`,
      );
    }
    const Y = finiteVector(fn, 'problem.loss.Y', loss.Y, nL * n0, 'n_L × n_0');
    const q = loss.quartic === undefined ? 0.1 : assertFiniteNumber(fn, 'problem.loss.quartic', loss.quartic);
    return withGradient(base, syntheticGradient(widths, wOffset, Y, q));
  }
  if (loss.type === 'mse') {
    const N = assertPositiveInteger(fn, 'problem.loss.samples', loss.samples);
    const X = finiteVector(fn, 'problem.loss.X', loss.X, N * n0, 'samples × n_0');
    const Y = finiteVector(fn, 'problem.loss.Y', loss.Y, N * nL, 'samples × n_L');
    return withGradient(base, mseGradient(widths, relu, wOffset, bOffset, bias, N, X, Y));
  }
  throw new RangeError(
    `${fn}: problem.loss.type must be 'mse' or 'synthetic', got ${show((loss as { type?: unknown }).type)}`,
  );
}

/**
 * Synthetic loss on z = W_L ⋯ W_1. With Q_l = W_{l−1} ⋯ W_1 and B_l = (W_L ⋯ W_{l+1})ᵀ G,
 * ∇_{W_l} = B_l Q_lᵀ; B_{l−1} = W_lᵀ B_l. Writes sign · ∇L (sign −1: the flow's right-hand side).
 */
function syntheticGradient(
  widths: readonly number[],
  wOffset: readonly number[],
  Y: Float64Array,
  q: number,
): SignedGradient {
  const L = widths.length - 1;
  const n0 = widths[0]!;
  const n1 = widths[1]!;
  const o1 = wOffset[0]!;
  const q4 = q / 4;
  // Q[l] holds Q_{l+1} = W_l ⋯ W_1 (n_l × n_0); Q[0] = I is never formed.
  const Q = widths.map((w) => new Float64Array(w * n0));
  const B = widths.map((w) => new Float64Array(w * n0));
  return (theta, grad, sign, withValue) => {
    // Forward: Q[1] = W_1, Q[l] = W_l Q[l−1].
    const Q1 = Q[1] as Float64Array;
    for (let i = 0; i < n1 * n0; i++) Q1[i] = theta[o1 + i]!;
    for (let l = 2; l <= L; l++) {
      mulAB(
        Q[l] as Float64Array,
        theta,
        wOffset[l - 1]!,
        Q[l - 1] as Float64Array,
        widths[l]!,
        widths[l - 1]!,
        n0,
        null,
        0,
      );
    }
    const z = Q[L] as Float64Array;
    const G = B[L] as Float64Array;
    let value = 0;
    if (withValue) {
      for (let i = 0; i < z.length; i++) {
        const zi = z[i]!;
        const r = zi - Y[i]!;
        value += 0.5 * r * r + q4 * zi * zi * zi * zi;
        G[i] = r + q * zi * zi * zi;
      }
    } else {
      for (let i = 0; i < z.length; i++) {
        const zi = z[i]!;
        G[i] = zi - Y[i]! + q * zi * zi * zi;
      }
    }
    for (let l = L; l >= 2; l--) {
      const rows = widths[l]!;
      const cols = widths[l - 1]!;
      const W = wOffset[l - 1]!;
      const Bl = B[l] as Float64Array;
      // ∇W_l[i, k] = Σ_j B_l[i, j] Q_l[k, j]; then B_{l−1} = W_lᵀ B_l.
      mulABt(grad, W, Bl, Q[l - 1] as Float64Array, rows, n0, cols, sign);
      mulAtB(B[l - 1] as Float64Array, theta, W, Bl, rows, cols, n0);
    }
    // ∇W_1 = B_1 (Q_1 = I).
    const B1 = B[1] as Float64Array;
    for (let i = 0; i < n1 * n0; i++) grad[o1 + i] = sign * B1[i]!;
    return value;
  };
}

/**
 * MSE on a data set, all samples at once with sample-major inner loops: activations are stored
 * transposed, H_l of shape n_l × N, so every inner loop runs over the N samples.
 * Forward: A_l = W_l H_{l−1} + b_l 1ᵀ, H_l = relu(A_l) on hidden ReLU layers. Backward with
 * Δ_L = (H_L − Yᵀ)/N: ∇W_l = Δ_l H_{l−1}ᵀ, ∇b_l = Δ_l 1, Δ_{l−1} = (W_lᵀ Δ_l) ∘ [A_{l−1} > 0].
 * Writes sign · ∇L (sign −1: the flow's right-hand side).
 */
function mseGradient(
  widths: readonly number[],
  relu: readonly boolean[],
  wOffset: readonly number[],
  bOffset: readonly number[],
  bias: boolean,
  N: number,
  X: Float64Array,
  Y: Float64Array,
): SignedGradient {
  const L = widths.length - 1;
  const n0 = widths[0]!;
  const nL = widths[L]!;
  const H = widths.map((w) => new Float64Array(w * N));
  const delta = widths.map((w) => new Float64Array(w * N));
  const H0 = H[0] as Float64Array;
  for (let s = 0; s < N; s++) for (let j = 0; j < n0; j++) H0[j * N + s] = X[s * n0 + j]!;
  const YT = new Float64Array(nL * N);
  for (let s = 0; s < N; s++) for (let j = 0; j < nL; j++) YT[j * N + s] = Y[s * nL + j]!;
  const invN = 1 / N;
  return (theta, grad, sign, withValue) => {
    for (let l = 1; l <= L; l++) {
      const rows = widths[l]!;
      const out = H[l] as Float64Array;
      mulAB(
        out,
        theta,
        wOffset[l - 1]!,
        H[l - 1] as Float64Array,
        rows,
        widths[l - 1]!,
        N,
        bias ? theta : null,
        bOffset[l - 1]!,
      );
      // A ReLU output is 0 exactly when its pre-activation is ≤ 0, so H_l > 0 ⇔ A_l > 0.
      if (l < L && (relu[l - 1] as boolean)) {
        for (let q = 0; q < rows * N; q++) if (!(out[q]! > 0)) out[q] = 0;
      }
    }
    const out = H[L] as Float64Array;
    const dL = delta[L] as Float64Array;
    let value = 0;
    for (let i = 0; i < nL * N; i++) {
      const r = out[i]! - YT[i]!;
      if (withValue) value += r * r;
      dL[i] = r * invN;
    }
    value *= 0.5 * invN;
    for (let l = L; l >= 1; l--) {
      const rows = widths[l]!;
      const cols = widths[l - 1]!;
      const W = wOffset[l - 1]!;
      const dl = delta[l] as Float64Array;
      const prev = H[l - 1] as Float64Array;
      mulABt(grad, W, dl, prev, rows, N, cols, sign);
      if (bias) {
        const bo = bOffset[l - 1]!;
        for (let i = 0; i < rows; i++) {
          const di = i * N;
          let sum = 0;
          for (let s = 0; s < N; s++) sum += dl[di + s]!;
          grad[bo + i] = sign * sum;
        }
      }
      if (l > 1) {
        const dp = delta[l - 1] as Float64Array;
        mulAtB(dp, theta, W, dl, rows, cols, N);
        if (relu[l - 2] as boolean) {
          for (let q = 0; q < cols * N; q++) if (!(prev[q]! > 0)) dp[q] = 0;
        }
      }
    }
    return value;
  };
}

/** The right-hand side θ' = −∇L(θ) of a layered flow. */
export function layeredFlowRhs(
  fn: string,
  p: LayeredFlowProblem,
): { dim: number; model: LayeredModel; rhs: (t: number, y: Float64Array, dydt: Float64Array) => void } {
  const model = compileLayered(fn, p);
  return {
    dim: model.dim,
    model,
    rhs: (_t, y, dydt) => {
      model.signedGradient(y, dydt, -1, false);
    },
  };
}
