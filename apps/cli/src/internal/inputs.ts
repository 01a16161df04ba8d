import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { type ImportOnnxResult, importOnnx, OnnxImportError, type OnnxImportReport } from '@idyn/onnx';
import { UsageError, oneLine } from './errors.js';

/**
 * Reads a file named on the command line (its bytes).
 * @throws UsageError `<what> 'path': file not found` (or not a file, or unreadable)
 */
export function readBinaryFile(what: string, path: string, cwd: string): Uint8Array {
  const full = resolve(cwd, path);
  if (!existsSync(full)) throw new UsageError(`${what} '${path}': file not found`);
  if (!statSync(full).isFile()) throw new UsageError(`${what} '${path}': not a file`);
  try {
    return new Uint8Array(readFileSync(full));
  } catch (error) {
    throw new UsageError(`${what} '${path}': cannot read (${(error as Error).message})`);
  }
}

/**
 * Reads a text file named on the command line (UTF-8).
 * @throws UsageError `<what> 'path': file not found` (or not a file, or unreadable)
 */
export function readTextFile(what: string, path: string, cwd: string): string {
  return new TextDecoder().decode(readBinaryFile(what, path, cwd));
}

/** Whether `<net>` names a file (a `.json` or `.onnx` name, or an existing path without a preset colon). */
export function isNetFile(source: string, cwd: string): boolean {
  return (
    source.endsWith('.json') ||
    isOnnxFile(source) ||
    (!source.includes(':') && existsSync(resolve(cwd, source)))
  );
}

/** Whether a `<net>` argument names an ONNX model (by its extension). */
export function isOnnxFile(source: string): boolean {
  return source.toLowerCase().endsWith('.onnx');
}

/**
 * Imports an ONNX model named on the command line with `@idyn/onnx` (the studies take the resulting
 * network spec, θ included: their inputs stay JSON).
 * @param what - how the argument is named in messages (`<net>`, `--isolated`)
 * @throws UsageError naming the file and the importer's reason (unsupported operator, dynamic
 *   shape without --input-shape, corrupted file, …)
 */
export function onnxInput(
  what: string,
  path: string,
  cwd: string,
  inputShape?: readonly number[],
): { spec: ImportOnnxResult['spec']; report: OnnxImportReport } {
  const bytes = readBinaryFile(what, path, cwd);
  try {
    const r = importOnnx(bytes, inputShape === undefined ? {} : { inputShape });
    return { spec: r.spec, report: r.report };
  } catch (error) {
    if (error instanceof OnnxImportError || error instanceof RangeError || error instanceof TypeError) {
      const reason = oneLine(error.message)
        .replace(/^importOnnx: /, '')
        .replace(/options\.inputShape/g, '--input-shape');
      throw new UsageError(`${what} '${path}': ${reason}`, { option: what, code: 'input' });
    }
    throw error;
  }
}

/**
 * The `net` and `netLabel` study inputs of a `<net>` argument: a preset or `poly:` text as is, a
 * spec file's JSON text with the file name as label, an ONNX model's imported spec (an object,
 * θ included) with the file name as label.
 * @param what - how the argument is named in messages @default '<net>'
 * @param inputShape - `--input-shape` of an ONNX model
 */
export function netInput(
  source: string,
  cwd: string,
  inputShape?: readonly number[],
  what = '<net>',
): { net: string | ImportOnnxResult['spec']; netLabel?: string } {
  if (isOnnxFile(source)) return { net: onnxInput(what, source, cwd, inputShape).spec, netLabel: source };
  if (inputShape !== undefined)
    throw new UsageError(`--input-shape applies to an ONNX model (.onnx), got ${what} '${source}'`);
  if (!isNetFile(source, cwd)) return { net: source };
  const text = readTextFile(what, source, cwd);
  if (!text.trim().startsWith('{'))
    throw new UsageError(`${what} '${source}': not a JSON object (a network spec starts with '{')`);
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
