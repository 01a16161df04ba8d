import type { Matrix } from 'ml-matrix';
import { add, scale, sub } from './internal/dense.js';
import { checkFinite, checkSquare } from './internal/validate.js';
import type { MatrixFunction } from './interpolateParameter.js';

/** Options of {@link neuralOdeLaw}. */
export interface NeuralOdeLawOptions {
  /** ∂_s A(s), if known. @default fourth-order central difference of A with step `h` */
  derivative?: MatrixFunction;
  /**
   * Step of the finite difference (one-sided stencils near 0 and 1 keep s ± 2h in [0, 1]).
   * @default 1e-3
   */
  h?: number;
}

/**
 * The conserved quantity of the linear neural ODE's L² gradient flow at s:
 * C(s) = ∂_s(A + Aᵀ)(s) + AᵀA − AAᵀ. It is conserved for every s along dA/dt = −PᵀGXᵀ, for every
 * loss; relaxed balanced parameters are those with C(s) = λ(s) I.
 *
 * @param A - the parameter s ↦ A(s), n × n
 * @param s - a point of [0, 1]
 * @param options - the derivative, or the finite-difference step
 * @returns C(s)
 * @throws RangeError if s is outside [0, 1] or A(s) is not a finite square matrix
 * @example
 * const { A, lambda } = relaxedBalancedOdeParameter({ n: 3, lambda: 0.5 });
 * neuralOdeLaw(A, 0.3); // ≈ 0.5 I
 * @see MATH.md §4.5
 */
export function neuralOdeLaw(A: MatrixFunction, s: number, options: NeuralOdeLawOptions = {}): Matrix {
  const fn = 'neuralOdeLaw';
  checkFinite(fn, 's', s);
  if (s < 0 || s > 1) throw new RangeError(`${fn}: s = ${s} is outside [0, 1]`);
  const As = A(s);
  checkSquare(fn, 'A(s)', As);
  let dA: Matrix;
  if (options.derivative !== undefined) dA = options.derivative(s);
  else {
    const h = options.h ?? 1e-3;
    checkFinite(fn, 'options.h', h);
    if (!(h > 0 && h <= 0.2)) throw new RangeError(`${fn}: options.h must be in (0, 0.2], got ${h}`);
    // Fourth-order stencils on s + j h (central in the interior, shifted near the ends).
    const offsetsAndWeights: [number, number][] =
      s - 2 * h < 0
        ? [
            [0, -25 / 12],
            [1, 4],
            [2, -3],
            [3, 4 / 3],
            [4, -1 / 4],
          ]
        : s + 2 * h > 1
          ? [
              [0, 25 / 12],
              [-1, -4],
              [-2, 3],
              [-3, -4 / 3],
              [-4, 1 / 4],
            ]
          : [
              [-2, 1 / 12],
              [-1, -2 / 3],
              [1, 2 / 3],
              [2, -1 / 12],
            ];
    let acc: Matrix | undefined;
    for (const [j, w] of offsetsAndWeights) {
      const term = scale(A(s + j * h), w / h);
      acc = acc === undefined ? term : add(acc, term);
    }
    dA = acc!;
  }
  checkSquare(fn, 'derivative(s)', dA, As.rows);
  const At = As.transpose();
  return add(add(dA, dA.transpose()), sub(At.mmul(As), As.mmul(At)));
}
