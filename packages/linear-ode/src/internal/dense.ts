// Small dense helpers over ml-matrix used across the package (private: never re-exported).
// ml-matrix trap: instance methods add/sub/mul mutate their receiver, so everything here works on
// copies or builds new matrices.
import type { Rng } from '@idyn/linalg';
import { Matrix, QrDecomposition, SingularValueDecomposition } from 'ml-matrix';

/** A + B as a new matrix. */
export function add(A: Matrix, B: Matrix): Matrix {
  return Matrix.add(A, B);
}

/** A − B as a new matrix. */
export function sub(A: Matrix, B: Matrix): Matrix {
  return Matrix.sub(A, B);
}

/** c·A as a new matrix. */
export function scale(A: Matrix, c: number): Matrix {
  return Matrix.mul(A, c);
}

/** Product of a list of matrices, left to right; `identity` when the list is empty. */
export function product(factors: readonly Matrix[], identity: number): Matrix {
  let out: Matrix | undefined;
  for (const F of factors) out = out === undefined ? F.clone() : out.mmul(F);
  return out ?? Matrix.eye(identity);
}

/**
 * Full SVD of a square matrix, z = U diag(s) Vᵀ, singular values descending.
 */
export function svdSquare(z: Matrix): { U: Matrix; s: Float64Array; V: Matrix } {
  const svd = new SingularValueDecomposition(z, { autoTranspose: true });
  return {
    U: svd.leftSingularVectors,
    s: Float64Array.from(svd.diagonal),
    V: svd.rightSingularVectors,
  };
}

/** Q [ (Qᵀ G R) ∘ W ] Rᵀ. */
export function spectralSandwich(Q: Matrix, R: Matrix, G: Matrix, W: Matrix): Matrix {
  const inner = Q.transpose().mmul(G).mmul(R);
  for (let i = 0; i < inner.rows; i++)
    for (let j = 0; j < inner.columns; j++) inner.set(i, j, inner.get(i, j) * W.get(i, j));
  return Q.mmul(inner).mmul(R.transpose());
}

/** Gaussian matrix with i.i.d. N(0, scale²) entries, filled row-major. */
export function gaussianMatrix(rows: number, cols: number, rng: Rng, scale = 1): Matrix {
  const M = new Matrix(rows, cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) M.set(i, j, scale * rng.normal());
  return M;
}

/**
 * A `rows × cols` matrix (rows ≥ cols) with orthonormal columns, Haar-distributed: QR of a
 * Gaussian matrix with the signs of R's diagonal moved into Q.
 */
export function orthonormalColumns(rows: number, cols: number, rng: Rng): Matrix {
  const qr = new QrDecomposition(gaussianMatrix(rows, cols, rng));
  const Q = qr.orthogonalMatrix;
  const R = qr.upperTriangularMatrix;
  const out = new Matrix(rows, cols);
  for (let j = 0; j < cols; j++) {
    const sign = R.get(j, j) < 0 ? -1 : 1;
    for (let i = 0; i < rows; i++) out.set(i, j, sign * Q.get(i, j));
  }
  return out;
}

/** ‖A‖_1 (max column sum). */
function norm1(A: Matrix): number {
  let m = 0;
  for (let j = 0; j < A.columns; j++) {
    let s = 0;
    for (let i = 0; i < A.rows; i++) s += Math.abs(A.get(i, j));
    m = Math.max(m, s);
  }
  return m;
}

/**
 * Matrix exponential by scaling and squaring with a degree-18 Taylor polynomial: A is scaled by
 * 2^−k so that ‖A/2^k‖_1 ≤ 1/4, where the Taylor remainder is below 1e-20 relative.
 */
export function expm(A: Matrix): Matrix {
  const n = A.rows;
  const nrm = norm1(A);
  let k = 0;
  if (nrm > 0.25) k = Math.ceil(Math.log2(nrm / 0.25));
  const B = scale(A, 2 ** -k);
  let term = Matrix.eye(n);
  let sum = Matrix.eye(n);
  for (let j = 1; j <= 18; j++) {
    term = scale(term.mmul(B), 1 / j);
    sum = add(sum, term);
  }
  for (let i = 0; i < k; i++) sum = sum.mmul(sum);
  return sum;
}

/** Copies a matrix into a Float64Array, row-major, at `offset`. */
export function writeMatrix(M: Matrix, out: Float64Array, offset: number): void {
  let p = offset;
  for (let i = 0; i < M.rows; i++) for (let j = 0; j < M.columns; j++) out[p++] = M.get(i, j);
}

/** Reads a `rows × cols` row-major matrix from `data` at `offset`. */
export function readMatrix(data: ArrayLike<number>, offset: number, rows: number, cols: number): Matrix {
  const M = new Matrix(rows, cols);
  let p = offset;
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) M.set(i, j, data[p++]!);
  return M;
}

/** Solves X B = C for X (B square, invertible), i.e. X = C B⁻¹, via LU of Bᵀ. */
export function rightDivide(C: Matrix, B: Matrix): Matrix {
  return solveLinear(B.transpose(), C.transpose()).transpose();
}

function solveLinear(A: Matrix, B: Matrix): Matrix {
  // Gaussian elimination with partial pivoting on copies (small matrices).
  const n = A.rows;
  const a = A.to2DArray();
  const b = B.to2DArray();
  const m = B.columns;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[p]![c]!)) p = r;
    if (a[p]![c] === 0) throw new RangeError('rightDivide: matrix is singular');
    [a[c], a[p]] = [a[p]!, a[c]!];
    [b[c], b[p]] = [b[p]!, b[c]!];
    const pivot = a[c]![c]!;
    for (let r = c + 1; r < n; r++) {
      const f = a[r]![c]! / pivot;
      if (f === 0) continue;
      for (let k = c; k < n; k++) a[r]![k] = a[r]![k]! - f * a[c]![k]!;
      for (let k = 0; k < m; k++) b[r]![k] = b[r]![k]! - f * b[c]![k]!;
    }
  }
  const x = Array.from({ length: n }, () => new Array<number>(m).fill(0));
  for (let r = n - 1; r >= 0; r--)
    for (let k = 0; k < m; k++) {
      let s = b[r]![k]!;
      for (let j = r + 1; j < n; j++) s -= a[r]![j]! * x[j]![k]!;
      x[r]![k] = s / a[r]![r]!;
    }
  return new Matrix(x);
}
