import { describe, expect, it } from 'vitest';
import { FlowSetupError, flowInput, linearWidths, runFlow } from './runFlow.js';
import { DEFAULT_STATE } from './state.js';

describe('flow lab over the flow study', () => {
  it('maps the URL state to the study input that idyn flow builds from the same options', () => {
    expect(
      flowInput({ ...DEFAULT_STATE, net: 'linear:2-3-3', init: 'relaxed', lambda: 0.7, seed: 2 }),
    ).toEqual({
      net: 'linear:2-3-3',
      init: 'relaxed:0.7:2',
      loss: `synthetic:${DEFAULT_STATE.lossSeed}`,
      T: DEFAULT_STATE.T,
      times: 61,
      maxSteps: 20000,
    });
    expect(flowInput({ ...DEFAULT_STATE, loss: 'csv', csv: '1,2,3' })).toMatchObject({
      init: `gaussian:${DEFAULT_STATE.seed}:${DEFAULT_STATE.scale}`,
      loss: 'mse',
      data: '1,2,3',
    });
  });

  it('recognises layered linear presets only', () => {
    expect(linearWidths('linear:3-3-2')).toEqual([3, 3, 2]);
    expect(linearWidths('linear:3-3-2+bias')).toBeNull();
    expect(linearWidths('relu:3-3-2')).toBeNull();
  });

  it('a relaxed init on a ReLU network is refused with a message naming the init', async () => {
    await expect(runFlow({ ...DEFAULT_STATE, init: 'relaxed' })).rejects.toThrow(
      /^init: relaxed balanced inits need a linear: preset without biases, got network 'relu:2-3-2'$/,
    );
  });

  it('a cyclic network is refused with the graph message', async () => {
    const net = JSON.stringify({
      nodes: [
        { id: 'x', kind: 'input' },
        { id: 'a', kind: 'hidden' },
        { id: 'b', kind: 'hidden' },
        { id: 'y', kind: 'output' },
      ],
      edges: [
        { from: 'x', to: 'a' },
        { from: 'a', to: 'b' },
        { from: 'b', to: 'a' },
        { from: 'b', to: 'y' },
      ],
    });
    await expect(runFlow({ ...DEFAULT_STATE, net })).rejects.toThrow(/^network: .*cycle/);
  });

  it('a bad pasted CSV cell is refused naming the line and column', async () => {
    const state = { ...DEFAULT_STATE, net: 'relu:2-3-1', loss: 'csv' as const, csv: '1,2,3\n1,oops,3' };
    await expect(runFlow(state)).rejects.toThrow(/^CSV data, line 2: column 2 = 'oops' is not a number$/);
    await expect(runFlow({ ...state, csv: '' })).rejects.toThrow(FlowSetupError);
  });

  it('a blow-up (σ = 1e100 with the quartic loss) is reported as a divergence, not a crash', async () => {
    await expect(runFlow({ ...DEFAULT_STATE, scale: 1e100 })).rejects.toThrow(
      /the flow diverged .*non-finite/,
    );
  });

  it('on a relaxed balanced two-layer linear net the θ-flow and the z-flow agree (MATH.md §5: ~1e-12 at T = 2)', async () => {
    const out = await runFlow({ ...DEFAULT_STATE, net: 'linear:2-3-3', init: 'relaxed', lambda: 0.7, T: 1 });
    expect(out.method).toBe('linear');
    expect(out.stopped).toBeNull();
    expect(out.maxDeviation).toBeLessThan(1e-9);
    expect(out.maxLawDrift).toBeLessThan(1e-9);
    expect(out.times).toHaveLength(61);
  });
});
