import { Polynomial } from '@idyn/poly';

/** A row-major matrix of polynomials. */
export interface PolyMatrix {
  rows: number;
  cols: number;
  entries: Polynomial[];
}

/** The matrix of variables theta[offset + i*cols + j] (row-major block of theta). */
export function variableMatrix(nvars: number, offset: number, rows: number, cols: number): PolyMatrix {
  const entries: Polynomial[] = [];
  for (let i = 0; i < rows * cols; i++) entries.push(Polynomial.variable(nvars, offset + i));
  return { rows, cols, entries };
}

export function polyMatmul(nvars: number, a: PolyMatrix, b: PolyMatrix): PolyMatrix {
  const entries: Polynomial[] = [];
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < b.cols; j++) {
      let s = Polynomial.constant(nvars, 0);
      for (let p = 0; p < a.cols; p++) s = s.add(a.entries[i * a.cols + p]!.mul(b.entries[p * b.cols + j]!));
      entries.push(s);
    }
  }
  return { rows: a.rows, cols: b.cols, entries };
}

export function polyTranspose(a: PolyMatrix): PolyMatrix {
  const entries: Polynomial[] = [];
  for (let j = 0; j < a.cols; j++) for (let i = 0; i < a.rows; i++) entries.push(a.entries[i * a.cols + j]!);
  return { rows: a.cols, cols: a.rows, entries };
}

/** The entries on and above the diagonal of Xᵀ X − Yᵀ Y (X, Y with the same number of columns r). */
export function gramDifferenceUpper(nvars: number, X: PolyMatrix, Y: PolyMatrix): Polynomial[] {
  const A = polyMatmul(nvars, polyTranspose(X), X);
  const B = polyMatmul(nvars, polyTranspose(Y), Y);
  const r = X.cols;
  const out: Polynomial[] = [];
  for (let i = 0; i < r; i++)
    for (let j = i; j < r; j++) out.push(A.entries[i * r + j]!.sub(B.entries[i * r + j]!));
  return out;
}
