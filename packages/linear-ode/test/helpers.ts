// Test helpers: independent reference quantities (never used by the library code).
import { createRng } from '@idyn/linalg';
import { Matrix } from 'ml-matrix';

/** A seeded standard normal matrix. */
export function randomMatrix(rows: number, cols: number, seed: number): Matrix {
  const rng = createRng(seed);
  const M = new Matrix(rows, cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) M.set(i, j, rng.normal());
  return M;
}

function chainProduct(weights: readonly Matrix[]): Matrix {
  let z = weights[0]!.clone();
  for (let i = 1; i < weights.length; i++) z = weights[i]!.mmul(z);
  return z;
}

/**
 * M(θ)[G] = J Jᵀ vec(G) with the Jacobian J of φ(θ) = U_L ⋯ U_1 built column by column by central
 * differences with step 1: φ is affine in each single parameter, so the difference quotient is
 * exact up to rounding. Independent of the P_i/Q_i product formula.
 */
export function metricByJacobian(weights: readonly Matrix[], G: Matrix): Matrix {
  const rows = weights[weights.length - 1]!.rows;
  const cols = weights[0]!.columns;
  const d = rows * cols;
  const columns: Float64Array[] = [];
  weights.forEach((U, l) => {
    for (let i = 0; i < U.rows; i++)
      for (let j = 0; j < U.columns; j++) {
        const plus = weights.map((W) => W.clone());
        const minus = weights.map((W) => W.clone());
        plus[l]!.set(i, j, U.get(i, j) + 1);
        minus[l]!.set(i, j, U.get(i, j) - 1);
        const zp = chainProduct(plus);
        const zm = chainProduct(minus);
        const col = new Float64Array(d);
        for (let a = 0; a < rows; a++)
          for (let b = 0; b < cols; b++) col[a * cols + b] = (zp.get(a, b) - zm.get(a, b)) / 2;
        columns.push(col);
      }
  });
  const g = G.to1DArray();
  const out = new Float64Array(d);
  for (const col of columns) {
    let dot = 0;
    for (let k = 0; k < d; k++) dot += col[k]! * g[k]!;
    for (let k = 0; k < d; k++) out[k] = out[k]! + col[k]! * dot;
  }
  return Matrix.from1DArray(rows, cols, out);
}
