import { twoLayerReluMetricUnchecked, twoLayerShape } from './internal/twoLayer.js';
import { checkVector } from './internal/validate.js';

/** Options of {@link twoLayerReluMetric}. */
export interface TwoLayerReluMetricOptions {
  /** Whether hidden neurons have a bias (an extra input column of ones). @default false */
  bias?: boolean;
}

/**
 * The closed-form intrinsic metric of a two-layer ReLU network, neuron by neuron (MATH.md §4.1):
 * with z_j = u_j v_jᵀ (nOut x nIn', row-major block j of z, nIn' = nIn + 1 with a bias),
 * delta_j = ‖v_j‖² − ‖u_j‖², rho_j = √(delta_j² + 4‖z_j‖²_F), a_j = ‖u_j‖² = (rho_j − delta_j)/2,
 * b_j = ‖v_j‖² = (rho_j + delta_j)/2,
 * (K(z) G)_j = z_j z_jᵀ G_j / b_j + G_j z_jᵀ z_j / a_j,
 * so that z_j' = −(K(z) ∇f(z))_j. It equals M(theta) G = u_j u_jᵀ G_j + G_j v_j v_jᵀ because
 * u_j u_jᵀ = z_j z_jᵀ / b_j and v_j v_jᵀ = z_jᵀ z_j / a_j. z layout: that of
 * `twoLayerReluLifting` of `@idyn/lifting` (block j, then output a, then input i).
 *
 * @param z - the lifted point, length nHidden · nOut · nIn'
 * @param G - the cotangent (typically ∇f(z)), same length
 * @param delta - the laws delta_j, length nHidden
 * @param widths - `[nIn, nHidden, nOut]`, input first
 * @param options - see {@link TwoLayerReluMetricOptions}
 * @returns K(z) G, same length as z
 * @throws RangeError if some z_j = 0 (naming j: there a_j b_j = 0 and M is not a function of z),
 *   or on a bad shape, length or non-finite entry; TypeError on a wrong type
 * @example
 * // one neuron, one input, one output: z = u v, K(z) g = (z²/b + z²/a) g = (u² + v²) g
 * twoLayerReluMetric([6], [1], [9 - 4], [1, 1, 1]); // Float64Array [13] (u = 2, v = 3)
 * @see MATH.md §4.1
 */
export function twoLayerReluMetric(
  z: ArrayLike<number>,
  G: ArrayLike<number>,
  delta: ArrayLike<number>,
  widths: readonly number[],
  options: TwoLayerReluMetricOptions = {},
): Float64Array {
  const fn = 'twoLayerReluMetric';
  const { H, nOut, ni, d } = twoLayerShape(fn, widths, options.bias);
  const zz = checkVector(fn, 'z', z, d, 'nHidden * nOut * nIn');
  const g = checkVector(fn, 'G', G, d, 'nHidden * nOut * nIn');
  const dl = checkVector(fn, 'delta', delta, H, 'nHidden');
  return twoLayerReluMetricUnchecked(fn, zz, g, dl, H, nOut, ni);
}
