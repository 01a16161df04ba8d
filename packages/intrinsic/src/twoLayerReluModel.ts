import { twoLayerReluLifting } from '@idyn/lifting';
import type { IntrinsicModel } from './IntrinsicModel.js';
import { emptyStats } from './internal/stats.js';
import { checkVector } from './internal/validate.js';
import { normsFromBlock, twoLayerReluMetricUnchecked, twoLayerShape } from './internal/twoLayer.js';

/** Options of {@link twoLayerReluModel}. */
export interface TwoLayerReluModelOptions {
  /** Whether hidden neurons have a bias (an extra input column of ones). @default false */
  bias?: boolean;
  /**
   * The laws delta_j of the leaf. Other values than those of theta0 build the metric of another
   * leaf: a negative control.
   * @default the laws of theta0
   */
  laws?: ArrayLike<number>;
}

/**
 * The intrinsic model of a two-layer ReLU network with the closed-form metric of MATH.md §4.1
 * ({@link twoLayerReluMetric}), on the lifting `twoLayerReluLifting([nIn, nHidden, nOut], { bias })`
 * of `@idyn/lifting` (theta = V row-major with the bias last in each row, then U row-major).
 * Nothing is recovered: K(z) depends on z and the laws delta only. `reproject` rescales each neuron
 * by the closed-form factor c_j with c_j² ‖v_j‖² − ‖u_j‖²/c_j² = delta_j.
 *
 * @param widths - `[nIn, nHidden, nOut]`, input first
 * @param theta0 - initial parameters, length nHidden (nIn' + nOut)
 * @param options - see {@link TwoLayerReluModelOptions}
 * @returns the model (with `reproject`)
 * @throws RangeError on a bad shape, theta0 or laws; `metricProduct` throws when some z_j = 0
 * @example
 * const model = twoLayerReluModel([1, 1, 1], [3, 2]); // v = 3, u = 2
 * model.metricProduct([6], [1]); // Float64Array [13] = u² + v²
 * compareFlows(model, { loss: { type: 'synthetic', Y: [1] }, tEnd: 1 }).maxDeviation; // ~1e-12
 * @see MATH.md §4.1
 */
export function twoLayerReluModel(
  widths: readonly number[],
  theta0: ArrayLike<number>,
  options: TwoLayerReluModelOptions = {},
): IntrinsicModel {
  const fn = 'twoLayerReluModel';
  const { nIn, H, nOut, ni, bias, d } = twoLayerShape(fn, widths, options.bias);
  const lift = twoLayerReluLifting([nIn, H, nOut], { bias });
  const t0 = checkVector(fn, 'theta0', theta0, lift.D, 'D');
  const laws =
    options.laws === undefined
      ? lift.lawValues(t0)
      : checkVector(fn, 'options.laws', options.laws, H, 'nHidden');
  const nV = H * ni;
  return {
    name: lift.name,
    lifting: lift,
    theta0: t0,
    laws,
    stats: emptyStats(),
    metricProduct(z, G) {
      const zz = checkVector(`${fn}.metricProduct`, 'z', z, d, 'd');
      const g = checkVector(`${fn}.metricProduct`, 'G', G, d, 'd');
      return twoLayerReluMetricUnchecked(`${fn}.metricProduct`, zz, g, laws, H, nOut, ni);
    },
    reproject(theta) {
      const t = checkVector(`${fn}.reproject`, 'theta', theta, lift.D, 'D');
      for (let j = 0; j < H; j++) {
        let b = 0;
        let a = 0;
        for (let i = 0; i < ni; i++) b += t[j * ni + i]! ** 2;
        for (let k = 0; k < nOut; k++) a += t[nV + k * H + j]! ** 2;
        if (a === 0 || b === 0) {
          throw new RangeError(
            `${fn}.reproject: hidden neuron ${j} has u_${j} = 0 or v_${j} = 0 and cannot be rescaled`,
          );
        }
        // c² b − a / c² = delta  ⇔  c² = b'/b with b' = ‖v‖² on the leaf
        const c = Math.sqrt(normsFromBlock(a * b, laws[j]!).b / b);
        for (let i = 0; i < ni; i++) t[j * ni + i]! *= c;
        for (let k = 0; k < nOut; k++) t[nV + k * H + j]! /= c;
      }
      return t;
    },
    reset() {},
  };
}
