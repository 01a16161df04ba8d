import { Matrix } from '@idyn/linalg';
import type { Polynomial } from '@idyn/poly';
import type { Lifting, SparseJacobian } from '../Lifting.js';
import { checkVector } from './validate.js';

/** The unvalidated core of a lifting; inputs are already checked Float64Arrays. */
export interface LiftingCore {
  name: string;
  D: number;
  d: number;
  paramNames: readonly string[];
  zLabels: readonly string[];
  phi(theta: Float64Array): Float64Array;
  jvp(theta: Float64Array, v: Float64Array): Float64Array;
  vjp(theta: Float64Array, g: Float64Array): Float64Array;
  /** Dense Jacobian as a row-major d x D array; defaults to columns of jvp. */
  jacobian?(theta: Float64Array): Float64Array;
  jacobianSparse?(theta: Float64Array): SparseJacobian;
  metricProduct?(theta: Float64Array, G: Float64Array): Float64Array;
  polynomials(): Polynomial[];
  knownLaws(): Polynomial[];
  lawValues(theta: Float64Array): Float64Array;
}

/** Dense row-major d x D array from a CSR Jacobian. */
export function sparseToDense(j: SparseJacobian): Float64Array {
  const out = new Float64Array(j.rows * j.cols);
  for (let i = 0; i < j.rows; i++) {
    for (let k = j.rowPtr[i]!; k < j.rowPtr[i + 1]!; k++) out[i * j.cols + j.colIndex[k]!]! += j.values[k]!;
  }
  return out;
}

/** Wraps a core with argument validation, caching of polynomials and the default methods. */
export function buildLifting(core: LiftingCore): Lifting {
  const { name, D, d } = core;
  const th = (fn: string, theta: unknown) => checkVector(`${name}.${fn}`, 'theta', theta, D, 'D');
  let polys: Polynomial[] | undefined;
  let laws: Polynomial[] | undefined;
  const denseJ = (theta: Float64Array): Float64Array => {
    if (core.jacobian) return core.jacobian(theta);
    if (core.jacobianSparse) return sparseToDense(core.jacobianSparse(theta));
    const out = new Float64Array(d * D);
    const e = new Float64Array(D);
    for (let c = 0; c < D; c++) {
      e[c] = 1;
      const col = core.jvp(theta, e);
      e[c] = 0;
      for (let r = 0; r < d; r++) out[r * D + c] = col[r]!;
    }
    return out;
  };
  const lifting: Lifting = {
    name,
    D,
    d,
    paramNames: Object.freeze([...core.paramNames]),
    zLabels: Object.freeze([...core.zLabels]),
    phi: (theta) => core.phi(th('phi', theta)),
    jacobian(theta) {
      const j = denseJ(th('jacobian', theta));
      const m = new Matrix(d, D);
      for (let r = 0; r < d; r++) for (let c = 0; c < D; c++) m.set(r, c, j[r * D + c]!);
      return m;
    },
    jvp: (theta, v) => core.jvp(th('jvp', theta), checkVector(`${name}.jvp`, 'v', v, D, 'D')),
    vjp: (theta, g) => core.vjp(th('vjp', theta), checkVector(`${name}.vjp`, 'g', g, d, 'd')),
    metricProduct(theta, G) {
      const t = th('metricProduct', theta);
      const g = checkVector(`${name}.metricProduct`, 'G', G, d, 'd');
      return core.metricProduct ? core.metricProduct(t, g) : core.jvp(t, core.vjp(t, g));
    },
    polynomials() {
      polys ??= core.polynomials();
      return [...polys];
    },
    knownLaws() {
      laws ??= core.knownLaws();
      return [...laws];
    },
    lawValues: (theta) => core.lawValues(th('lawValues', theta)),
  };
  if (core.jacobianSparse) {
    const sparse = core.jacobianSparse;
    lifting.jacobianSparse = (theta) => sparse(th('jacobianSparse', theta));
  }
  return lifting;
}
