import { checkWidths } from '@idyn/linalg';
import { describe } from './validate.js';

/** Validated shape of widths `[nIn, nHidden, nOut]` and `options.bias`: ni = nIn (+1 with bias). */
export function twoLayerShape(fn: string, widths: unknown, biasOption: unknown) {
  const [nIn, H, nOut] = checkWidths(fn, 'widths', widths, 3) as [number, number, number];
  const bias = biasOption ?? false;
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

/** K(z) G of MATH.md §4.1 on validated inputs (block j: nOut x ni, row-major). */
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
