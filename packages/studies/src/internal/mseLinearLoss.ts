import { Matrix } from '@idyn/linalg';
import type { LinearLoss } from '@idyn/linear-ode';
import type { DataSet } from '../parseDataSet.js';

/**
 * Mean squared error of the linear map z on a data set, as a loss on z:
 * f(z) = 1/(2S) Σ_s ‖z x_s − y_s‖², ∇f(z) = 1/S Σ_s (z x_s − y_s) x_sᵀ (z of shape nOut × nIn).
 */
export function mseLinearLoss(data: DataSet, nIn: number, nOut: number): LinearLoss {
  const { X, Y, samples } = data;
  const residual = (z: Matrix): Float64Array => {
    const R = new Float64Array(samples * nOut);
    for (let s = 0; s < samples; s++)
      for (let i = 0; i < nOut; i++) {
        let acc = -Y[s * nOut + i]!;
        for (let j = 0; j < nIn; j++) acc += z.get(i, j) * X[s * nIn + j]!;
        R[s * nOut + i] = acc;
      }
    return R;
  };
  return {
    value(z) {
      let f = 0;
      for (const r of residual(z)) f += r * r;
      return f / (2 * samples);
    },
    gradient(z) {
      const R = residual(z);
      const G = new Matrix(nOut, nIn);
      for (let s = 0; s < samples; s++)
        for (let i = 0; i < nOut; i++)
          for (let j = 0; j < nIn; j++)
            G.set(i, j, G.get(i, j) + (R[s * nOut + i]! * X[s * nIn + j]!) / samples);
      return G;
    },
  };
}
