import { createRng, ModRowBasis, PRIME } from '@idyn/linalg';
import { evaluateFieldMod, gradient, lieBracket, parsePolynomial, type Polynomial } from '@idyn/poly';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Annihilator } from './Annihilator.js';
import { Accumulator, gradientCompiled, hessianCompiled, type SparseVec } from './compiled.js';
import { bracketValue } from './lieTrace.js';
import { compilePolynomial, gradientSystem } from './polySystem.js';

const p = PRIME;
const names = ['a', 'b', 'c', 'd'];

function sparse(v: ArrayLike<number>): SparseVec {
  const idx: number[] = [];
  const val: number[] = [];
  for (let i = 0; i < v.length; i++) {
    if (v[i] !== 0) {
      idx.push(i);
      val.push(v[i]!);
    }
  }
  return { n: idx.length, idx: Int32Array.from(idx), val: Float64Array.from(val) };
}

function dense(v: SparseVec, D: number): number[] {
  const out = new Array<number>(D).fill(0);
  for (let k = 0; k < v.n; k++) out[v.idx[k]!] = v.val[k]!;
  return out;
}

function randomPoint(seed: number, D: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: D }, () => rng.integer(0, p - 1));
}

const polyArb = fc
  .array(
    fc.record({
      c: fc.integer({ min: -5, max: 5 }),
      e: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 4, maxLength: 4 }),
    }),
    { minLength: 1, maxLength: 4 },
  )
  .map((terms) =>
    parsePolynomial(
      terms.map((t) => `${t.c}*${t.e.map((e, i) => `${names[i]}^${e}`).join('*')}`).join(' + '),
      {
        variables: names,
      },
    ),
  );

describe('internal evaluators and the annihilator rank', () => {
  it('Annihilator decides independence exactly like ModRowBasis (random sparse vectors, with repeats and combinations)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 1, max: 12 }), (seed, D) => {
        const rng = createRng(seed);
        const ann = new Annihilator(D, p);
        const ref = new ModRowBasis(D);
        const kept: number[][] = [];
        for (let t = 0; t < 3 * D; t++) {
          let v: number[];
          if (kept.length >= 2 && rng.uniform() < 0.3) {
            // A combination of kept vectors: must be rejected by both.
            const a = rng.integer(1, 9);
            const x = kept[rng.integer(0, kept.length - 1)]!;
            const y = kept[rng.integer(0, kept.length - 1)]!;
            v = x.map((xi, i) => (a * xi + y[i]!) % p);
          } else {
            v = Array.from({ length: D }, () => (rng.uniform() < 0.4 ? rng.integer(0, p - 1) : 0));
          }
          const got = ann.add(sparse(v));
          expect(got).toBe(ref.add(v));
          if (got) kept.push(v);
        }
        expect(ann.rank).toBe(ref.rank);
      }),
      { numRuns: 40, seed: 1 },
    );
  });

  it('compiled gradient and Hessian mod p equal the symbolic derivatives of @idyn/poly evaluated mod p', () => {
    fc.assert(
      fc.property(polyArb, fc.integer({ min: 0, max: 1000 }), (q: Polynomial, seed) => {
        const x = randomPoint(seed, 4);
        const acc = new Accumulator(4);
        const f = compilePolynomial(q, p);
        gradientCompiled(f, x, p, acc);
        const g = dense(acc.flush(), 4);
        expect(g).toEqual(names.map((_, j) => q.derivative(j).evaluateMod(x, p)));
        const H = hessianCompiled(f, x, p);
        const Hd = Array.from({ length: 4 }, () => new Array<number>(4).fill(0));
        for (let r = 0; r < H.rows.length; r++) {
          for (let k = H.ptr[r]!; k < H.ptr[r + 1]!; k++) {
            Hd[H.rows[r]!]![H.cols[k]!] = H.val[k]!;
          }
        }
        expect(Hd).toEqual(
          names.map((_, j) => names.map((_, k) => q.derivative(j).derivative(k).evaluateMod(x, p))),
        );
      }),
      { numRuns: 40, seed: 2 },
    );
  });

  it('the bracket value DX·Y − DY·X from values and Jacobians equals lieBracket evaluated mod p', () => {
    fc.assert(
      fc.property(polyArb, polyArb, fc.integer({ min: 0, max: 1000 }), (q1, q2, seed) => {
        const x = randomPoint(seed, 4);
        const sys = gradientSystem([q1, q2], 4);
        const acc = new Accumulator(4);
        const at = (i: number) => ({
          value: (() => {
            const v = sys.generatorValue(i, x, p, acc);
            return { n: v.n, idx: v.idx.slice(0, v.n), val: v.val.slice(0, v.n) };
          })(),
          jac: sys.generatorJacobian(i, x, p),
        });
        const X = at(0);
        const Y = at(1);
        const got = dense(bracketValue(X, Y, p, new Float64Array(4), acc), 4);
        const want = Array.from(evaluateFieldMod(lieBracket(gradient(q1), gradient(q2)), x, p));
        expect(got).toEqual(want);
        // The same through fieldAt on the symbolic gradients (the path used for deep levels).
        const Xs = sys.fieldAt(gradient(q1), x, p, acc);
        const Ys = sys.fieldAt(gradient(q2), x, p, acc);
        expect(dense(bracketValue(Xs, Ys, p, new Float64Array(4), acc), 4)).toEqual(want);
      }),
      { numRuns: 40, seed: 3 },
    );
  });
});
