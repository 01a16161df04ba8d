import { describe, expect, it } from 'vitest';
import { lawsStudy } from './lawsStudy.js';

describe('laws study', () => {
  it('relu:2-3-2: D 12, rank Dphi = dim Lie = 9, 3 laws, one per hidden neuron (MATH.md §5 table)', async () => {
    const r = await lawsStudy.run({ net: 'relu:2-3-2' });
    expect(r).toMatchObject({ D: 12, d: 12, rankJacobian: 9, lieDim: 9, laws: 3, frobenius: true });
    expect(r).toMatchObject({ knownLaws: 3, knownLawsListed: 3, complete: true, mode: 'certify' });
  });
  it('poly:x1*x2*x3 has the 2 laws x1² − x2², x1² − x3² (closed form: their gradients are orthogonal to ∇(x1x2x3))', async () => {
    const r = await lawsStudy.run({ net: 'poly:x1*x2*x3', formulas: true });
    expect(r).toMatchObject({ D: 3, d: 1, laws: 2, lifting: 'polynomial' });
    expect(r.formulas?.laws).toHaveLength(2);
  });
  it('a network spec object counts like its preset; netLabel names it in the result', async () => {
    const spec = {
      nodes: [
        { id: 'x', kind: 'input' as const },
        { id: 'h', kind: 'hidden' as const, activation: 'relu' as const },
        { id: 'y', kind: 'output' as const },
      ],
      edges: [
        { from: 'x', to: 'h' },
        { from: 'h', to: 'y' },
      ],
    };
    // Scalar chain x → h → y: one path, D 2, one law h = w1² − w2² (MATH.md §1).
    const r = await lawsStudy.run({ net: spec, netLabel: 'chain.json' });
    expect(r).toMatchObject({ net: 'chain.json', D: 2, d: 1, rankJacobian: 1, laws: 1 });
  });
  it('a bad preset names the net and the valid forms', async () => {
    await expect(lawsStudy.run({ net: 'sigmoid:2-3-2' })).rejects.toThrow(
      /^net 'sigmoid:2-3-2': .*unknown preset.*valid forms: relu:/,
    );
  });
});
