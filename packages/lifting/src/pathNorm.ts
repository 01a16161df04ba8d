import { describeValue } from '@idyn/linalg';
import type { Network } from '@idyn/graph';
import { netArrays } from './internal/netArrays.js';
import { checkNetwork } from './internal/network.js';
import { checkVector } from './internal/validate.js';

/** Options of {@link pathNorm}. */
export interface PathNormOptions {
  /**
   * The exponent q ≥ 1 of ‖Phi(theta)‖_q^q.
   * @default 1
   */
  q?: number;
  /**
   * Whether to compute the gradient (one more, backward, pass); without it the cost is one forward
   * pass.
   * @default true
   */
  gradient?: boolean;
}

/** Result of {@link pathNorm}. */
export interface PathNormResult {
  /** ‖Phi(theta)‖_q^q = Σ_p |Phi_p(theta)|^q. */
  value: number;
  /**
   * Its gradient with respect to theta (length D). Where theta_e = 0 and q = 1 the function is
   * not differentiable; the entry is then 0 (the minimal-norm subgradient's value there). `null` when `options.gradient` is false.
   */
  gradient: Float64Array | null;
}

/**
 * The q-path-norm ‖Phi(theta)‖_q^q and its gradient without enumerating paths, by one forward
 * and one backward pass (time linear in the edges): every weight and bias is replaced by |.|^q,
 * every activation by the identity (a max-pool becomes a sum), the input by all ones, and the
 * outputs are summed (MATH.md §1).
 *
 * Forward: s(v) = 1 on inputs, s(v) = |b_v|^q + Σ_{u→v} |w_{u→v}|^q s(u) (weight 1 into a max-pool,
 * |c|^q for a fixed weight c). Backward: r(v) = [v output] + Σ_{v→w} |w_{v→w}|^q r(w); then
 * ∂/∂w_{u→v} = q |w|^{q-1} sign(w) s(u) r(v) and ∂/∂b_v = q |b_v|^{q-1} sign(b_v) r(v). With shared
 * parameters the forward pass reads the shared |θ_j|^q on every edge carrying j and the gradient
 * entry of θ_j adds up over those edges (MATH.md §7).
 *
 * @param net - a validated network of `@idyn/graph`
 * @param theta - parameters, length D
 * @param options - see {@link PathNormOptions}
 * @returns the value and its gradient (`null` with `gradient: false`)
 * @throws TypeError if `net` is not a network or `options.gradient` is not a boolean; RangeError if
 *   theta has the wrong length or a non-finite entry, or q is not a finite number ≥ 1
 * @example
 * const net = parseNetwork('linear:1-1-1');
 * pathNorm(net, [2, -3], { q: 2 }).value; // 36 = (2 · 3)^2
 * pathNorm(net, [2, -3]); // { value: 6, gradient: Float64Array [3, -2] }
 * @see MATH.md §1 (path-norm by one forward pass), §7 (shared weights); Gonon et al. (ICLR 2024)
 */
export function pathNorm(
  net: Network,
  theta: ArrayLike<number>,
  options: PathNormOptions = {},
): PathNormResult {
  const fn = 'pathNorm';
  checkNetwork(fn, net);
  const t = checkVector(fn, 'theta', theta, net.D, 'D');
  const q = options.q ?? 1;
  if (typeof q !== 'number' || !Number.isFinite(q) || q < 1) {
    throw new RangeError(`${fn}: options.q must be a finite number >= 1, got ${describeValue(q)}`);
  }
  const wantGradient = options.gradient ?? true;
  if (typeof wantGradient !== 'boolean') {
    throw new TypeError(`${fn}: options.gradient must be a boolean, got ${describeValue(wantGradient)}`);
  }
  const D = net.D;
  const { from, to, edgeParam, biasParam, topo, inPtr, inEdges, outPtr, outEdges, isInput, isOutput } =
    netArrays(net);
  // a = |theta|^q and da = q |theta|^{q-1} sign(theta) (taken as 0 at 0, also for q = 1), in
  // loops specialised on q so that the passes below only read arrays.
  const a = new Float64Array(D);
  const da = new Float64Array(wantGradient ? D : 0);
  if (!wantGradient) {
    if (q === 1) for (let k = 0; k < D; k++) a[k] = Math.abs(t[k]!);
    else if (q === 2) for (let k = 0; k < D; k++) a[k] = t[k]! * t[k]!;
    else for (let k = 0; k < D; k++) a[k] = Math.abs(t[k]!) ** q;
  } else if (q === 1) {
    for (let k = 0; k < D; k++) {
      const x = t[k]!;
      a[k] = Math.abs(x);
      da[k] = x > 0 ? 1 : x < 0 ? -1 : 0;
    }
  } else if (q === 2) {
    for (let k = 0; k < D; k++) {
      const x = t[k]!;
      a[k] = x * x;
      da[k] = 2 * x;
    }
  } else {
    for (let k = 0; k < D; k++) {
      const x = t[k]!;
      const m = Math.abs(x);
      a[k] = m ** q;
      da[k] = x === 0 ? 0 : q * m ** (q - 1) * Math.sign(x);
    }
  }
  // Two fused passes: forward s(v) (storing |w_e|^q), backward r(v) with the gradient entries.
  const E = from.length;
  // |c|^q of parameter-free edges (1 into a max-pool, |weight|^q for a fixed weight).
  const fixedPow = Float64Array.from(net.fixedWeight, (c) => (Number.isNaN(c) ? 0 : Math.abs(c) ** q));
  const w = new Float64Array(E);
  const n = topo.length;
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = topo[i]!;
    if (isInput[v]) {
      s[v] = 1;
      continue;
    }
    const bp = biasParam[v]!;
    let x = bp >= 0 ? a[bp]! : 0;
    for (let j = inPtr[v]!; j < inPtr[v + 1]!; j++) {
      const e = inEdges[j]!;
      const k = edgeParam[e]!;
      const we = k < 0 ? fixedPow[e]! : a[k]!;
      w[e] = we;
      x += we * s[from[e]!]!;
    }
    s[v] = x;
  }
  let value = 0;
  for (let j = 0; j < isOutput.length; j++) if (isOutput[j]) value += s[j]!;
  if (!wantGradient) return { value, gradient: null };
  const r = new Float64Array(n);
  const gradient = new Float64Array(D);
  for (let i = n - 1; i >= 0; i--) {
    const v = topo[i]!;
    const sv = s[v]!;
    let x = isOutput[v] ? 1 : 0;
    for (let j = outPtr[v]!; j < outPtr[v + 1]!; j++) {
      const e = outEdges[j]!;
      const rw = r[to[e]!]!;
      x += w[e]! * rw;
      const k = edgeParam[e]!;
      if (k >= 0) gradient[k]! += da[k]! * sv * rw;
    }
    r[v] = x;
    const bp = biasParam[v]!;
    if (bp >= 0) gradient[bp]! += da[bp]! * x;
  }
  return { value, gradient };
}
