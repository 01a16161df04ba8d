import { checkInteger, checkVector, describe } from './internal/validate.js';

/** Options of {@link twoLayerReluMetric}: the shape of the network. */
export interface TwoLayerReluMetricOptions {
  /** Number of inputs. */
  nIn: number;
  /** Number of hidden neurons. */
  nHidden: number;
  /** Number of outputs. */
  nOut: number;
  /** Whether hidden neurons have a bias (an extra input column of ones). @default false */
  bias?: boolean;
}

/** Per-neuron quantities of MATH.md §4.1: a_j = ‖u_j‖², b_j = ‖v_j‖² on the leaf. */
export interface TwoLayerReluNorms {
  /** a_j = ‖u_j‖² = (rho_j − delta_j)/2. */
  readonly a: Float64Array;
  /** b_j = ‖v_j‖² = (rho_j + delta_j)/2. */
  readonly b: Float64Array;
}

/** Validated shape: ni = nIn (+1 with bias). */
export function twoLayerShape(fn: string, options: TwoLayerReluMetricOptions) {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(
      `${fn}: options { nIn, nHidden, nOut, bias? } are required, got ${describe(options)}`,
    );
  }
  const nIn = checkInteger(fn, 'options.nIn', options.nIn, 1);
  const H = checkInteger(fn, 'options.nHidden', options.nHidden, 1);
  const nOut = checkInteger(fn, 'options.nOut', options.nOut, 1);
  const bias = options.bias ?? false;
  if (typeof bias !== 'boolean')
    throw new TypeError(`${fn}: options.bias must be a boolean, got ${describe(bias)}`);
  const ni = nIn + (bias ? 1 : 0);
  return { nIn, H, nOut, ni, bias, d: H * nOut * ni };
}

/**
 * a_j and b_j from ‖z_j‖² and delta_j, without cancellation: the larger one is
 * (rho + |delta|)/2 and the other ‖z_j‖²/(larger), since a_j b_j = ‖z_j‖²_F.
 */
export function normsFromBlock(z2: number, delta: number): { a: number; b: number } {
  const rho = Math.sqrt(delta * delta + 4 * z2);
  if (delta >= 0) {
    const b = (rho + delta) / 2;
    return { a: z2 / b, b };
  }
  const a = (rho - delta) / 2;
  return { a, b: z2 / a };
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
 * @param options - the shape, see {@link TwoLayerReluMetricOptions}
 * @returns K(z) G, same length as z
 * @throws RangeError if some z_j = 0 (naming j: there a_j b_j = 0 and M is not a function of z),
 *   or on a bad shape, length or non-finite entry; TypeError on a wrong type
 * @example
 * // one neuron, one input, one output: z = u v, K(z) g = (z²/b + z²/a) g = (u² + v²) g
 * twoLayerReluMetric([6], [1], [9 - 4], { nIn: 1, nHidden: 1, nOut: 1 }); // Float64Array [13] (u = 2, v = 3)
 * @see MATH.md §4.1
 */
export function twoLayerReluMetric(
  z: ArrayLike<number>,
  G: ArrayLike<number>,
  delta: ArrayLike<number>,
  options: TwoLayerReluMetricOptions,
): Float64Array {
  const fn = 'twoLayerReluMetric';
  const { H, nOut, ni, d } = twoLayerShape(fn, options);
  const zz = checkVector(fn, 'z', z, d, 'nHidden * nOut * nIn');
  const g = checkVector(fn, 'G', G, d, 'nHidden * nOut * nIn');
  const dl = checkVector(fn, 'delta', delta, H, 'nHidden');
  return twoLayerReluMetricUnchecked(fn, zz, g, dl, H, nOut, ni);
}

export function twoLayerReluMetricUnchecked(
  fn: string,
  z: Float64Array,
  G: Float64Array,
  delta: Float64Array,
  H: number,
  nOut: number,
  ni: number,
): Float64Array {
  const out = new Float64Array(z.length);
  const blk = nOut * ni;
  const A = new Float64Array(nOut * nOut);
  const B = new Float64Array(ni * ni);
  for (let j = 0; j < H; j++) {
    const o = j * blk;
    let z2 = 0;
    for (let k = 0; k < blk; k++) z2 += z[o + k]! * z[o + k]!;
    if (z2 === 0) {
      throw new RangeError(
        `${fn}: z_${j} = 0 for hidden neuron j = ${j}: one of u_${j}, v_${j} vanishes, a_${j} b_${j} = 0 and the metric is not a function of z there (MATH.md §4.1)`,
      );
    }
    const { a, b } = normsFromBlock(z2, delta[j]!);
    // A = z_j z_jᵀ / b (= u uᵀ), B = z_jᵀ z_j / a (= v vᵀ)
    for (let r = 0; r < nOut; r++) {
      for (let s = 0; s < nOut; s++) {
        let acc = 0;
        for (let i = 0; i < ni; i++) acc += z[o + r * ni + i]! * z[o + s * ni + i]!;
        A[r * nOut + s] = acc / b;
      }
    }
    for (let r = 0; r < ni; r++) {
      for (let s = 0; s < ni; s++) {
        let acc = 0;
        for (let k = 0; k < nOut; k++) acc += z[o + k * ni + r]! * z[o + k * ni + s]!;
        B[r * ni + s] = acc / a;
      }
    }
    for (let r = 0; r < nOut; r++) {
      for (let i = 0; i < ni; i++) {
        let acc = 0;
        for (let s = 0; s < nOut; s++) acc += A[r * nOut + s]! * G[o + s * ni + i]!;
        for (let s = 0; s < ni; s++) acc += G[o + r * ni + s]! * B[s * ni + i]!;
        out[o + r * ni + i] = acc;
      }
    }
  }
  return out;
}
