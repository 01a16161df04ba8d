import { describe, expect, it } from 'vitest';
import { checkWidths } from './checkWidths.js';

describe('checkWidths', () => {
  it('returns a copy of valid widths, input first', () => {
    const w = [2, 1, 3];
    const out = checkWidths('f', 'widths', w, 3);
    expect(out).toEqual([2, 1, 3]);
    expect(out).not.toBe(w);
    expect(checkWidths('f', 'widths', [4, 4, 4, 4])).toEqual([4, 4, 4, 4]);
  });

  it('names the function, the argument, the index and the value of a bad entry', () => {
    expect(() => checkWidths('f', 'widths', [2, 0, 1])).toThrow(
      'f: widths[1] must be a positive integer, got 0',
    );
    expect(() => checkWidths('f', 'widths', [2, 1.5])).toThrow(
      /widths\[1\] must be a positive integer, got 1.5/,
    );
    expect(() => checkWidths('f', 'widths', ['2', 1])).toThrow(
      /widths\[0\] must be a positive integer, got "2"/,
    );
  });

  it('rejects a non-array (TypeError) and a wrong number of entries (RangeError)', () => {
    expect(() => checkWidths('f', 'widths', 3)).toThrow(TypeError);
    expect(() => checkWidths('f', 'widths', [2, 2], 3)).toThrow(
      'f: widths must have 3 entries (input first), got 2: [2, 2]',
    );
    expect(() => checkWidths('f', 'widths', [2])).toThrow(/at least 2 entries/);
  });
});
