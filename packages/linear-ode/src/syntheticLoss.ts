import { checkInteger, createRng } from '@idyn/linalg';
import { Matrix } from 'ml-matrix';
import { checkFinite, checkMatrix } from './internal/validate.js';

/** A loss on the end-to-end matrix z of a linear network, f(z), with its gradient ∇f(z). */
export interface LinearLoss {
  /** f(z). */
  value(z: Matrix): number;
  /** ∇f(z), same shape as z. */
  gradient(z: Matrix): Matrix;
}

/** Options of {@link syntheticLoss}. */
export interface SyntheticLossOptions {
  /** Seed of the target Y (standard normal, drawn row-major with `createRng(seed)`). @default 0 */
  seed?: number;
  /** The target Y itself (overrides `seed`). @default standard normal from `seed` */
  target?: Matrix;
  /** Coefficient of the quartic term. @default 0.1 */
  quartic?: number;
}

/** Result of {@link syntheticLoss}: the loss and its data. */
export interface SyntheticLinearLoss extends LinearLoss {
  /** The target Y. */
  target: Matrix;
  /** The quartic coefficient. */
  quartic: number;
}

/**
 * The non-quadratic loss of MATH.md §5, f(z) = ½‖z − Y‖² + (q/4) Σ z⁴ with q = 0.1, gradient
 * (z − Y) + q z³ (entrywise cube). The statements about intrinsic flows hold for every f; this one
 * is deliberately not quadratic.
 *
 * @param rows - rows of z (output width), integer ≥ 1
 * @param cols - columns of z (input width), integer ≥ 1
 * @param options - seed or target, quartic coefficient
 * @returns the loss with `value`, `gradient`, `target` and `quartic`
 * @throws RangeError on bad sizes, a target of another shape or a non-finite coefficient
 * @example
 * const loss = syntheticLoss(3, 2, { seed: 7 });
 * loss.gradient(loss.target); // = 0.1 Y³ (entrywise)
 * @see MATH.md §5 (the loss used for flows)
 */
export function syntheticLoss(
  rows: number,
  cols: number,
  options: SyntheticLossOptions = {},
): SyntheticLinearLoss {
  const fn = 'syntheticLoss';
  checkInteger(fn, 'rows', rows, 1);
  checkInteger(fn, 'cols', cols, 1);
  const quartic = options.quartic ?? 0.1;
  checkFinite(fn, 'options.quartic', quartic);
  let target: Matrix;
  if (options.target !== undefined) {
    checkMatrix(fn, 'options.target', options.target, rows, cols);
    target = options.target.clone();
  } else {
    const rng = createRng(options.seed ?? 0);
    target = new Matrix(rows, cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) target.set(i, j, rng.normal());
  }
  return {
    target,
    quartic,
    value(z: Matrix): number {
      let f = 0;
      for (let i = 0; i < rows; i++)
        for (let j = 0; j < cols; j++) {
          const v = z.get(i, j);
          const e = v - target.get(i, j);
          f += 0.5 * e * e + (quartic / 4) * v ** 4;
        }
      return f;
    },
    gradient(z: Matrix): Matrix {
      const G = new Matrix(rows, cols);
      for (let i = 0; i < rows; i++)
        for (let j = 0; j < cols; j++) {
          const v = z.get(i, j);
          G.set(i, j, v - target.get(i, j) + quartic * v * v * v);
        }
      return G;
    },
  };
}
