import { describe, expect, it } from 'vitest';
import { firstNonFinite, OverflowError } from './index.js';

describe('OverflowError', () => {
  it('names the field, the time and the first non-finite index', () => {
    const e = new OverflowError({ field: 'theta', index: 3, t: 0.42, context: 'along the theta-flow' });
    expect(e).toBeInstanceOf(RangeError);
    expect(e).toMatchObject({ name: 'OverflowError', field: 'theta', index: 3, t: 0.42 });
    expect(e.message).toBe(
      'theta overflowed float64 along the theta-flow at t = 0.42: theta[3] is not finite',
    );
    expect(new OverflowError({ field: 'z' }).message).toBe('z overflowed float64');
  });

  it('firstNonFinite finds infinities and NaN, −1 when all are finite', () => {
    expect(firstNonFinite([1, 2, Number.POSITIVE_INFINITY])).toBe(2);
    expect(firstNonFinite(Float64Array.of(Number.NaN))).toBe(0);
    expect(firstNonFinite([1e308, -1e308])).toBe(-1);
    expect(firstNonFinite([1e308 * 10])).toBe(0);
  });
});
