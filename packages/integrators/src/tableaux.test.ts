import { describe, expect, it } from 'vitest';
import { stageWeights, treesOfOrder } from './internal/rootedTrees.js';
import { DOPRI5, EULER, HEUN, RK4, TABLEAUX, type ButcherTableau } from './tableaux.js';

// Expected values: Butcher's order conditions Σ b_i Φ_i(τ) = 1/γ(τ) (Hairer–Nørsett–Wanner I, §II.2),
// computed from the tree enumeration, independent of the tableau data.
function defect(tab: ButcherTableau, weights: readonly number[], maxOrder: number): number[] {
  const worst: number[] = [];
  for (let p = 1; p <= maxOrder; p++) {
    let m = 0;
    for (const tree of treesOfOrder(p)) {
      const phi = stageWeights(tab.a, tree);
      const lhs = weights.reduce((s, b, i) => s + b * phi[i]!, 0);
      m = Math.max(m, Math.abs(lhs - 1 / tree.gamma));
    }
    worst.push(m);
  }
  return worst;
}

describe('tableaux', () => {
  it('the tree enumeration counts 1, 1, 2, 4, 9, 20 rooted trees of orders 1..6 (OEIS A000081)', () => {
    expect([1, 2, 3, 4, 5, 6].map((p) => treesOfOrder(p).length)).toEqual([1, 1, 2, 4, 9, 20]);
  });

  it('every tableau has row sums Σ_j a_ij = c_i and consistent sizes', () => {
    for (const tab of Object.values(TABLEAUX)) {
      expect(tab.c.length).toBe(tab.stages);
      expect(tab.b.length).toBe(tab.stages);
      tab.a.forEach((row, i) => {
        expect(row.length).toBe(i);
        expect(row.reduce((s, x) => s + x, 0)).toBeAllClose(tab.c[i], { atol: 1e-15 });
      });
    }
  });

  it.each([
    [EULER, 1],
    [HEUN, 2],
    [RK4, 4],
    [DOPRI5, 5],
  ] as const)('%s satisfies the order conditions up to its order and not beyond', (tab, order) => {
    const d = defect(tab, tab.b, order + 1);
    for (let p = 0; p < order; p++) expect(d[p]).toBeLessThan(1e-15);
    expect(d[order]).toBeGreaterThan(1e-6);
  });

  it('DOPRI5 embedded solution b̂ = b − e has order exactly 4', () => {
    const bhat = DOPRI5.b.map((b, i) => b - DOPRI5.e![i]!);
    const d = defect(DOPRI5, bhat, 5);
    for (let p = 0; p < 4; p++) expect(d[p]).toBeLessThan(1e-15);
    expect(d[4]).toBeGreaterThan(1e-6);
  });

  it('DOPRI5 is FSAL: its last row of a equals b and c_7 = 1', () => {
    expect(DOPRI5.a[6]).toEqual(DOPRI5.b.slice(0, 6));
    expect(DOPRI5.c[6]).toBe(1);
    expect(DOPRI5.b[6]).toBe(0);
  });

  it('DOPRI5 continuous extension equals b at θ = 1 and has order 4 for every θ', () => {
    const dense = DOPRI5.dense as readonly (readonly number[])[];
    const bAt = (th: number) => dense.map((p) => p.reduce((s, c, j) => s + c * th ** (j + 1), 0));
    expect(bAt(1)).toBeAllClose(DOPRI5.b, { atol: 1e-15 });
    // Continuous order conditions: Σ b_i(θ) Φ_i(τ) = θ^{|τ|}/γ(τ).
    for (const th of [0.1, 0.37, 0.5, 0.81]) {
      const w = bAt(th);
      for (let p = 1; p <= 4; p++) {
        for (const tree of treesOfOrder(p)) {
          const phi = stageWeights(DOPRI5.a, tree);
          const lhs = w.reduce((s, b, i) => s + b * phi[i]!, 0);
          expect(lhs).toBeAllClose(th ** p / tree.gamma, { atol: 1e-14 });
        }
      }
    }
  });
});
