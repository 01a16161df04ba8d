import { attentionLifting, polynomialLifting } from '@idyn/lifting';
import { describe, expect, it } from 'vitest';
import { attentionLawCount } from './attentionLawCount.js';
import { countLaws } from './countLaws.js';
import { findLaws } from './findLaws.js';

type Shape = [d: number, k: number, v: number, e: number, heads: number];

/**
 * The attention lifting written independently as polynomial text (the `poly:` route of the CLI):
 * z = (Σ_h Σ_a q{h}_{i}_{a} k{h}_{j}_{a})_{i,j}, (Σ_h Σ_c o{h}_{j}_{c} w{h}_{i}_{c})_{j,i}.
 */
function attentionAsText([d, k, v, e, H]: Shape) {
  const names: string[] = [];
  for (let h = 0; h < H; h++) {
    for (let i = 0; i < d; i++) for (let a = 0; a < k; a++) names.push(`q${h}_${i}_${a}`, `k${h}_${i}_${a}`);
    for (let i = 0; i < d; i++) for (let c = 0; c < v; c++) names.push(`w${h}_${i}_${c}`);
    for (let j = 0; j < e; j++) for (let c = 0; c < v; c++) names.push(`o${h}_${j}_${c}`);
  }
  const polys: string[] = [];
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      const t: string[] = [];
      for (let h = 0; h < H; h++) for (let a = 0; a < k; a++) t.push(`q${h}_${i}_${a}*k${h}_${j}_${a}`);
      polys.push(t.join(' + '));
    }
  }
  for (let j = 0; j < e; j++) {
    for (let i = 0; i < d; i++) {
      const t: string[] = [];
      for (let h = 0; h < H; h++) for (let c = 0; c < v; c++) t.push(`o${h}_${j}_${c}*w${h}_${i}_${c}`);
      polys.push(t.join(' + '));
    }
  }
  return polynomialLifting(polys, names, { name: 'attention-as-text' });
}

// Twelve configurations: the MATH.md §7 head, k > d, k > 2d (dependent Gram entries), v > d + e,
// e ≠ d, and 2 to 4 heads.
const CONFIGS: Shape[] = [
  [3, 2, 2, 3, 1],
  [2, 3, 1, 1, 1],
  [2, 5, 1, 1, 1],
  [1, 3, 3, 1, 1],
  [2, 1, 3, 1, 1],
  [2, 1, 1, 2, 2],
  [2, 2, 2, 2, 2],
  [3, 1, 1, 2, 3],
  [1, 1, 1, 1, 4],
  [2, 1, 2, 3, 2],
  [4, 2, 1, 1, 2],
  [1, 2, 2, 1, 2],
];

describe('attention law counts', () => {
  it('the MATH.md §7 reference head d = 3, k = 2, v = 2, e = 3: D 24, dim Lie 18, 6 laws, known laws complete', () => {
    const r = countLaws(attentionLifting({ d: 3, k: 2, v: 2, e: 3 }));
    expect([r.D, r.lieDim, r.laws]).toEqual([24, 18, 6]);
    expect(r.complete).toBe(true);
    expect(attentionLawCount('attention:3:2:2:3')).toEqual({
      D: 24,
      laws: 6,
      queryKey: 3,
      valueOutput: 3,
      perHead: 6,
      crossHead: 0,
      lieDim: 18,
    });
  });

  it.each(CONFIGS)(
    'attention:%i:%i:%i:%i:%i — certified count = blind count of the same polynomials written as text = closed form = number of quadratic laws found',
    (d, k, v, e, heads) => {
      const lift = attentionLifting({ d, k, v, e, heads });
      const certified = countLaws(lift, { mode: 'certify' });
      const blind = countLaws(attentionAsText([d, k, v, e, heads]));
      const closed = attentionLawCount({ d, k, v, e, heads });
      expect(blind.D).toBe(lift.D);
      expect(certified.complete).toBe(true);
      expect(certified.agree && blind.agree).toBe(true);
      expect(certified.laws).toBe(blind.laws);
      expect(blind.lieDim).toBe(closed.lieDim);
      expect(closed.laws).toBe(blind.laws);
      expect(findLaws(lift, { degree: 2 }).laws).toHaveLength(blind.laws);
    },
  );

  it('certifying stops after the generators where blind needs a bracket level (the Gram differences close the count)', () => {
    const lift = attentionLifting({ d: 3, k: 2, v: 2, e: 3 });
    expect(countLaws(lift, { mode: 'certify' }).levels.length).toBeLessThan(countLaws(lift).levels.length);
  });

  it('heads interact: with H heads the count exceeds H times the one-head count by the cross-head laws', () => {
    // (d, k, v, e) = (3, 1, 1, 2): one head has 1 + 1 laws; two heads have 3 + 3 (the 2 × 2 Gram
    // differences), three heads 6 + 6.
    const one = countLaws(attentionLifting({ d: 3, k: 1, v: 1, e: 2 })).laws;
    const two = countLaws(attentionLifting({ d: 3, k: 1, v: 1, e: 2, heads: 2 })).laws;
    const three = countLaws(attentionLifting({ d: 3, k: 1, v: 1, e: 2, heads: 3 })).laws;
    expect([one, two, three]).toEqual([2, 6, 12]);
    const c = attentionLawCount({ d: 3, k: 1, v: 1, e: 2, heads: 3 });
    expect([c.perHead, c.crossHead]).toEqual([6, 6]);
  });

  it('k > 2d: the Hk(Hk+1)/2 Gram entries are dependent and the count is r·s − s(s−1)/2 (s = 2d)', () => {
    // d = 2, k = 5: 15 + 1 known polynomials, rank 14 + 1.
    const lift = attentionLifting({ d: 2, k: 5, v: 1, e: 1 });
    expect(lift.knownLaws()).toHaveLength(16);
    const r = countLaws(lift, { mode: 'certify' });
    expect([r.knownLaws, r.laws]).toEqual([15, 15]);
    expect(attentionLawCount({ d: 2, k: 5, v: 1, e: 1 }).queryKey).toBe(5 * 4 - 6);
  });

  it('rejects bad shapes naming the field', () => {
    expect(() => attentionLawCount({ d: 3, k: 0, v: 1, e: 1 })).toThrow(
      /shape.k must be an integer >= 1, got 0/,
    );
    expect(() => attentionLawCount('attention:3:2')).toThrow(RangeError);
    expect(() => attentionLawCount(null as never)).toThrow(TypeError);
  });
});
