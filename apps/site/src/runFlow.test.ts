import { describe, expect, it } from 'vitest';
import { FlowSetupError, linearWidths, parseCsv, runFlow } from './runFlow.js';
import { DEFAULT_STATE } from './state.js';

describe('flow lab set-up', () => {
  it('parses CSV rows (inputs then outputs), skipping a header and comments', () => {
    const { X, Y, samples } = parseCsv('x0,x1,y0\n# note\n1,2,3\n4 5 6\n', 2, 1);
    expect(samples).toBe(2);
    expect(Array.from(X)).toEqual([1, 2, 4, 5]);
    expect(Array.from(Y)).toEqual([3, 6]);
  });

  it('names the line and column of a bad CSV cell, and the expected width', () => {
    expect(() => parseCsv('1,2,3\n1,oops,3', 2, 1)).toThrow(/line 2, column 2 is 'oops'/);
    expect(() => parseCsv('1,2', 2, 1)).toThrow(/line 1 has 2 columns, expected 3/);
    expect(() => parseCsv('', 2, 1)).toThrow(FlowSetupError);
  });

  it('recognises layered linear presets only', () => {
    expect(linearWidths('linear:3-3-2')).toEqual([3, 3, 2]);
    expect(linearWidths('linear:3-3-2+bias')).toBeNull();
    expect(linearWidths('relu:3-3-2')).toBeNull();
  });

  it('a relaxed init on a ReLU network is refused with a message naming the init', () => {
    expect(() => runFlow({ ...DEFAULT_STATE, init: 'relaxed' })).toThrow(
      /init: relaxed balanced needs a layered linear network/,
    );
  });

  it('a cyclic network is refused with the graph message', () => {
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
    expect(() => runFlow({ ...DEFAULT_STATE, net })).toThrow(/network: .*cycle/);
  });

  it('a blow-up (σ = 5 with the quartic loss) is reported as a divergence, not a crash', () => {
    expect(() => runFlow({ ...DEFAULT_STATE, scale: 5 })).toThrow(/the flow diverged .*non-finite/);
  });

  it('on a relaxed balanced two-layer linear net the θ-flow and the z-flow agree (MATH.md §5: ~1e-12 at T = 2)', () => {
    const out = runFlow({ ...DEFAULT_STATE, net: 'linear:2-3-3', init: 'relaxed', lambda: 0.7, T: 1 });
    expect(out.method).toBe('linear');
    expect(out.stopped).toBeNull();
    expect(out.maxDeviation).toBeLessThan(1e-9);
    expect(out.maxLawDrift).toBeLessThan(1e-9);
    expect(out.times).toHaveLength(61);
  });
});
