import { UsageError } from './errors.js';
import { readTextFile } from './net.js';

/** A data set: X row-major [samples, nIn], Y row-major [samples, nOut]. */
export interface DataSet {
  readonly samples: number;
  readonly X: Float64Array;
  readonly Y: Float64Array;
}

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function checkRow(what: string, row: unknown, width: number, name: string, i: number): number[] {
  if (!Array.isArray(row) || row.length !== width)
    throw new UsageError(
      `${what}: ${name}[${i}] must be an array of ${width} numbers, got ${JSON.stringify(row)?.slice(0, 40)}`,
    );
  return row.map((v, j) => {
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new UsageError(`${what}: ${name}[${i}][${j}] = ${JSON.stringify(v)} is not a finite number`);
    return v;
  });
}

/**
 * Reads `--data FILE`: JSON `{ "X": [[…], …], "Y": [[…], …] }`, or CSV with one sample per line,
 * the nIn input columns then the nOut output columns (a first line that is not numeric is a header).
 * @throws UsageError naming the file, the row and the value
 */
export function readData(path: string, nIn: number, nOut: number, cwd: string): DataSet {
  const what = `--data '${path}'`;
  const text = readTextFile('--data', path, cwd).trim();
  const X: number[] = [];
  const Y: number[] = [];
  if (text.startsWith('{')) {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (error) {
      throw new UsageError(`${what}: malformed JSON (${(error as Error).message})`);
    }
    const { X: xs, Y: ys } = doc as { X?: unknown; Y?: unknown };
    if (!Array.isArray(xs) || !Array.isArray(ys))
      throw new UsageError(`${what}: expected an object with arrays "X" and "Y"`);
    if (xs.length !== ys.length)
      throw new UsageError(`${what}: X has ${xs.length} rows but Y has ${ys.length}`);
    xs.forEach((row, i) => {
      X.push(...checkRow(what, row, nIn, 'X', i));
    });
    ys.forEach((row, i) => {
      Y.push(...checkRow(what, row, nOut, 'Y', i));
    });
  } else {
    const lines = text.split(/\r?\n/).filter((l) => l.trim().length > 0);
    lines.forEach((line, k) => {
      const cells = line.split(/[,;\t]/).map((c) => c.trim());
      if (k === 0 && !cells.some((c) => NUMBER_RE.test(c))) return; // header
      if (cells.length !== nIn + nOut)
        throw new UsageError(
          `${what}: line ${k + 1} has ${cells.length} columns, expected ${nIn} inputs + ${nOut} outputs = ${nIn + nOut}`,
        );
      cells.forEach((c, j) => {
        if (!NUMBER_RE.test(c))
          throw new UsageError(`${what}: line ${k + 1}, column ${j + 1} = '${c}' is not a number`);
        (j < nIn ? X : Y).push(Number(c));
      });
    });
  }
  const samples = X.length / nIn;
  if (samples === 0) throw new UsageError(`${what}: no samples`);
  return { samples, X: Float64Array.from(X), Y: Float64Array.from(Y) };
}
