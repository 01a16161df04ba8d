import { parse } from 'csv-parse/browser/esm/sync';
import { isNumberText } from './internal/text.js';

/** A data set: X row-major [samples, nIn], Y row-major [samples, nOut]. */
export interface DataSet {
  /** Number of samples. */
  readonly samples: number;
  /** Inputs, row-major [samples, nIn]. */
  readonly X: Float64Array;
  /** Targets, row-major [samples, nOut]. */
  readonly Y: Float64Array;
}

/** The `data` input of a study: CSV or JSON text, or `{ X, Y }` rows. */
export type DataInput =
  | string
  | { readonly X: readonly (readonly number[])[]; readonly Y: readonly (readonly number[])[] };

/**
 * A data error: the message names the line and column (or the JSON row).
 * @example
 * try { parseDataSet('1,x,3', 2, 1); } catch (e) { e instanceof DataSetError; } // true
 */
export class DataSetError extends RangeError {
  /** `'DataSetError'`. */
  override readonly name = 'DataSetError';
  /** The line of the text at fault (CSV), or undefined. */
  readonly line: number | undefined;
  /** The message without its `line N: ` head. */
  readonly reason: string;

  /**
   * @param reason - what is wrong
   * @param line - the line of the CSV text at fault, if any
   */
  constructor(reason: string, line?: number) {
    super(line === undefined ? reason : `line ${line}: ${reason}`);
    this.line = line;
    this.reason = reason;
  }
}

function checkRow(row: unknown, width: number, name: string, i: number): number[] {
  if (!Array.isArray(row) || row.length !== width)
    throw new DataSetError(
      `${name}[${i}] must be an array of ${width} numbers, got ${JSON.stringify(row)?.slice(0, 40)}`,
    );
  return row.map((v, j) => {
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new DataSetError(
        `${name}[${i}][${j}] = ${JSON.stringify(v)?.slice(0, 40)} is not a finite number`,
      );
    return v;
  });
}

function fromRows(xs: unknown, ys: unknown, nIn: number, nOut: number): DataSet {
  if (!Array.isArray(xs) || !Array.isArray(ys))
    throw new DataSetError('expected an object with arrays "X" and "Y"');
  if (xs.length !== ys.length) throw new DataSetError(`X has ${xs.length} rows but Y has ${ys.length}`);
  const X: number[] = [];
  const Y: number[] = [];
  xs.forEach((row, i) => {
    X.push(...checkRow(row, nIn, 'X', i));
  });
  ys.forEach((row, i) => {
    Y.push(...checkRow(row, nOut, 'Y', i));
  });
  return finish(X, Y, nIn);
}

function finish(X: number[], Y: number[], nIn: number): DataSet {
  const samples = X.length / nIn;
  if (samples === 0) throw new DataSetError('no samples');
  return { samples, X: Float64Array.from(X), Y: Float64Array.from(Y) };
}

interface CsvRecord {
  record: string[];
  info: { lines: number };
}

function fromCsv(text: string, nIn: number, nOut: number): DataSet {
  // Commas, semicolons or tabs (RFC 4180 quoting, csv-parse); a text without any of them is read
  // as whitespace-separated columns.
  const delimited = /[,;\t]/.test(text);
  const source = delimited
    ? text
    : text
        .split(/\r?\n/)
        .map((l) => l.trim().replace(/\s+/g, ' '))
        .join('\n');
  let records: CsvRecord[];
  try {
    records = parse(source, {
      delimiter: delimited ? [',', ';', '\t'] : ' ',
      trim: true,
      comment: '#',
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
    }) as unknown as CsvRecord[];
  } catch (error) {
    const e = error as Error & { lines?: number };
    throw new DataSetError(e.message, e.lines);
  }
  const X: number[] = [];
  const Y: number[] = [];
  records.forEach(({ record, info }, k) => {
    const cells = record;
    if (k === 0 && !cells.some(isNumberText)) return; // header
    const line = info.lines;
    if (cells.length !== nIn + nOut)
      throw new DataSetError(
        `${cells.length} columns, expected ${nIn} inputs + ${nOut} outputs = ${nIn + nOut}`,
        line,
      );
    cells.forEach((c, j) => {
      const cell = c.length > 40 ? `${c.slice(0, 30)}…` : c;
      if (!isNumberText(c)) throw new DataSetError(`column ${j + 1} = '${cell}' is not a number`, line);
      const x = Number(c);
      if (!Number.isFinite(x))
        throw new DataSetError(`column ${j + 1} = '${cell}' overflows float64 (|x| > 1.8e308)`, line);
      (j < nIn ? X : Y).push(x);
    });
  });
  return finish(X, Y, nIn);
}

/**
 * Reads a data set for a mean squared error loss: CSV text (one sample per line, the nIn inputs
 * then the nOut outputs; commas, semicolons or tabs, RFC 4180 quotes, `#` comments, an optional
 * header line without numbers; whitespace-separated columns when none of those delimiters
 * occurs), JSON text `{"X": [[…]], "Y": [[…]]}`, or the `{ X, Y }` object itself.
 *
 * @param data - the text or the rows
 * @param nIn - number of inputs of the network
 * @param nOut - number of outputs
 * @returns X and Y row-major with the number of samples
 * @throws DataSetError naming the line (`line`) and column (or the JSON row) and the value; a cell
 *   that overflows float64 (`1e999`) is refused too
 * @example
 * parseDataSet('x0,x1,y\n"1","2","3"\n4,5,6', 2, 1);
 * // { samples: 2, X: Float64Array [1, 2, 4, 5], Y: Float64Array [3, 6] }
 */
export function parseDataSet(data: DataInput, nIn: number, nOut: number): DataSet {
  if (typeof data !== 'string') return fromRows(data.X, data.Y, nIn, nOut);
  const text = data.trim();
  if (text.startsWith('{')) {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (error) {
      throw new DataSetError(`malformed JSON (${(error as Error).message})`);
    }
    const { X, Y } = (doc ?? {}) as { X?: unknown; Y?: unknown };
    return fromRows(X, Y, nIn, nOut);
  }
  return fromCsv(text, nIn, nOut);
}
