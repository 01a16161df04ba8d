import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Rational,
  rational,
  rationalAdd,
  rationalDiv,
  rationalEquals,
  rationalIsZero,
  rationalMul,
  rationalNeg,
  rationalNullSpace,
  rationalSub,
  rationalToMod,
  rationalToNumber,
  rationalToString,
} from './rational.js';

const arbRational = fc
  .tuple(fc.bigInt({ min: -1000n, max: 1000n }), fc.bigInt({ min: 1n, max: 50n }))
  .map(([n, d]) => rational(n, d));

const isNormalised = (r: Rational): boolean => {
  if (r.den <= 0n) return false;
  let a = r.num < 0n ? -r.num : r.num;
  let b = r.den;
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 1n || (r.num === 0n && r.den === 1n);
};

function matVec(rows: Rational[][], x: Rational[]): Rational[] {
  return rows.map((row) => row.reduce((acc, a, k) => rationalAdd(acc, rationalMul(a, x[k]!)), rational(0)));
}

describe('rational', () => {
  it('normalises sign and common factors', () => {
    expect(rational(6, -4)).toEqual({ num: -3n, den: 2n });
    expect(rational(0, -7)).toEqual({ num: 0n, den: 1n });
    expect(rational(5n)).toEqual({ num: 5n, den: 1n });
  });

  it('rejects a zero denominator and non-integer inputs, naming the argument', () => {
    expect(() => rational(1, 0)).toThrow(/denominator d must be non-zero, got 0/);
    expect(() => rational(1.5)).toThrow(TypeError);
    expect(() => rational(1.5)).toThrow(/n must be a bigint or a safe integer, got 1.5/);
    expect(() => rational(1, 2 ** 60)).toThrow(/d must be/);
  });

  it('arithmetic matches hand-computed values', () => {
    expect(rationalAdd(rational(1, 2), rational(1, 3))).toEqual(rational(5, 6));
    expect(rationalSub(rational(1, 2), rational(1, 3))).toEqual(rational(1, 6));
    expect(rationalMul(rational(2, 3), rational(9, 4))).toEqual(rational(3, 2));
    expect(rationalDiv(rational(1, 2), rational(3, 4))).toEqual(rational(2, 3));
    expect(rationalNeg(rational(3, 4))).toEqual(rational(-3, 4));
    expect(rationalAdd(rational(1, 2), rational(-1, 2))).toEqual(rational(0));
    expect(() => rationalDiv(rational(1), rational(0))).toThrow(/divisor b is zero/);
  });

  it('every result is normalised and agrees with float arithmetic', () => {
    fc.assert(
      fc.property(arbRational, arbRational, (a, b) => {
        const ops: [Rational, number][] = [
          [rationalAdd(a, b), rationalToNumber(a) + rationalToNumber(b)],
          [rationalSub(a, b), rationalToNumber(a) - rationalToNumber(b)],
          [rationalMul(a, b), rationalToNumber(a) * rationalToNumber(b)],
          [rationalNeg(a), -rationalToNumber(a)],
        ];
        if (!rationalIsZero(b)) ops.push([rationalDiv(a, b), rationalToNumber(a) / rationalToNumber(b)]);
        for (const [r, f] of ops) {
          expect(isNormalised(r)).toBe(true);
          expect(rationalToNumber(r)).toBeAllClose(f, { rtol: 1e-12, atol: 1e-12 });
        }
      }),
      { numRuns: 50 },
    );
  });

  it('field identities hold exactly: (a+b)c = ac+bc, a/b*b = a, a-a = 0', () => {
    fc.assert(
      fc.property(arbRational, arbRational, arbRational, (a, b, c) => {
        expect(rationalMul(rationalAdd(a, b), c)).toEqual(rationalAdd(rationalMul(a, c), rationalMul(b, c)));
        if (!rationalIsZero(b)) expect(rationalMul(rationalDiv(a, b), b)).toEqual(a);
        expect(rationalIsZero(rationalSub(a, a))).toBe(true);
        expect(rationalEquals(rationalAdd(a, b), rationalAdd(b, a))).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it('rationalToNumber is accurate when numerator and denominator exceed 2^53', () => {
    // (10^30 + 1) / (3 * 10^29) = 10/3 + 1/(3e29): closest double is that of 10/3.
    expect(rationalToNumber(rational(10n ** 30n + 1n, 3n * 10n ** 29n))).toBe(10 / 3);
    // 2^-1100 underflows a naive Number(num)/Number(den) split but not the scaled path.
    expect(rationalToNumber(rational(3n, 2n ** 1100n))).toBe(3 * 2 ** -550 * 2 ** -550);
    expect(rationalToNumber(rational(-(7n ** 40n), 7n ** 38n))).toBe(-49);
  });

  it('rationalToString writes integers bare and fractions as num/den', () => {
    expect(rationalToString(rational(-6, 4))).toBe('-3/2');
    expect(rationalToString(rational(10, 5))).toBe('2');
  });

  it('rationalToMod is a ring homomorphism to GF(p)', () => {
    const p = 1_000_003;
    expect(rationalToMod(rational(1, 2), 7)).toBe(4);
    expect(rationalToMod(rational(-1), 7)).toBe(6);
    fc.assert(
      fc.property(arbRational, arbRational, (a, b) => {
        const ma = rationalToMod(a, p);
        const mb = rationalToMod(b, p);
        expect(rationalToMod(rationalAdd(a, b), p)).toBe((ma + mb) % p);
        expect(rationalToMod(rationalMul(a, b), p)).toBe((ma * mb) % p);
        expect(ma).toBeGreaterThanOrEqual(0);
        expect(ma).toBeLessThan(p);
      }),
      { numRuns: 50 },
    );
    expect(() => rationalToMod(rational(1, 14), 7)).toThrow(/divides the denominator of 1\/14/);
    expect(() => rationalToMod(rational(1), 2 ** 27)).toThrow(/p must be an integer prime/);
  });
});

describe('rationalNullSpace', () => {
  it('returns the closed-form kernel of a small matrix', () => {
    // x + 2y + 3z = 0, y + z = 0  =>  kernel spanned by (-1, -1, 1).
    const rows = [
      [rational(1), rational(2), rational(3)],
      [rational(0), rational(1), rational(1)],
    ];
    expect(rationalNullSpace(rows, 3)).toEqual([[rational(-1), rational(-1), rational(1)]]);
  });

  it('handles no rows, zero rows and full rank', () => {
    expect(rationalNullSpace([], 2)).toEqual([
      [rational(1), rational(0)],
      [rational(0), rational(1)],
    ]);
    expect(rationalNullSpace([[rational(0), rational(0)]], 2)).toHaveLength(2);
    expect(rationalNullSpace([[rational(1, 3)]], 1)).toEqual([]);
  });

  it('validates shape and entries', () => {
    expect(() => rationalNullSpace([[rational(1)]], 2)).toThrow(/row 0 has length 1, expected cols = 2/);
    expect(() => rationalNullSpace([], -1)).toThrow(/cols must be a non-negative integer, got -1/);
    expect(() => rationalNullSpace([[{ num: 1n, den: 0n }]], 1)).toThrow(TypeError);
  });

  it('kernel of B·C (B: m×k, C: k×n generic) has dimension n − k and A·x = 0 for each basis vector', () => {
    const arbEntry = fc.integer({ min: -5, max: 5 }).map((v) => rational(v, 1 + (Math.abs(v) % 3)));
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 1, max: 6 }),
        fc.infiniteStream(arbEntry),
        (k, extra, n, stream) => {
          const m = k + extra;
          const it = stream[Symbol.iterator]();
          const next = () => it.next().value as Rational;
          const B = Array.from({ length: m }, () => Array.from({ length: k }, next));
          const C = Array.from({ length: k }, () => Array.from({ length: n }, next));
          const A = B.map((brow) =>
            Array.from({ length: n }, (_, j) =>
              brow.reduce((acc, b, l) => rationalAdd(acc, rationalMul(b, C[l]![j]!)), rational(0)),
            ),
          );
          const basis = rationalNullSpace(A, n);
          for (const x of basis) {
            expect(x).toHaveLength(n);
            expect(matVec(A, x).every(rationalIsZero)).toBe(true);
          }
          // rank(A) <= k, so nullity >= n - k; and the basis is independent: its rows have
          // nullity n - #basis exactly when they are independent.
          expect(basis.length).toBeGreaterThanOrEqual(Math.max(0, n - k));
          expect(rationalNullSpace(basis, n)).toHaveLength(n - basis.length);
          // A·y = 0 for y in a complement means nullity is exact: the kernel of the kernel-rows
          // together with A's rows is trivial (rank-nullity check with both sides exact).
          expect(rationalNullSpace([...A, ...basis], n)).toHaveLength(0);
        },
      ),
      { numRuns: 40 },
    );
  });
});
