import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { modInv, PRIME } from './modArithmetic.js';
import { modNullSpace } from './modNullSpace.js';
import { modRank } from './modRank.js';
import { rationalReconstruct, SparseModRowBasis } from './SparseModRowBasis.js';

const toMap = (row: readonly number[]) =>
  new Map(row.flatMap((x, k) => (x === 0 ? [] : [[k, x] as [number, number]])));

describe('SparseModRowBasis', () => {
  it('has the rank and the null space of the dense modRank / modNullSpace on random sparse integer matrices', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 12, maxLength: 12 }), {
          maxLength: 14,
        }),
        (cols, raw) => {
          const rows = raw.map((r) => r.slice(0, cols).map((x) => (Math.abs(x) < 2 ? 0 : x)));
          const b = new SparseModRowBasis();
          for (const r of rows) b.add(toMap(r));
          expect(b.rank).toBe(modRank(rows, cols));
          const ns = b
            .nullSpace(cols)
            .map((m) => Float64Array.from({ length: cols }, (_, k) => m.get(k) ?? 0));
          expect(ns).toEqual(modNullSpace(rows, cols));
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });

  it('keeps reduced rows with 1 at the pivot and zero at every other pivot column', () => {
    const b = new SparseModRowBasis({ prime: 101 });
    b.add(
      new Map([
        [0, 2],
        [1, 4],
        [3, 1],
      ]),
    );
    b.add(
      new Map([
        [1, 1],
        [2, 1],
      ]),
    );
    expect(b.pivots).toEqual([0, 1]);
    // Row 0 = (1, 2, 0, 51) − 2 (0, 1, 1, 0) = (1, 0, −2, 51) mod 101 (51 = 1/2 mod 101).
    expect(b.reducedRows()).toEqual([
      new Map([
        [0, 1],
        [3, 51],
        [2, 99],
      ]),
      new Map([
        [1, 1],
        [2, 1],
      ]),
    ]);
  });

  it('rejects non-integer values and columns', () => {
    const b = new SparseModRowBasis();
    expect(() => b.add(new Map([[0, 0.5]]))).toThrow(/row\[0\] = 0\.5 is not a safe integer/);
    expect(() => b.add(new Map([[-1, 1]]))).toThrow(/column -1 is not a non-negative integer/);
    expect(() => new SparseModRowBasis({ prime: 100 })).toThrow(RangeError);
  });
});

describe('rationalReconstruct', () => {
  it('recovers every a/b with |a|, b ≤ 50 from its residue', () => {
    for (let a = -50; a <= 50; a++) {
      for (let b = 1; b <= 50; b++) {
        const r = (((a * modInv(b)) % PRIME) + PRIME) % PRIME;
        const q = rationalReconstruct(r, PRIME)!;
        expect(q[0] * b).toBe(a * q[1]);
      }
    }
  });
  it('returns null when no small fraction matches', () => {
    // p = 101, bound floor(sqrt(50.5)) = 7: 5 = 5/1 and 50 = −1/2 are found; 8 is none of the
    // a/b with |a|, b ≤ 7 mod 101 (listed by enumeration).
    expect(rationalReconstruct(5, 101)).toEqual([5, 1]);
    expect(rationalReconstruct(50, 101)).toEqual([-1, 2]);
    expect(rationalReconstruct(8, 101)).toBeNull();
  });
});
