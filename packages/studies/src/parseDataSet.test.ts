import { describe, expect, it } from 'vitest';
import { DataSetError, parseDataSet } from './parseDataSet.js';

describe('parseDataSet', () => {
  it('reads CSV rows (inputs then outputs), skipping a header and comments', () => {
    const { X, Y, samples } = parseDataSet('x0,x1,y0\n# note\n1,2,3\n4;5;6\n', 2, 1);
    expect(samples).toBe(2);
    expect(Array.from(X)).toEqual([1, 2, 4, 5]);
    expect(Array.from(Y)).toEqual([3, 6]);
  });
  it('reads an RFC 4180 quoted row "1","2","3" (it used to be dropped)', () => {
    const d = parseDataSet('"x0","x1","y"\n"1","2","3"\n"4", "5" ,"6"', 2, 1);
    expect(Array.from(d.X)).toEqual([1, 2, 4, 5]);
    expect(Array.from(d.Y)).toEqual([3, 6]);
  });
  it('reads whitespace-separated columns when no delimiter occurs', () => {
    const d = parseDataSet('1 2  3\n   4 5 6 \n', 2, 1);
    expect(Array.from(d.X)).toEqual([1, 2, 4, 5]);
    expect(Array.from(d.Y)).toEqual([3, 6]);
  });
  it('reads JSON text and {X, Y} rows alike', () => {
    const a = parseDataSet('{"X": [[1, 2], [4, 5]], "Y": [[3], [6]]}', 2, 1);
    const b = parseDataSet(
      {
        X: [
          [1, 2],
          [4, 5],
        ],
        Y: [[3], [6]],
      },
      2,
      1,
    );
    expect(a).toEqual(b);
    expect(Array.from(a.Y)).toEqual([3, 6]);
  });
  it.each([
    ['1,2,3\n1,oops,3', "line 2: column 2 = 'oops' is not a number"],
    ['1,2,3\n1e999,2,3', "line 2: column 1 = '1e999' overflows float64"],
    ['1,2', 'line 1: 2 columns, expected 2 inputs + 1 outputs = 3'],
    ['# only a comment', 'no samples'],
    ['1,"2,3', 'line 1'],
    ['{"X": [[1, 2]], "Y": [[3], [4]]}', 'X has 1 rows but Y has 2'],
    ['{"X": [[1, "a"]], "Y": [[3]]}', 'X[0][1] = "a" is not a finite number'],
    ['{"X": [[1, 2]', 'malformed JSON'],
  ])('%j is refused: %s', (text, message) => {
    expect(() => parseDataSet(text, 2, 1)).toThrow(DataSetError);
    expect(() => parseDataSet(text, 2, 1)).toThrow(message);
  });
});
