import { describe, expect, it } from 'vitest';
import { cpuBackend } from './cpuBackend.js';
import { runConformanceSuite } from './runConformanceSuite.js';

runConformanceSuite(cpuBackend, { describe, it, expect });

describe('cpuBackend', () => {
  it('declares float64 precision and every problem kind', () => {
    expect(cpuBackend.precision).toBe('float64');
    expect([...cpuBackend.kinds]).toEqual(['rhs', 'linear', 'layered-flow']);
  });

  it('fills the rows after a member stopped with NaN in a batch', () => {
    const r = cpuBackend.integrateBatch({ kind: 'linear', dim: 1, A: [1] }, [1, 100], 2, {
      times: [0, 1, 3],
      maxNorm: 10,
    });
    // Member 0 (e^t) crosses 10 at ln 10 ≈ 2.30; member 1 starts above the bound.
    expect(r.status).toEqual(['diverged', 'diverged']);
    expect(r.tStop[0]).toBeAllClose(Math.log(10), { rtol: 1e-6 });
    expect(r.tStop[1]).toBe(0);
    expect(r.y[1]).toBeAllClose(Math.E, { rtol: 1e-6 });
    expect(Number.isNaN(r.y[2]!)).toBe(true);
    expect(r.y[3]).toBe(100);
    expect(Number.isNaN(r.y[4]!) && Number.isNaN(r.y[5]!)).toBe(true);
  });
});
