import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbField, arbHomogeneous } from '../test/arbitraries.js';
import {
  gradient,
  jacobianField,
  lieBracket,
  Polynomial,
  parsePolynomial,
  type VectorField,
} from './index.js';

const fieldsEqual = (A: VectorField, B: VectorField) =>
  A.length === B.length && A.every((a, i) => a.equals(B[i]!));
const add = (A: VectorField, B: VectorField) => A.map((a, i) => a.add(B[i]!));

/** Second method: [X, Y] = DX·Y − DY·X from the Jacobian matrices with plain mul/add. */
function bracketViaJacobians(X: VectorField, Y: VectorField): VectorField {
  const JX = jacobianField(X);
  const JY = jacobianField(Y);
  const D = X.length;
  return Array.from({ length: D }, (_, i) => {
    let s = Polynomial.zero(D);
    for (let j = 0; j < D; j++) s = s.add(JX[i]![j]!.mul(Y[j]!)).sub(JY[i]![j]!.mul(X[j]!));
    return s;
  });
}

describe('lieBracket', () => {
  it('matches sympy on the reference cases (test/fixtures/brackets.py)', () => {
    const fx = JSON.parse(
      readFileSync(new URL('../test/fixtures/brackets.json', import.meta.url), 'utf8'),
    ) as {
      variables: string[];
      cases: { X: string[]; Y: string[]; bracket: string[] }[];
    };
    const parse = (t: string) => parsePolynomial(t, { variables: fx.variables });
    expect(fx.cases.length).toBe(7);
    for (const c of fx.cases) {
      const got = lieBracket(c.X.map(parse), c.Y.map(parse));
      expect(got.map((p) => p.toString())).toEqual(c.bracket.map((t) => parse(t).toString()));
    }
  });

  it('[∂_x, x ∂_y] = −∂_y with the convention DX·Y − DY·X (closed form, MATH.md §2)', () => {
    const one = Polynomial.constant(2, 1);
    const zero = Polynomial.zero(2);
    const x = Polynomial.variable(2, 0);
    const b = lieBracket([one, zero], [zero, x]);
    expect(b[0]!.isZero).toBe(true);
    expect(b[1]!.equals(one.neg())).toBe(true);
  });

  it('agrees with DX·Y − DY·X built from jacobianField (second method)', () => {
    fc.assert(
      fc.property(arbField(3), arbField(3), (X, Y) => {
        expect(fieldsEqual(lieBracket(X, Y), bracketViaJacobians(X, Y))).toBe(true);
      }),
      { numRuns: 30 },
    );
  });

  it('is antisymmetric: [X, Y] = −[Y, X], and [X, X] = 0', () => {
    fc.assert(
      fc.property(arbField(3), arbField(3), (X, Y) => {
        const xy = lieBracket(X, Y);
        const yx = lieBracket(Y, X);
        expect(
          fieldsEqual(
            xy,
            yx.map((p) => p.neg()),
          ),
        ).toBe(true);
        expect(lieBracket(X, X).every((p) => p.isZero)).toBe(true);
      }),
      { numRuns: 30 },
    );
  });

  it('satisfies the Jacobi identity [X,[Y,Z]] + [Y,[Z,X]] + [Z,[X,Y]] = 0', () => {
    fc.assert(
      fc.property(arbField(3, 2, 2), arbField(3, 2, 2), arbField(3, 2, 2), (X, Y, Z) => {
        const s = add(
          add(lieBracket(X, lieBracket(Y, Z)), lieBracket(Y, lieBracket(Z, X))),
          lieBracket(Z, lieBracket(X, Y)),
        );
        expect(s.every((p) => p.isZero)).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  it('obeys the Leibniz rule in the second slot: [X, fY] = f [X, Y] − (X·∇f) Y', () => {
    fc.assert(
      fc.property(arbField(3), arbField(3), arbField(3, 2, 2), (X, Y, F) => {
        const f = F[0]!;
        const gf = gradient(f);
        let xf = Polynomial.zero(3);
        for (let j = 0; j < 3; j++) xf = xf.add(X[j]!.mul(gf[j]!));
        const lhs = lieBracket(
          X,
          Y.map((y) => f.mul(y)),
        );
        const xy = lieBracket(X, Y);
        const rhs = Y.map((y, i) => f.mul(xy[i]!).sub(xf.mul(y)));
        expect(fieldsEqual(lhs, rhs)).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  it('the bracket of gradients of degree-p polynomials has degree at most 2p − 3 (MATH.md §2)', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 4 })
          .chain((p) => fc.tuple(fc.constant(p), arbHomogeneous(4, p), arbHomogeneous(4, p))),
        ([p, f, g]) => {
          for (const c of lieBracket(gradient(f), gradient(g))) {
            if (!c.isZero) expect(c.degree).toBeLessThanOrEqual(2 * p - 3);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('the bound 2p − 3 is attained: [∇(ab), ∇(bc)] has degree 1 for p = 2', () => {
    const [a, b, c] = [0, 1, 2].map((i) => Polynomial.variable(3, i));
    const br = lieBracket(gradient(a!.mul(b!)), gradient(b!.mul(c!)));
    expect(Math.max(...br.map((q) => q.degree))).toBe(1);
  });

  it('returns frozen fields; brackets of returned and of equal user-built fields agree', () => {
    fc.assert(
      fc.property(arbField(3), arbField(3), arbField(3), (X, Y, Z) => {
        const xy = lieBracket(X, Y);
        expect(Object.isFrozen(xy)).toBe(true);
        expect(Object.isFrozen(gradient(X[0]!))).toBe(true);
        // xy carries cached facts (support); a plain copy is validated afresh.
        expect(fieldsEqual(lieBracket(xy, Z), lieBracket([...xy], [...Z]))).toBe(true);
        expect(fieldsEqual(lieBracket(Z, xy), bracketViaJacobians(Z, [...xy]))).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  it('rejects fields of mismatched dimensions, naming the argument', () => {
    const x = Polynomial.variable(2, 0);
    expect(() => lieBracket([x, x], [Polynomial.variable(3, 0)])).toThrow(
      /Y\[0\] has 3 variables, expected D = 1/,
    );
    expect(() => lieBracket([x], [x])).toThrow(/X\[0\] has 2 variables, expected D = 1/);
    expect(() => lieBracket([x, x], [x, 'y' as never])).toThrow(TypeError);
  });
});

describe('gradient and jacobianField', () => {
  it("gradient satisfies Euler's identity Σ x_i ∂_i p = k p for homogeneous p of degree k", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((k) => fc.tuple(fc.constant(k), arbHomogeneous(4, k))),
        ([k, p]) => {
          const g = gradient(p);
          let s = Polynomial.zero(4);
          for (let i = 0; i < 4; i++) s = s.add(Polynomial.variable(4, i).mul(g[i]!));
          expect(s.equals(p.scale(k))).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('jacobianField rows are the gradients of the components', () => {
    fc.assert(
      fc.property(arbField(3), (X) => {
        const J = jacobianField(X);
        X.forEach((xi, i) => {
          expect(fieldsEqual(J[i]!, gradient(xi))).toBe(true);
        });
      }),
      { numRuns: 25 },
    );
  });

  it('gradient of a path monomial in many variables touches only its variables', () => {
    const D = 1000;
    const p = Polynomial.variable(D, 3).mul(Polynomial.variable(D, 500)).mul(Polynomial.variable(D, 999));
    const g = gradient(p);
    expect(g.length).toBe(D);
    expect(g.filter((c) => !c.isZero).length).toBe(3);
    expect(g[500]!.equals(Polynomial.variable(D, 3).mul(Polynomial.variable(D, 999)))).toBe(true);
  });
});
