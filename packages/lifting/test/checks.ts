import { maxAbs } from '@idyn/linalg';
/**
 * Shared test helpers: dense reference computations that are independent of the liftings' own
 * jvp/vjp/metric code (central finite differences of phi, products with the dense Jacobian).
 */
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
