import { describe, expect, it } from 'vitest';
import { checkFlowBudget, FLOW_FRAMES, flowInput, linearWidths, runFlow } from './runFlow.js';
import { DEFAULT_STATE } from './state.js';

const first = (state: typeof DEFAULT_STATE) => ({ ...state, horizon: state.T, frames: FLOW_FRAMES });

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
    // the live player's longer horizon keeps the grid: 60 steps per T
    expect(flowInput(DEFAULT_STATE, 3, 121)).toMatchObject({ T: 3, times: 121 });
  });

  it('recognises layered linear presets only', () => {
    expect(linearWidths('linear:3-3-2')).toEqual([3, 3, 2]);
    expect(linearWidths('linear:3-3-2+bias')).toBeNull();
    expect(linearWidths('relu:3-3-2')).toBeNull();
  });

  it('a relaxed init on a ReLU network is refused with a message naming the init', async () => {
    await expect(runFlow(first({ ...DEFAULT_STATE, init: 'relaxed' }))).rejects.toThrow(
      /relaxed balanced inits need a linear: preset without biases/,
    );
  });

  it('a bad pasted CSV cell is refused naming the line and column', async () => {
    const state = { ...DEFAULT_STATE, net: 'relu:2-3-1', loss: 'csv' as const, csv: '1,2,3\n1,oops,3' };
    await expect(runFlow(first(state))).rejects.toThrow(/line 2: column 2 = 'oops' is not a number/);
  });

  it('a blow-up (σ = 1e100 with the quartic loss) is reported as a divergence, not a crash', async () => {
    await expect(runFlow(first({ ...DEFAULT_STATE, scale: 1e100 }))).rejects.toThrow(
      /the flow diverged .*non-finite/,
    );
  });

  it('the size budget refuses a path model whose d × D Jacobian is too large, naming both sizes, before building it', () => {
    // relu:10-30-30-2: d = 10·30·30·2 = 18 000 paths, D = 300 + 900 + 60 = 1 260
    expect(() => checkFlowBudget(first({ ...DEFAULT_STATE, net: 'relu:10-30-30-2' }))).toThrow(
      /18,000 paths and 1,260 parameters: .*18,000 × 1,260 Jacobian/,
    );
    expect(() => checkFlowBudget(first({ ...DEFAULT_STATE, net: 'relu:1000-1000-1000' }))).toThrow(
      /2,000,000 edges, more than the 500,000/,
    );
    expect(() => checkFlowBudget({ ...first(DEFAULT_STATE), frames: 3_000_000 })).toThrow(
      /output times of 12 coordinates/,
    );
    expect(() => checkFlowBudget(first(DEFAULT_STATE))).not.toThrow();
  });

  it('on a relaxed balanced two-layer linear net the θ-flow and the z-flow agree (MATH.md §5: ~1e-12 at T = 2)', async () => {
    const out = await runFlow(
      first({ ...DEFAULT_STATE, net: 'linear:2-3-3', init: 'relaxed', lambda: 0.7, T: 1 }),
    );
    expect(out.method).toBe('linear');
    expect(out.stopped).toBeNull();
    expect(out.maxDeviation).toBeLessThan(1e-9);
    expect(out.maxLawDrift).toBeLessThan(1e-9);
    expect(out.times).toHaveLength(61);
  });

  it('a doubled horizon on the same grid repeats the first run at the shared times (the live player)', async () => {
    const a = await runFlow(first(DEFAULT_STATE));
    const b = await runFlow({ ...DEFAULT_STATE, horizon: 2 * DEFAULT_STATE.T, frames: 121 });
    expect(b.times).toHaveLength(121);
    for (let i = 0; i < 61; i++) {
      expect(b.times[i]).toBeCloseTo(a.times[i]!, 14);
      expect(b.zTheta[0]![i]).toBeCloseTo(a.zTheta[0]![i]!, 8);
    }
  });
});
