import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { excerpt } from './args.js';
import { oneLine, UsageError } from './errors.js';

/** Default largest input file, bytes: a file is read whole, as text (about 4 bytes of memory per byte). */
export const DEFAULT_MAX_FILE_BYTES = 2 ** 29;

/**
 * Reads a text file named on the command line, refusing what is not a regular file and a file
 * larger than `maxBytes` before reading it.
 * @param what - the option or argument, for messages (`--theta`, `<net>`)
 * @param path - the path as typed
 * @param cwd - directory a relative path is resolved against
 * @param maxBytes - largest size read (`--max-memory` / 4) @default DEFAULT_MAX_FILE_BYTES
 * @throws UsageError (code `file`) `<what> 'path': file not found` (or not a file, too large, unreadable)
 */
export function readTextFile(
  what: string,
  path: string,
  cwd: string,
  maxBytes = DEFAULT_MAX_FILE_BYTES,
): string {
  const full = resolve(cwd, path);
  const field = { '<net>': 'net', '--theta': 'theta', '--data': 'data' }[what];
  const where = { option: what, code: 'file', file: path, ...(field ? { field } : {}) } as const;
  const shown = excerpt(path);
  let size: number;
  try {
    const st = statSync(full);
    if (!st.isFile()) throw new UsageError(`${what} '${shown}': not a file`, where);
    size = st.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new UsageError(`${what} '${shown}': file not found`, where);
    throw new UsageError(`${what} '${shown}': cannot read (${code ?? (error as Error).message})`, where);
  }
  if (size > maxBytes)
    throw new UsageError(
      `${what} '${shown}': the file has ${size} bytes, above the ${maxBytes} read at most (a quarter of --max-memory; raise it with --max-memory ${Math.ceil((4 * size) / 2 ** 30)}GiB)`,
      { ...where, option: '--max-memory' },
    );
  try {
    return readFileSync(full, 'utf8');
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw new UsageError(`${what} '${shown}': cannot read (${e.code ?? e.message})`, where);
  }
}

/** Whether `<net>` names a file (a `.json` name, or an existing path without a preset colon). */
export function isNetFile(source: string, cwd: string): boolean {
  return source.endsWith('.json') || (!source.includes(':') && existsSync(resolve(cwd, source)));
}

/**
 * The `net` and `netLabel` study inputs of a `<net>` argument: a preset or `poly:` text as is, a
 * spec file's JSON text with the file name as label.
 */
export function netInput(
  source: string,
  cwd: string,
  maxBytes = DEFAULT_MAX_FILE_BYTES,
): { net: string; netLabel?: string } {
  if (!isNetFile(source, cwd)) return { net: source };
  const text = readTextFile('<net>', source, cwd, maxBytes);
  if (!text.trim().startsWith('{'))
    throw new UsageError(`<net> '${excerpt(source)}': not a JSON object (a network spec starts with '{')`, {
      option: '<net>',
      field: 'net',
      code: 'file',
      file: source,
    });
  return { net: text, netLabel: source };
}

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NUMBER_TOKEN = /-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/g;

/** A JSON value for a message, without serialising it (a 100000-deep array would overflow the stack). */
function describeEntry(v: unknown): string {
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (v !== null && typeof v === 'object') return 'an object';
  if (typeof v === 'string') return excerpt(JSON.stringify(v));
  return String(v);
}

/** The 1-based line of character `index` of `text`. */
function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The first number token of a JSON text that overflows float64 (outside strings), with its line. */
function overflowToken(text: string): { token: string; line: number } | null {
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') {
      inString = true;
      continue;
    }
    if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) {
      NUMBER_TOKEN.lastIndex = i;
      const m = NUMBER_TOKEN.exec(text);
      if (m && m.index === i) {
        if (!Number.isFinite(Number(m[0]))) return { token: m[0], line: lineAt(text, i) };
        i += m[0].length - 1;
      }
    }
  }
  return null;
}

/**
 * Reads `--theta FILE`: a JSON array, a JSON object with a `theta` array, or numbers separated by
 * commas/whitespace. Every entry must be a finite number (the length is the study's to check); an
 * entry that overflows float64 (`1e999`) is named with its line.
 * @throws UsageError naming the file, the line where known, the index and the value
 */
export function thetaInput(
  path: string,
  cwd: string,
  maxBytes = DEFAULT_MAX_FILE_BYTES,
): { theta: number[]; thetaLabel: string } {
  const what = `--theta '${excerpt(path)}'`;
  const at = (line?: number) =>
    ({ option: '--theta', field: 'theta', code: 'file', file: path, ...(line ? { line } : {}) }) as const;
  const raw = readTextFile('--theta', path, cwd, maxBytes);
  const text = raw.trim();
  const lead = raw.length - raw.trimStart().length;
  if (/^["[{]|^(true|false|null)$/.test(text)) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new UsageError(`${what}: malformed JSON (${excerpt(oneLine((error as Error).message))})`, at());
    }
    if (value !== null && typeof value === 'object' && !Array.isArray(value))
      value = (value as { theta?: unknown }).theta;
    if (!Array.isArray(value))
      throw new UsageError(
        `${what}: expected a JSON array of numbers or an object with a "theta" array`,
        at(),
      );
    value.forEach((v, i) => {
      if (typeof v === 'number' && !Number.isFinite(v)) {
        const o = overflowToken(text);
        const line = o === null ? undefined : o.line + lineAt(raw, lead) - 1;
        throw new UsageError(
          `${what}${line === undefined ? '' : `, line ${line}`}: theta[${i}] = ${o?.token ?? v} overflows float64 (|x| > 1.8e308)`,
          at(line),
        );
      }
      if (typeof v !== 'number')
        throw new UsageError(`${what}: theta[${i}] = ${describeEntry(v)} is not a finite number`, at());
    });
    return { theta: value as number[], thetaLabel: `file:${path}` };
  }
  const values: number[] = [];
  raw.split('\n').forEach((lineText, l) => {
    for (const token of lineText.split(/[\s,]+/)) {
      if (token.length === 0) continue;
      const i = values.length;
      const line = l + 1;
      if (!NUMBER_RE.test(token))
        throw new UsageError(
          `${what}, line ${line}: theta[${i}] = ${excerpt(JSON.stringify(token))} is not a number`,
          at(line),
        );
      const x = Number(token);
      if (!Number.isFinite(x))
        throw new UsageError(
          `${what}, line ${line}: theta[${i}] = ${excerpt(token)} overflows float64 (|x| > 1.8e308)`,
          at(line),
        );
      values.push(x);
    }
  });
  return { theta: values, thetaLabel: `file:${path}` };
}

/** Reads `--data FILE` as text (the study parses it: CSV or JSON). */
export function dataInput(
  path: string,
  cwd: string,
  maxBytes = DEFAULT_MAX_FILE_BYTES,
): { data: string; dataLabel: string } {
  return { data: readTextFile('--data', path, cwd, maxBytes), dataLabel: path };
}
