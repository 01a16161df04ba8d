import type { QuadraticLaw } from '../gradientSteps.js';
import { show } from './validate.js';

/** A validated quadratic law: h(θ) = Σ_t c[t] θ[r[t]] θ[s[t]]. */
export interface CompiledQuadratic {
  readonly r: Int32Array;
  readonly s: Int32Array;
  readonly c: Float64Array;
}

/** Validates the laws against the dimension D (indices in [0, D), finite coefficients). */
export function compileQuadratics(fn: string, laws: unknown, D: number): CompiledQuadratic[] {
  if (!Array.isArray(laws)) throw new TypeError(`${fn}: options.laws must be an array, got ${show(laws)}`);
  return laws.map((law: QuadraticLaw, j) => {
    const what = `options.laws[${j}]`;
    if (law === null || typeof law !== 'object')
      throw new TypeError(`${fn}: ${what} must be an object, got ${show(law)}`);
    const { rows, cols, values } = law;
    for (const [name, a] of [
      ['rows', rows],
      ['cols', cols],
      ['values', values],
    ] as const) {
      if (a === null || typeof a !== 'object' || typeof (a as ArrayLike<number>).length !== 'number') {
        throw new TypeError(`${fn}: ${what}.${name} must be an array of numbers, got ${show(a)}`);
      }
    }
    const n = values.length;
    if (rows.length !== n || cols.length !== n) {
      throw new RangeError(
        `${fn}: ${what} has ${rows.length} rows, ${cols.length} cols and ${n} values, expected equal lengths`,
      );
    }
    const r = new Int32Array(n);
    const s = new Int32Array(n);
    const c = new Float64Array(n);
    for (let t = 0; t < n; t++) {
      for (const [name, a, out] of [
        ['rows', rows, r],
        ['cols', cols, s],
      ] as const) {
        const i = a[t];
        if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= D) {
          throw new RangeError(`${fn}: ${what}.${name}[${t}] must be an index in [0, ${D}), got ${show(i)}`);
        }
        out[t] = i;
      }
      const v = values[t];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new RangeError(`${fn}: ${what}.values[${t}] must be a finite number, got ${show(v)}`);
      }
      c[t] = v;
    }
    return { r, s, c };
  });
}

/** x^T A y for the law's (unsymmetrised) coefficient matrix A: Σ_t c[t] x[r[t]] y[s[t]]. */
export function bilinear(q: CompiledQuadratic, x: Float64Array, y: Float64Array): number {
  let acc = 0;
  for (let t = 0; t < q.c.length; t++) acc += q.c[t]! * x[q.r[t]!]! * y[q.s[t]!]!;
  return acc;
}

/** Σ_t |c[t]| max(|x_r x_s|, |y_r y_s|): the size of the law's terms at two points (rounding scale). */
export function termScale(q: CompiledQuadratic, x: Float64Array, y: Float64Array): number {
  let acc = 0;
  for (let t = 0; t < q.c.length; t++) {
    const a = Math.abs(x[q.r[t]!]! * x[q.s[t]!]!);
    const b = Math.abs(y[q.r[t]!]! * y[q.s[t]!]!);
    acc += Math.abs(q.c[t]!) * Math.max(a, b);
  }
  return acc;
}
