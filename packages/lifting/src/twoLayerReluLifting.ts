import { checkWidths } from '@idyn/linalg';
import { Polynomial } from '@idyn/poly';
import type { Lifting, SparseJacobian } from './Lifting.js';
import { buildLifting } from './internal/buildLifting.js';
import { describe } from './internal/validate.js';

/** Options of {@link twoLayerReluLifting}. */
export interface TwoLayerReluLiftingOptions {
  /**
   * Whether hidden neurons have a bias, treated as an extra input column of ones (v_j gets one
   * more entry, the bias b_j).
   * @default false
   */
  bias?: boolean;
}

/**
 * The lifting of a two-layer ReLU network as rank-one blocks, z_j = u_j v_j^T, one per hidden
 * neuron j: v_j ∈ R^{nIn'} are its incoming weights (nIn' = nIn + 1 with a bias, the bias last),
 * u_j ∈ R^{nOut} its outgoing weights.
 *
 * theta = (V row-major, nHidden x nIn', row j = v_j; then U row-major, nOut x nHidden, column
 * j = u_j), D = nHidden (nIn' + nOut). z = (z_1, …, z_nHidden), each block nOut x nIn' row-major,
 * d = nHidden nOut nIn'; this is the path-lifting of the network (paths input → j → output, and
 * b_j → output), grouped by hidden neuron. Names: `V_<j>_<i>` (input weights), `b_<j>` (bias),
 * `U_<a>_<j>` (output weights); z labels `z_<j>_<a>_<i>` (bias column i = `b`).
 *
 * Each row of the Jacobian has exactly two nonzeros (∂/∂U[a,j] = v_j[i], ∂/∂V[j,i] = u_j[a]);
 * `jacobianSparse` returns it. Known laws: δ_j = ‖v_j‖² − ‖u_j‖² per hidden neuron.
 *
 * @param widths - `[nIn, nHidden, nOut]`, input first: inputs, hidden neurons, outputs, positive
 *   integers
 * @param options - see {@link TwoLayerReluLiftingOptions}
 * @returns the lifting (with `jacobianSparse`)
 * @throws RangeError if `widths` has not 3 entries or one is not a positive integer; TypeError if
 *   `widths` is not an array or `options.bias` is not a boolean
 * @example
 * const lift = twoLayerReluLifting([3, 4, 2], { bias: true });
 * lift.D; // 4 * (4 + 2) = 24
 * lift.d; // 4 * 2 * 4 = 32
 * lift.knownLaws().length; // 4
 * @see MATH.md §1 (other liftings), §4.1 (two-layer ReLU flows)
 */
export function twoLayerReluLifting(
  widths: readonly number[],
  options: TwoLayerReluLiftingOptions = {},
): Lifting {
  const fn = 'twoLayerReluLifting';
  const [nIn, nHidden, nOut] = checkWidths(fn, 'widths', widths, 3) as [number, number, number];
  const bias = options.bias ?? false;
  if (typeof bias !== 'boolean')
    throw new TypeError(`${fn}: options.bias must be a boolean, got ${describe(bias)}`);
  const ni = nIn + (bias ? 1 : 0);
  const H = nHidden;
  const nV = H * ni;
  const D = nV + nOut * H;
  const d = H * nOut * ni;
  const uIndex = (a: number, j: number) => nV + a * H + j;
  const vIndex = (j: number, i: number) => j * ni + i;
  const paramNames: string[] = [];
  for (let j = 0; j < H; j++) {
    for (let i = 0; i < ni; i++) paramNames.push(bias && i === nIn ? `b_${j}` : `V_${j}_${i}`);
  }
  for (let a = 0; a < nOut; a++) for (let j = 0; j < H; j++) paramNames.push(`U_${a}_${j}`);
  const zLabels: string[] = [];
  for (let j = 0; j < H; j++) {
    for (let a = 0; a < nOut; a++) {
      for (let i = 0; i < ni; i++) zLabels.push(`z_${j}_${a}_${bias && i === nIn ? 'b' : i}`);
    }
  }
  const row = (j: number, a: number, i: number) => (j * nOut + a) * ni + i;

  const phi = (t: Float64Array) => {
    const z = new Float64Array(d);
    for (let j = 0; j < H; j++) {
      for (let a = 0; a < nOut; a++) {
        const u = t[uIndex(a, j)]!;
        for (let i = 0; i < ni; i++) z[row(j, a, i)] = u * t[vIndex(j, i)]!;
      }
    }
    return z;
  };
  const jvp = (t: Float64Array, v: Float64Array) => {
    const z = new Float64Array(d);
    for (let j = 0; j < H; j++) {
      for (let a = 0; a < nOut; a++) {
        const u = t[uIndex(a, j)]!;
        const du = v[uIndex(a, j)]!;
        for (let i = 0; i < ni; i++) z[row(j, a, i)] = du * t[vIndex(j, i)]! + u * v[vIndex(j, i)]!;
      }
    }
    return z;
  };
  const vjp = (t: Float64Array, g: Float64Array) => {
    const out = new Float64Array(D);
    for (let j = 0; j < H; j++) {
      for (let a = 0; a < nOut; a++) {
        const u = t[uIndex(a, j)]!;
        let su = 0;
        for (let i = 0; i < ni; i++) {
          const gi = g[row(j, a, i)]!;
          su += gi * t[vIndex(j, i)]!;
          out[vIndex(j, i)]! += gi * u;
        }
        out[uIndex(a, j)] = su;
      }
    }
    return out;
  };
  const jacobianSparse = (t: Float64Array): SparseJacobian => {
    const rowPtr = new Int32Array(d + 1);
    const colIndex = new Int32Array(2 * d);
    const values = new Float64Array(2 * d);
    for (let j = 0; j < H; j++) {
      for (let a = 0; a < nOut; a++) {
        for (let i = 0; i < ni; i++) {
          const r = row(j, a, i);
          rowPtr[r + 1] = 2 * (r + 1);
          colIndex[2 * r] = vIndex(j, i);
          values[2 * r] = t[uIndex(a, j)]!;
          colIndex[2 * r + 1] = uIndex(a, j);
          values[2 * r + 1] = t[vIndex(j, i)]!;
        }
      }
    }
    return { rows: d, cols: D, rowPtr, colIndex, values };
  };
  const polynomials = () => {
    const out: Polynomial[] = new Array(d);
    for (let j = 0; j < H; j++) {
      for (let a = 0; a < nOut; a++) {
        const u = Polynomial.variable(D, uIndex(a, j));
        for (let i = 0; i < ni; i++) out[row(j, a, i)] = u.mul(Polynomial.variable(D, vIndex(j, i)));
      }
    }
    return out;
  };
  const knownLaws = () => {
    const laws: Polynomial[] = [];
    for (let j = 0; j < H; j++) {
      let h = Polynomial.constant(D, 0);
      for (let i = 0; i < ni; i++) {
        const x = Polynomial.variable(D, vIndex(j, i));
        h = h.add(x.mul(x));
      }
      for (let a = 0; a < nOut; a++) {
        const x = Polynomial.variable(D, uIndex(a, j));
        h = h.sub(x.mul(x));
      }
      laws.push(h);
    }
    return laws;
  };
  const lawValues = (t: Float64Array) => {
    const out = new Float64Array(H);
    for (let j = 0; j < H; j++) {
      let h = 0;
      for (let i = 0; i < ni; i++) h += t[vIndex(j, i)]! ** 2;
      for (let a = 0; a < nOut; a++) h -= t[uIndex(a, j)]! ** 2;
      out[j] = h;
    }
    return out;
  };
  return buildLifting({
    name: `twoLayerRelu[${nIn},${nHidden},${nOut}${bias ? ',bias' : ''}]`,
    D,
    d,
    paramNames,
    zLabels,
    phi,
    jvp,
    vjp,
    jacobianSparse,
    polynomials,
    knownLaws,
    lawValues,
  });
}
