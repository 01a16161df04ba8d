import type { Matrix } from 'ml-matrix';

export function assertSquare(name: string, A: Matrix): void {
  if (A.rows !== A.columns) {
    throw new RangeError(`${name} must be square, got shape ${A.rows}×${A.columns}`);
  }
}

export function assertTolerance(name: string, tol: number): void {
  if (typeof tol !== 'number' || !Number.isFinite(tol) || tol < 0) {
    throw new RangeError(`${name} must be a finite number >= 0, got ${String(tol)}`);
  }
}
