import { maxAbs } from '@idyn/linalg';
/**
 * Shared test helpers: dense reference computations that are independent of the liftings' own
 * jvp/vjp/metric code (central finite differences of phi, products with the dense Jacobian).
 */
import type { createRng } from '@idyn/linalg';
import type { Lifting } from '../src/Lifting.js';

/** Central finite-difference Jacobian of phi at theta, d x D row-major (error O(h^2)). */
export function fdJacobian(lift: Lifting, theta: ArrayLike<number>, h = 1e-6): Float64Array {
  const { d, D } = lift;
  const J = new Float64Array(d * D);
  const t = Float64Array.from(theta);
  for (let c = 0; c < D; c++) {
    const x = t[c]!;
    t[c] = x + h;
    const zp = lift.phi(t);
    t[c] = x - h;
    const zm = lift.phi(t);
    t[c] = x;
    for (let r = 0; r < d; r++) J[r * D + c] = (zp[r]! - zm[r]!) / (2 * h);
  }
  return J;
}

/** The dense Jacobian of a lifting as a row-major Float64Array. */
export function denseJacobian(lift: Lifting, theta: ArrayLike<number>): Float64Array {
  return Float64Array.from(lift.jacobian(theta).to1DArray());
}

/** J v for a row-major d x D matrix. */
export function mulJ(J: Float64Array, d: number, D: number, v: ArrayLike<number>): Float64Array {
  const out = new Float64Array(d);
  for (let r = 0; r < d; r++) {
    let s = 0;
    for (let c = 0; c < D; c++) s += J[r * D + c]! * v[c]!;
    out[r] = s;
  }
  return out;
}

/** J^T g for a row-major d x D matrix. */
export function mulJt(J: Float64Array, d: number, D: number, g: ArrayLike<number>): Float64Array {
  const out = new Float64Array(D);
  for (let r = 0; r < d; r++) for (let c = 0; c < D; c++) out[c]! += J[r * D + c]! * g[r]!;
  return out;
}

/** The dense metric M = J J^T times G. */
export function denseMetricProduct(
  J: Float64Array,
  d: number,
  D: number,
  G: ArrayLike<number>,
): Float64Array {
  return mulJ(J, d, D, mulJt(J, d, D, G));
}

/** Max-abs of a vector (for scale-aware tolerances): `maxAbs` of `@idyn/linalg`. */
export { maxAbs };

/** Product of row-major matrices a (p x q) and b (q x s). */
export function mm(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  p: number,
  q: number,
  s: number,
): Float64Array {
  const c = new Float64Array(p * s);
  for (let i = 0; i < p; i++)
    for (let k = 0; k < q; k++) for (let j = 0; j < s; j++) c[i * s + j]! += a[i * q + k]! * b[k * s + j]!;
  return c;
}

/** Random r x r matrix and its inverse transpose via Gauss-Jordan (well conditioned: I + 0.3 N). */
export function invertibleAndInvT(
  rng: ReturnType<typeof createRng>,
  r: number,
): { A: Float64Array; AinvT: Float64Array } {
  const A = rng.normals(r * r, 0.3);
  for (let i = 0; i < r; i++) A[i * r + i]! += 1;
  const aug = Array.from({ length: r }, (_, i) => [
    ...Array.from({ length: r }, (_, j) => A[i * r + j]!),
    ...Array.from({ length: r }, (_, j) => (i === j ? 1 : 0)),
  ]);
  for (let c = 0; c < r; c++) {
    let piv = c;
    for (let i = c + 1; i < r; i++) if (Math.abs(aug[i]![c]!) > Math.abs(aug[piv]![c]!)) piv = i;
    [aug[c], aug[piv]] = [aug[piv]!, aug[c]!];
    const p = aug[c]![c]!;
    for (let j = 0; j < 2 * r; j++) aug[c]![j]! /= p;
    for (let i = 0; i < r; i++) {
      if (i === c) continue;
      const f = aug[i]![c]!;
      for (let j = 0; j < 2 * r; j++) aug[i]![j]! -= f * aug[c]![j]!;
    }
  }
  const AinvT = new Float64Array(r * r);
  for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) AinvT[j * r + i] = aug[i]![r + j]!;
  return { A, AinvT };
}

/** Random orthogonal r x r matrix by Gram-Schmidt on a Gaussian matrix. */
export function orthogonal(rng: ReturnType<typeof createRng>, r: number): Float64Array {
  const Q = rng.normals(r * r);
  for (let j = 0; j < r; j++) {
    for (let k = 0; k < j; k++) {
      let dot = 0;
      for (let i = 0; i < r; i++) dot += Q[i * r + j]! * Q[i * r + k]!;
      for (let i = 0; i < r; i++) Q[i * r + j]! -= dot * Q[i * r + k]!;
    }
    let nrm = 0;
    for (let i = 0; i < r; i++) nrm += Q[i * r + j]! ** 2;
    for (let i = 0; i < r; i++) Q[i * r + j]! /= Math.sqrt(nrm);
  }
  return Q;
}
