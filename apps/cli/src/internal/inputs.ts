import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError, oneLine } from './errors.js';

/**
 * Reads a text file named on the command line.
 * @throws UsageError `<what> 'path': file not found` (or not a file, or unreadable)
 */
export function readTextFile(what: string, path: string, cwd: string): string {
  const full = resolve(cwd, path);
  if (!existsSync(full)) throw new UsageError(`${what} '${path}': file not found`);
  if (!statSync(full).isFile()) throw new UsageError(`${what} '${path}': not a file`);
  try {
    return readFileSync(full, 'utf8');
  } catch (error) {
    throw new UsageError(`${what} '${path}': cannot read (${(error as Error).message})`);
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
export function netInput(source: string, cwd: string): { net: string; netLabel?: string } {
  if (!isNetFile(source, cwd)) return { net: source };
  const text = readTextFile('<net>', source, cwd);
  if (!text.trim().startsWith('{'))
    throw new UsageError(`<net> '${source}': not a JSON object (a network spec starts with '{')`);
  return { net: text, netLabel: source };
}

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Reads `--theta FILE`: a JSON array, a JSON object with a `theta` array, or numbers separated by
 * commas/whitespace. Every entry must be a finite number (the length is the study's to check).
 * @throws UsageError naming the file, the index and the value
 */
export function thetaInput(path: string, cwd: string): { theta: number[]; thetaLabel: string } {
  const what = `--theta '${path}'`;
  const text = readTextFile('--theta', path, cwd).trim();
  let values: unknown[];
  if (text.startsWith('[') || text.startsWith('{')) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new UsageError(`${what}: malformed JSON (${oneLine((error as Error).message)})`);
    }
    if (value !== null && typeof value === 'object' && !Array.isArray(value))
      value = (value as { theta?: unknown }).theta;
    if (!Array.isArray(value))
      throw new UsageError(`${what}: expected a JSON array of numbers or an object with a "theta" array`);
    values = value;
  } else {
    const parts = text.length === 0 ? [] : text.split(/[\s,]+/);
    values = parts.map((p) => (NUMBER_RE.test(p) ? Number(p) : p));
  }
  values.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new UsageError(`${what}: theta[${i}] = ${JSON.stringify(v) ?? String(v)} is not a finite number`);
  });
  return { theta: values as number[], thetaLabel: `file:${path}` };
}

/** Reads `--data FILE` as text (the study parses it: CSV or JSON). */
export function dataInput(path: string, cwd: string): { data: string; dataLabel: string } {
  return { data: readTextFile('--data', path, cwd), dataLabel: path };
}
