/**
 * Rooted trees and Butcher's order conditions, used to check tableaux independently of any
 * integration: a method has order p iff Σ_i b_i Φ_i(τ) = 1/γ(τ) for every rooted tree τ with
 * |τ| ≤ p (Hairer, Nørsett & Wanner, Solving ODEs I, §II.2).
 */
export interface RootedTree {
  /** Subtrees hanging from the root. */
  readonly children: readonly RootedTree[];
  readonly order: number;
  /** Density γ(τ) = |τ| Π γ(children). */
  readonly gamma: number;
}

const cache: RootedTree[][] = [];

/** All rooted trees with exactly `order` vertices (each once, up to isomorphism). */
export function treesOfOrder(order: number): RootedTree[] {
  if (cache[order]) return cache[order] as RootedTree[];
  // A tree is the root plus a multiset of subtrees; enumerate multisets in a canonical order
  // (nonincreasing (order, index)) so every tree appears once.
  const all: { tree: RootedTree }[] = [];
  for (let o = 1; o < order; o++) for (const tree of treesOfOrder(o)) all.push({ tree });
  const out: RootedTree[] = [];
  const build = (remaining: number, maxIndex: number, chosen: RootedTree[]): void => {
    if (remaining === 0) {
      const gamma = order * chosen.reduce((g, c) => g * c.gamma, 1);
      out.push({ children: [...chosen], order, gamma });
      return;
    }
    for (let j = maxIndex; j >= 0; j--) {
      const cand = all[j] as { tree: RootedTree };
      if (cand.tree.order > remaining) continue;
      chosen.push(cand.tree);
      build(remaining - cand.tree.order, j, chosen);
      chosen.pop();
    }
  };
  build(order - 1, all.length - 1, []);
  cache[order] = out;
  return out;
}

/** Stage-wise elementary weights Φ_i(τ) = Π_children Σ_j a_ij Φ_j(child). */
export function stageWeights(a: readonly (readonly number[])[], tree: RootedTree): number[] {
  const s = a.length;
  const w = new Array<number>(s).fill(1);
  for (const child of tree.children) {
    const phi = stageWeights(a, child);
    for (let i = 0; i < s; i++) {
      let sum = 0;
      const row = a[i] as readonly number[];
      for (let j = 0; j < row.length; j++) sum += row[j]! * phi[j]!;
      w[i] = w[i]! * sum;
    }
  }
  return w;
}
