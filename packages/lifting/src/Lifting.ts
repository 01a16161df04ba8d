import type { Matrix } from '@idyn/linalg';
import type { Polynomial } from '@idyn/poly';

/**
 * A Jacobian in compressed sparse row form: row `i` holds the entries
 * `values[k]` at columns `colIndex[k]` for `k` in `[rowPtr[i], rowPtr[i+1])`.
 */
export interface SparseJacobian {
  /** Number of rows (d). */
  readonly rows: number;
  /** Number of columns (D). */
  readonly cols: number;
  /** Row pointers, length `rows + 1`. */
  readonly rowPtr: Int32Array;
  /** Column index of each stored entry. */
  readonly colIndex: Int32Array;
  /** Value of each stored entry. */
  readonly values: Float64Array;
}

/**
 * A polynomial lifting phi: R^D -> R^d with everything a gradient flow needs: the map, its
 * Jacobian, Jacobian-vector and vector-Jacobian products, the metric product
 * M(theta) G = Dphi Dphi^T G (never forming M), exact polynomial components and known
 * conservation laws.
 *
 * Every method validates its arguments: a `theta` of the wrong length or with a non-finite entry
 * throws a `RangeError` naming the lifting, the argument and the value.
 *
 * @see MATH.md §0 (notation) and §1 (liftings)
 */
export interface Lifting {
  /** Human-readable name, e.g. `matrixProduct[2,3,2]`. */
  readonly name: string;
  /** Number of parameters D (length of theta). */
  readonly D: number;
  /** Number of lifted coordinates d (length of z = phi(theta)). */
  readonly d: number;
  /** Names of the D parameters, in theta order; also the variable names of the polynomials. */
  readonly paramNames: readonly string[];
  /** Labels of the d coordinates of z. */
  readonly zLabels: readonly string[];
  /** z = phi(theta), length d. */
  phi(theta: ArrayLike<number>): Float64Array;
  /** Dense Jacobian Dphi(theta), d x D. */
  jacobian(theta: ArrayLike<number>): Matrix;
  /** Sparse Jacobian (CSR), where the lifting has a sparse one. */
  jacobianSparse?(theta: ArrayLike<number>): SparseJacobian;
  /** Dphi(theta) v, length d, for v of length D. */
  jvp(theta: ArrayLike<number>, v: ArrayLike<number>): Float64Array;
  /** Dphi(theta)^T g, length D, for g of length d. */
  vjp(theta: ArrayLike<number>, g: ArrayLike<number>): Float64Array;
  /** M(theta) G = Dphi Dphi^T G, length d, for G of length d, without forming M. */
  metricProduct(theta: ArrayLike<number>, G: ArrayLike<number>): Float64Array;
  /** The d components of phi as exact polynomials in the D parameters (named by `paramNames`). */
  polynomials(): Polynomial[];
  /** Known conservation laws as polynomials in the D parameters (may be dependent). */
  knownLaws(): Polynomial[];
  /** Values of `knownLaws()` at theta, computed numerically (same order). */
  lawValues(theta: ArrayLike<number>): Float64Array;
}
