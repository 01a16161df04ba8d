import { describe, expect, it } from 'vitest';
import { formatExponent, formatTicks } from './format.js';
import { linearTicks, logTicks } from './ticks.js';

describe('tick formatting', () => {
  it('writes powers of ten on log axes in exponent notation, down to 1e-12', () => {
    const labels = logTicks(1e-12, 1, 6)
      .filter((t) => !t.minor)
      .map((t) => t.label);
    // 13 powers of ten (1e-12 .. 1e0) for ~6 labels: every ceil(13 / 6) = 3rd decade.
    expect(labels).toEqual(['1e-12', '1e-9', '1e-6', '1e-3', '1e0']);
  });

  it('labels 1, 2, 5 multiples and marks the rest as minor within two decades', () => {
    const ticks = logTicks(1, 100, 6);
    expect(ticks.filter((t) => !t.minor).map((t) => t.label)).toEqual([
      '1',
      '2',
      '5',
      '10',
      '20',
      '50',
      '100',
    ]);
    expect(ticks.filter((t) => t.minor).length).toBe(12); // 3,4,6,7,8,9 in two decades
  });

  it('writes every power of ten 10^e as 1e<e> (e from -300 to 300)', () => {
    for (let e = -300; e <= 300; e++) expect(formatExponent(Number(`1e${e}`))).toBe(`1e${e}`);
  });

  it('formats exponent mantissas without rounding noise', () => {
    expect(formatExponent(1e-15)).toBe('1e-15');
    expect(formatExponent(2.5e-7)).toBe('2.5e-7');
    expect(formatExponent(-3e5)).toBe('-3e5');
    expect(formatExponent(9.99999999e-13)).toBe('1e-12');
  });

  it('uses the step decimals for every label on linear axes and exponents for tiny linear ranges', () => {
    expect(linearTicks(0, 1, 5).map((t) => t.label)).toEqual(['0', '0.2', '0.4', '0.6', '0.8', '1.0']);
    expect(formatTicks([0, 5e-13, 1e-12], false)).toEqual(['0', '5e-13', '1e-12']);
    expect(formatTicks([-2, 0, 2], false)).toEqual(['-2', '0', '2']);
  });
});
