// Node-only entry of @idyn/onnx: reading .onnx files.
import { readFileSync } from 'node:fs';
import { type ImportOnnxOptions, type ImportOnnxResult, importOnnx } from './importOnnx.js';
import { OnnxImportError } from './OnnxImportError.js';

/**
 * Reads a `.onnx` file and imports it with {@link importOnnx} (Node only; in the browser pass the
 * bytes of a dropped file to `importOnnx`).
 *
 * @param path - path of the `.onnx` file
 * @param options - see {@link ImportOnnxOptions}
 * @returns the spec and report of {@link importOnnx}
 * @throws OnnxImportError with code `decode` if the file cannot be read, and everything
 *   {@link importOnnx} throws
 * @example
 * import { importOnnxFile } from '@idyn/onnx/node';
 * const { spec, report } = importOnnxFile('lenet.onnx');
 * report.layers.map((l) => l.id); // ['h1', 'h2', 'h3', 'h4', 'h5', 'y']
 */
export function importOnnxFile(path: string, options: ImportOnnxOptions = {}): ImportOnnxResult {
  if (typeof path !== 'string')
    throw new TypeError(`importOnnxFile: path must be a string, got ${typeof path}`);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new OnnxImportError('decode', `importOnnxFile: cannot read "${path}": ${(error as Error).message}`);
  }
  try {
    return importOnnx(bytes, options);
  } catch (error) {
    if (error instanceof OnnxImportError && !error.message.includes(path)) {
      throw new OnnxImportError(error.code, `${path}: ${error.message}`, { op: error.op, node: error.node });
    }
    throw error;
  }
}
