import { type NetworkSpec, networkSpec, parseNetwork } from '@idyn/graph';
import { describe, expect, it } from 'vitest';
import { lawFormulas, summarizeNetwork } from './analyzeNetwork.js';

/** The summary of a preset, given as the editor gives it: the network and its spec. */
function summarize(preset: string, path: number) {
  const net = parseNetwork(preset);
  return summarizeNetwork(net, networkSpec(net) as NetworkSpec, path);
}

describe('network page figures', () => {
  // Expected values: MATH.md §5, "ReLU path-lifting, layered" table (D, rank DPhi = dim Lie, laws).
  it.each([
    ['relu:2-2-2', 8, 6, 2],
    ['relu:3-2-2', 10, 8, 2],
    ['relu:1-3-3-1', 15, 9, 6],
    ['relu:2-2-1+bias', 9, 7, 2],
  ])('%s has D = %i, rank Dφ = dim Lie = %i and %i laws (Frobenius)', async (preset, D, rank, laws) => {
    const s = await summarize(preset, 0);
    expect(s.D).toBe(D);
    expect(s.laws).not.toBeNull();
    expect(s.laws!.rankJacobian).toBe(rank);
    expect(s.laws!.lieDim).toBe(rank);
    expect(s.laws!.laws).toBe(laws);
    expect(s.laws!.frobenius).toBe(true);
  });

  it('counts paths exactly and highlights path p by its node ids (relu:2-3-2: d = 2·3·2 = 12)', async () => {
    const s = await summarize('relu:2-3-2', 0);
    expect(s.paths).toBe('12');
    expect(s.pathLabels[0]).toBe('x0→h1_0→y0');
    expect(s.highlight).toEqual(['x0', 'h1_0', 'y0']);
    expect((await summarize('relu:2-3-2', 12)).pathIndex).toBe(-1);
  });

  it('the degree-2 formulas of relu:2-2-2 are the two rescaling laws h_v (MATH.md §1)', async () => {
    const f = await lawFormulas(networkSpec(parseNetwork('relu:2-2-2')) as NetworkSpec, '8', 2);
    expect(f.error).toBeNull();
    expect(f.formulas).toHaveLength(2);
    for (const t of f.formulas)
      expect(t).toMatch(/w\(x0→h1_\d\)² \+ w\(x1→h1_\d\)² − w\(h1_\d→y0\)² − w\(h1_\d→y1\)²/);
  });

  it('skips law counting above the path limit, with the reason', async () => {
    const s = await summarize('relu:30-30-30-30', 0);
    expect(s.paths).toBe(String(30 ** 4));
    expect(s.laws).toBeNull();
    expect(s.lawsSkipped).toMatch(/810000 paths/);
  });
});
