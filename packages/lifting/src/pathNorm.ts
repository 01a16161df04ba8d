import type { Network } from '@idyn/graph';
import { checkNetwork } from './internal/network.js';
import { checkVector, describe } from './internal/validate.js';

/** Options of {@link pathNorm}. */
export interface PathNormOptions {
  /**
   * The exponent q ≥ 1 of ‖Phi(theta)‖_q^q.
   * @default 1
   */
  q?: number;
}

/** Result of {@link pathNorm}. */
export interface PathNormResult {
  /** ‖Phi(theta)‖_q^q = Σ_p |Phi_p(theta)|^q. */
  value: number;
  /**
   * Its gradient with respect to theta (length D). Where theta_e = 0 and q = 1 the function is
   * not differentiable; the entry is then 0 (the minimal-norm subgradient's value there).
   */
  gradient: Float64Array;
}

/**
 * The q-path-norm ‖Phi(theta)‖_q^q and its gradient without enumerating paths, by one forward
 * and one backward pass (time linear in the edges): every weight and bias is replaced by |.|^q,
 * every activation by the identity (a max-pool becomes a sum), the input by all ones, and the
 * outputs are summed (MATH.md §1).
 *
 * Forward: s(v) = 1 on inputs, s(v) = |b_v|^q + Σ_{u→v} |w_{u→v}|^q s(u) (weight 1 into a max-pool).
 * Backward: r(v) = [v output] + Σ_{v→w} |w_{v→w}|^q r(w); then
 * ∂/∂w_{u→v} = q |w|^{q-1} sign(w) s(u) r(v) and ∂/∂b_v = q |b_v|^{q-1} sign(b_v) r(v).
 *
 * @param net - a validated network of `@idyn/graph`
 * @param theta - parameters, length D
 * @param options - see {@link PathNormOptions}
 * @returns the value and its gradient
 * @throws TypeError if `net` is not a network; RangeError if theta has the wrong length or a
 *   non-finite entry, or q is not a finite number ≥ 1
 * @example
 * const net = parseNetwork('linear:1-1-1');
 * pathNorm(net, [2, -3], { q: 2 }).value; // 36 = (2 · 3)^2
 * @see MATH.md §1 (path-norm by one forward pass); Gonon et al. (ICLR 2024)
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
    throw new RangeError(`${fn}: options.q must be a finite number >= 1, got ${describe(q)}`);
  }
  const D = net.D;
  const a = new Float64Array(D);
  for (let k = 0; k < D; k++) a[k] = Math.abs(t[k]!) ** q;
  const weight = (e: number) => {
    const k = net.edgeParam[e]!;
    return k < 0 ? 1 : a[k]!;
  };
  const n = net.nodes.length;
  const s = new Float64Array(n);
  for (const v of net.topoOrder) {
    if (net.nodes[v]!.kind === 'input') {
      s[v] = 1;
      continue;
    }
    const bp = net.biasParam[v]!;
    let x = bp >= 0 ? a[bp]! : 0;
    for (const e of net.inEdges[v]!) x += weight(e) * s[net.edges[e]!.from]!;
    s[v] = x;
  }
  const r = new Float64Array(n);
  let value = 0;
  for (let i = net.topoOrder.length - 1; i >= 0; i--) {
    const v = net.topoOrder[i]!;
    let x = net.nodes[v]!.kind === 'output' ? 1 : 0;
    for (const e of net.outEdges[v]!) x += weight(e) * r[net.edges[e]!.to]!;
    r[v] = x;
    if (net.nodes[v]!.kind === 'output') value += s[v]!;
  }
  // d|x|^q/dx = q |x|^{q-1} sign(x), taken as 0 at x = 0 (also for q = 1).
  const dpow = (x: number) => (x === 0 ? 0 : q * Math.abs(x) ** (q - 1) * Math.sign(x));
  const gradient = new Float64Array(D);
  for (let e = 0; e < net.edges.length; e++) {
    const k = net.edgeParam[e]!;
    if (k < 0) continue;
    const { from, to } = net.edges[e]!;
    gradient[k] = dpow(t[k]!) * s[from]! * r[to]!;
  }
  for (let v = 0; v < n; v++) {
    const k = net.biasParam[v]!;
    if (k >= 0) gradient[k] = dpow(t[k]!) * r[v]!;
  }
  return { value, gradient };
}
