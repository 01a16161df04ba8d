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

describe('laws study: shared weights, attention, blocks (MATH.md §7)', () => {
  it('conv1d:4:1-2:2:1 (MATH.md §7 reference): D 10, dim Lie 8, 2 laws, by the Lie trace and by the structural count alike', async () => {
    const trace = await lawsStudy.run({ net: 'conv1d:4:1-2:2:1' });
    const structural = await lawsStudy.run({ net: 'conv1d:4:1-2:2:1', method: 'rescaling' });
    expect(trace).toMatchObject({ D: 10, d: 12, lieDim: 8, laws: 2, method: 'lie-trace', paths: '12' });
    expect(structural).toMatchObject({ D: 10, d: 12, lieDim: 8, laws: 2, method: 'rescaling', levels: [] });
    expect(structural.proof).toMatch(/no path enumerated/);
  });

  it('a conv net above the trace limits is counted structurally, one law per hidden channel (4 + 4), its method stated', async () => {
    const r = await lawsStudy.run({ net: 'conv2d:10x10:1-4-4:3x3:2' });
    expect(r.method).toBe('rescaling');
    expect(r.reason).toMatch(/above the Lie-trace limits/);
    expect([r.laws, r.lieDim, r.rankJacobian, r.complete]).toEqual([8, r.D - 8, r.D - 8, true]);
    // Paths by hand: 2 outputs × 6·6 positions × 4 channels × 9 offsets × 4 channels × 9 offsets.
    expect([r.paths, r.d]).toEqual([String(2 * 36 * 4 * 9 * 4 * 9), 93312]);
  });

  it('--blind forces the Lie trace; with method rescaling it is refused naming both', async () => {
    const r = await lawsStudy.run({ net: 'conv1d:4:1-2:2:1', blind: true });
    expect([r.method, r.mode, r.laws]).toEqual(['lie-trace', 'blind', 2]);
    await expect(lawsStudy.run({ net: 'relu:2-3-2', blind: true, method: 'rescaling' })).rejects.toThrow(
      /blind needs the Lie trace, not method rescaling/,
    );
    await expect(lawsStudy.run({ net: 'poly:x1*x2', method: 'rescaling' })).rejects.toThrow(
      /method applies to networks, got net 'poly:x1\*x2'/,
    );
  });

  it('one attention head d=3, k=2, v=2, e=3 (MATH.md §7): D 24, dim Lie 18, 6 laws = 3 + 3, no cross-head law', async () => {
    const r = await lawsStudy.run({ net: 'attention:3:2:2:3' });
    expect(r).toMatchObject({ lifting: 'attention', D: 24, d: 18, lieDim: 18, laws: 6, complete: true });
    expect(r.attention).toEqual({
      d: 3,
      k: 2,
      v: 2,
      e: 3,
      heads: 1,
      closedForm: 6,
      queryKey: 3,
      valueOutput: 3,
      perHead: 6,
      crossHead: 0,
    });
  });

  it('two heads of attention:2:1:1:2:2: the blind count equals the certified one and the closed form, 2 cross-head laws', async () => {
    const certified = await lawsStudy.run({ net: 'attention:2:1:1:2:2' });
    const blind = await lawsStudy.run({ net: 'attention:2:1:1:2:2', blind: true });
    expect([certified.laws, blind.laws, blind.mode]).toEqual([6, 6, 'blind']);
    expect(certified.attention).toMatchObject({ closedForm: 6, perHead: 4, crossHead: 2 });
  });

  it('block laws: layers 1-2 of relu:2-3-3-2 carry the 3 h_v of layer 1, the laws of relu:2-3-3 in isolation', async () => {
    const r = await lawsStudy.run({ net: 'relu:2-3-3-2', block: '1,2', isolated: 'relu:2-3-3' });
    expect(r.laws).toBe(6);
    expect(r.block).toMatchObject({ size: 15, laws: 3, knownLaws: 3, complete: true });
    expect(r.block?.isolated).toEqual({ net: 'relu:2-3-3', laws: 3, lieDim: 12, common: 3, same: true });
    const single = await lawsStudy.run({ net: 'relu:2-3-3-2', block: 'layers:2' });
    expect(single.block?.laws).toBe(0);
  });

  it('a residual block has the laws of the block without its skip, as spaces (degree-2 polynomials too)', async () => {
    const r = await lawsStudy.run({
      net: 'conv1d:4:2-3-2:3:0:p1:res',
      block: 'match:.',
      isolated: 'conv1d:4:2-3-2:3:0:p1',
      formulas: true,
    });
    expect(r.laws).toBe(3);
    expect(r.block?.isolated).toMatchObject({ laws: 3, common: 3, same: true });
    expect(r.block?.isolated?.polynomial).toEqual({
      degree: 2,
      inNetwork: 3,
      isolated: 3,
      common: 3,
      same: true,
    });
    expect(r.block?.formulas?.laws).toHaveLength(3);
  });

  it('bad blocks name the field, the value and the grammar', async () => {
    await expect(lawsStudy.run({ net: 'relu:2-3-2', block: 'rows:1' })).rejects.toThrow(
      /^block 'rows:1': unknown kind 'rows'/,
    );
    await expect(lawsStudy.run({ net: 'relu:2-3-2', block: 'params:0,99' })).rejects.toThrow(
      /block 'params:0,99': .*must be a parameter index in \[0, 12\), got 99/,
    );
    await expect(lawsStudy.run({ net: 'relu:2-3-2', isolated: 'relu:2-3' })).rejects.toThrow(
      /isolated needs block/,
    );
  });
});
