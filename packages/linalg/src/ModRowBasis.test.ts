import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactRank, matVecModBig } from '../test/exactRank.js';
import { PRIME } from './modArithmetic.js';
import { ModRowBasis } from './ModRowBasis.js';
import { modNullSpace } from './modNullSpace.js';
import { modRank } from './modRank.js';
import { createRng } from './random.js';

/** Integer matrix of rank <= r: product of random m×r and r×n integer matrices in [-3, 3]. */
function lowRank(seed: number, m: number, n: number, r: number): number[][] {
  const rng = createRng(seed);
  const a = Array.from({ length: m }, () => Array.from({ length: r }, () => rng.integer(-3, 3)));
  const b = Array.from({ length: r }, () => Array.from({ length: n }, () => rng.integer(-3, 3)));
  return a.map((ai) => Array.from({ length: n }, (_, j) => ai.reduce((s, x, k) => s + x * b[k]![j]!, 0)));
}

const smallMatrix = fc
  .record({ m: fc.integer({ min: 0, max: 7 }), n: fc.integer({ min: 1, max: 7 }), seed: fc.nat() })
  .chain(({ m, n, seed }) =>
    fc.record({
      rows: fc.array(fc.array(fc.integer({ min: -4, max: 4 }), { minLength: n, maxLength: n }), {
        minLength: m,
        maxLength: m,
      }),
      n: fc.constant(n),
      seed: fc.constant(seed),
    }),
  );

describe('ModRowBasis', () => {
  it('keeps exactly the rows that raise the rank (hand example)', () => {
    const b = new ModRowBasis(3);
    expect(b.add([1, 2, 3])).toBe(true);
    expect(b.add([2, 4, 6])).toBe(false);
    expect(b.add([0, 1, 0])).toBe(true);
    expect(b.add([1, 3, 3])).toBe(false);
    expect(b.rank).toBe(2);
    expect(b.pivots).toEqual([0, 1]);
    expect(b.contains([5, -7, 15])).toBe(true);
    expect(b.contains([0, 0, 1])).toBe(false);
    expect(Array.from(b.reduce([0, 0, 1]))).toEqual([0, 0, 1]);
    expect(b.reducedRows().map((r) => Array.from(r))).toEqual([
      [1, 0, 3],
      [0, 1, 0],
    ]);
    expect(b.add([0, 0, 1])).toBe(true);
    expect(b.isFull).toBe(true);
    expect(b.add([9, 9, 9])).toBe(false);
  });

  it('incremental rank after every row equals the exact rank over Q of the prefix (Bareiss in BigInt)', () => {
    fc.assert(
      fc.property(smallMatrix, ({ rows, n }) => {
        const b = new ModRowBasis(n);
        for (let i = 0; i < rows.length; i++) {
          const before = b.rank;
          const kept = b.add(rows[i]!);
          expect(b.rank).toBe(before + (kept ? 1 : 0));
          expect(b.rank).toBe(exactRank(rows.slice(0, i + 1), n));
        }
        expect(modRank(rows, n)).toBe(b.rank);
      }),
      { numRuns: 50 },
    );
  });

  it('the rank does not depend on the order in which rows are added', () => {
    fc.assert(
      fc.property(smallMatrix, fc.nat(), ({ rows, n }, s) => {
        const rng = createRng(s % 2 ** 32);
        const shuffled = rows.slice();
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = rng.integer(0, i);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        expect(modRank(shuffled, n)).toBe(modRank(rows, n));
      }),
      { numRuns: 30 },
    );
  });

  it('kept rows are in echelon form: 1 at the pivot, 0 left of it and, once reduced, 0 at other pivots', () => {
    const rows = lowRank(3, 12, 9, 6);
    const b = new ModRowBasis(9);
    for (const r of rows) b.add(r);
    const piv = b.pivots;
    const echelon = b.rows();
    const reduced = b.reducedRows();
    for (let k = 0; k < piv.length; k++) {
      const pc = piv[k]!;
      expect(echelon[k]?.[pc]).toBe(1);
      for (let j = 0; j < pc; j++) expect(echelon[k]?.[j]).toBe(0);
      for (let l = 0; l < piv.length; l++) expect(reduced[k]?.[piv[l]!]).toBe(l === k ? 1 : 0);
    }
    // The reduced rows span the same space: every input row is in their span, and vice versa.
    const c = new ModRowBasis(9);
    for (const r of reduced) c.add(r);
    for (const r of rows) expect(c.contains(r)).toBe(true);
  });

  it('a product of random m×r and r×n integer matrices has rank r mod p (tall and wide)', () => {
    expect(modRank(lowRank(1, 60, 20, 7), 20)).toBe(7);
    expect(modRank(lowRank(2, 15, 80, 9), 80)).toBe(9);
    expect(exactRank(lowRank(2, 15, 80, 9), 80)).toBe(9);
  });

  it('reduces negative and large entries modulo the prime (rows over Z, not only residues)', () => {
    const b = new ModRowBasis(2);
    b.add([1, -1]);
    expect(b.contains([PRIME + 2, PRIME - 2])).toBe(true);
    expect(b.contains([2 ** 52, -(2 ** 52)])).toBe(true);
  });

  it('with p = 7 the rank can drop: [[1, 0], [0, 7]] has rank 1 mod 7 and 2 mod PRIME', () => {
    expect(
      modRank(
        [
          [1, 0],
          [0, 7],
        ],
        2,
        { prime: 7 },
      ),
    ).toBe(1);
    expect(
      modRank(
        [
          [1, 0],
          [0, 7],
        ],
        2,
      ),
    ).toBe(2);
  });

  it('handles empty shapes: no rows, zero columns', () => {
    expect(modRank([], 5)).toBe(0);
    expect(modRank([[], []], 0)).toBe(0);
    expect(modNullSpace([], 3).length).toBe(3);
    expect(modNullSpace([[]], 0)).toEqual([]);
  });

  it('errors name the argument, the index and the value', () => {
    const b = new ModRowBasis(3);
    expect(() => b.add([1, 2])).toThrow(/ModRowBasis.add: row has length 2, expected cols = 3/);
    expect(() => b.add([1, 0.5, 2])).toThrow(/ModRowBasis.add: row\[1\] = 0.5 is not a safe integer/);
    expect(() => b.add(null as unknown as number[])).toThrow(TypeError);
    expect(() =>
      modRank(
        [
          [1, 2, 3],
          [1, Number.NaN, 3],
        ],
        3,
      ),
    ).toThrow(/modRank: rows\[1\]\[1\] = NaN is not a safe integer/);
    expect(() =>
      modRank(
        [
          [1, 2, 3],
          [1, 2],
        ],
        3,
      ),
    ).toThrow(/modRank: rows\[1\] has length 2, expected cols = 3/);
    expect(() => modNullSpace([[1, 2, 3]], -1)).toThrow(
      /modNullSpace: cols must be a non-negative integer, got -1/,
    );
    expect(() => new ModRowBasis(3, { prime: 10 })).toThrow(/ModRowBasis: options.prime = 10 is not prime/);
    expect(() => modRank('x' as unknown as number[][], 3)).toThrow(TypeError);
  });
});

describe('modNullSpace', () => {
  it('returns cols - rank independent vectors x with A x ≡ 0 (checked by BigInt multiplication)', () => {
    fc.assert(
      fc.property(smallMatrix, ({ rows, n }) => {
        const kernel = modNullSpace(rows, n);
        expect(kernel.length).toBe(n - exactRank(rows, n));
        for (const x of kernel) {
          for (const v of matVecModBig(rows, x, PRIME)) expect(v).toBe(0n);
          for (const xi of x) expect(Number.isInteger(xi) && xi >= 0 && xi < PRIME).toBe(true);
        }
        expect(modRank(kernel, n)).toBe(kernel.length);
      }),
      { numRuns: 50 },
    );
  });

  it('kernel of a wide low-rank integer matrix (40×120, rank 25) has dimension 95 and A·N ≡ 0', () => {
    const rows = lowRank(11, 40, 120, 25);
    const kernel = modNullSpace(rows, 120);
    expect(kernel.length).toBe(95);
    for (const x of kernel) for (const v of matVecModBig(rows, x, PRIME)) expect(v).toBe(0n);
  });

  it('hand example: kernel of [[1, 1, 0], [0, 0, 1]] is spanned by (-1, 1, 0)', () => {
    expect(
      modNullSpace(
        [
          [1, 1, 0],
          [0, 0, 1],
        ],
        3,
      ).map((x) => Array.from(x)),
    ).toEqual([[PRIME - 1, 1, 0]]);
  });
});

describe('ModRowBasis on large rows', () => {
  it('rank and kernel of 300×200 random residue matrices of rank 120 agree with the product structure', () => {
    // A = B·C with B 300×120 and C 120×200 uniform residues: rank 120 with probability
    // >= 1 - 2·120/p (Schwartz–Zippel on two 120-minors), and C's kernel is A's kernel.
    const rng = createRng(99);
    const res = () => rng.integer(0, PRIME - 1);
    const B = Array.from({ length: 300 }, () => Array.from({ length: 120 }, res));
    const C = Array.from({ length: 120 }, () => Array.from({ length: 200 }, res));
    const P = BigInt(PRIME);
    const A = B.map((bi) =>
      Array.from({ length: 200 }, (_, j) => {
        let s = 0n;
        for (let k = 0; k < 120; k++) s += BigInt(bi[k]!) * BigInt(C[k]![j]!);
        return Number(s % P);
      }),
    );
    const basis = new ModRowBasis(200);
    let kept = 0;
    for (const r of A) if (basis.add(r)) kept++;
    expect(kept).toBe(120);
    for (const r of C) expect(basis.contains(r)).toBe(true);
    const kernel = modNullSpace(A, 200);
    expect(kernel.length).toBe(80);
    for (const x of kernel.slice(0, 10)) for (const v of matVecModBig(A, x, PRIME)) expect(v).toBe(0n);
  });
});
