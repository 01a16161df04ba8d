import type { Matrix } from 'ml-matrix';
import type { MatrixInput } from '../matrixFrom.js';
import type { PowSymOptions } from '../powSym.js';
import { symmetricEigen } from '../symmetricEigen.js';
import { assertTolerance } from './checks.js';
import { recompose } from './recompose.js';

/** Shared by powSym and sqrtSym so that errors name the public function. */
export function powSymNamed(fn: string, A: MatrixInput, p: number, options: PowSymOptions): Matrix {
  if (typeof p !== 'number' || !Number.isFinite(p)) {
    throw new RangeError(`${fn}: p must be a finite number, got ${String(p)}`);
  }
  const negTol = options.negativeTol ?? 1e-10;
  assertTolerance(`${fn}: options.negativeTol`, negTol);
  const { values, vectors } = symmetricEigen(A, options, `${fn}: A`);
  let scale = 0;
  for (const v of values) scale = Math.max(scale, Math.abs(v));
  const integer = Number.isInteger(p);
  const mapped = values.map((lambda) => {
    let l = lambda;
    if (l < 0 && -l <= negTol * scale) l = 0;
    if (l < 0 && !integer) {
      throw new RangeError(
        `${fn}: A has eigenvalue ${lambda} < 0 (beyond negativeTol · max|λ| = ${negTol * scale}), so A^${p} is not real`,
      );
    }
    if (l === 0 && p < 0) {
      throw new RangeError(`${fn}: A is singular (eigenvalue ${lambda}), so A^${p} does not exist`);
    }
    return l === 0 ? (p === 0 ? 1 : 0) : l ** p;
  });
  return recompose(vectors, mapped);
}
