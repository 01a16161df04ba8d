import { describe, expect, it } from 'vitest';
import { closeToReport } from '../../vitest/matchers.js';

describe('toBeAllClose matcher', () => {
  it('accepts values within atol + rtol*|expected| and reports the worst index otherwise', () => {
    expect(closeToReport([1, 2], [1 + 1e-10, 2], { rtol: 1e-9, atol: 0 }).pass).toBe(true);
    const r = closeToReport(new Float64Array([1, 2, 3]), [1, 2.5, 3], { rtol: 1e-9, atol: 1e-12 });
    expect(r.pass).toBe(false);
    expect(r.message).toMatch(/1 of 3 value\(s\) not close/);
    expect(r.message).toMatch(/index 1: actual 2, expected 2.5/);
  });

  it('never accepts NaN and rejects length mismatches', () => {
    expect(closeToReport([Number.NaN], [Number.NaN]).pass).toBe(false);
    expect(closeToReport([1, 2], [1]).message).toMatch(/length mismatch/);
  });

  it('is usable through expect', () => {
    expect(0.1 + 0.2).toBeAllClose(0.3, { rtol: 1e-15, atol: 0 });
    expect(() => expect([1]).toBeAllClose([1.1], { rtol: 0, atol: 1e-3 })).toThrow(/not close/);
  });
});
