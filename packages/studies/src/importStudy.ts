import type { NetworkSpec } from '@idyn/graph';
import { importOnnx, OnnxImportError, type OnnxImportReport } from '@idyn/onnx';
import inputSchema from '../schemas/import.input.schema.json' with { type: 'json' };
import resultSchema from '../schemas/import.schema.json' with { type: 'json' };
import { StudyInputError } from './StudyInputError.js';
import { defineStudy } from './internal/defineStudy.js';
import { oneLine } from './internal/text.js';

/** Input of the `import` study (schemas/import.input.schema.json). */
export interface ImportInput {
  /** The bytes of the `.onnx` file, base64-encoded (the input stays JSON). */
  readonly model: string;
  /** Name of the model in the result. @default 'model' */
  readonly modelLabel?: string;
  /** Static input shape, batch axis included. @default the model's (a dynamic batch axis set to 1) */
  readonly inputShape?: readonly number[];
  /** Upper bound on neurons plus edges. @default 2000000 */
  readonly maxEdges?: number;
}

/** The import report of `@idyn/onnx` (`OnnxImportReport`) as JSON: the path counts are decimal strings. */
export type ImportReportDoc = Omit<OnnxImportReport, 'paths'> & {
  /** Numbers of paths of the path-lifting, exact, as decimal strings. */
  readonly paths: { readonly total: string; readonly fromInputs: string; readonly fromBiases: string };
};

/** Result of the `import` study: the `idyn.import/1` document (schemas/import.schema.json). */
export interface ImportResult {
  /** `idyn.import/1`. */
  readonly schema: 'idyn.import/1';
  /** The model's name. */
  readonly model: string;
  /** The network spec with θ (`theta`, `paramNames`): the `net` of any other study. */
  readonly spec: NetworkSpec & { readonly theta: readonly number[] };
  /** What was imported: layers, D, neurons, edges, paths, laws, foldings. */
  readonly report: ImportReportDoc;
  /** Path of the spec file written by a front end (null from the study). */
  readonly out: string | null;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes base64 text (browser-safe: `atob`, no Buffer). @throws StudyInputError on `model` */
function decodeBase64(study: string, text: string): Uint8Array {
  const t = text.replace(/\s+/g, '');
  if (!BASE64.test(t) || t.length % 4 === 1)
    throw new StudyInputError('model', 'is not base64 text (the bytes of the .onnx file, base64-encoded)', {
      study,
      value: text.length > 40 ? `${text.slice(0, 40)}…` : text,
    });
  const binary = atob(t.length % 4 === 0 ? t : t + '='.repeat(4 - (t.length % 4)));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * The `import` study: an ONNX model (exported by PyTorch's `torch.onnx.export`, TensorFlow, JAX)
 * imported by `@idyn/onnx` into a network spec with shared parameters and its θ, with the report
 * (layers, D, neurons, edges, paths counted exactly, laws, what was folded). The model arrives as
 * base64 text so that the input stays JSON (a browser reads a dropped file's bytes, a CLI the
 * file); every other study takes the resulting `spec` as its `net`. A model the importer refuses
 * (an unsupported operator, a dynamic shape without `inputShape`, a corrupted file) is an input
 * error on `model` with the importer's message (operator, node, what is supported).
 *
 * @example
 * const r = await importStudy.run({ model: base64OfMlpOnnx, modelLabel: 'mlp.onnx' });
 * // r.report.parameters.D 115, r.report.paths.total '741'
 * const laws = await lawsStudy.run({ net: r.spec, netLabel: 'mlp.onnx' }); // 14 laws
 * @see MATH.md §7 (shared weights, convolution)
 */
export const importStudy = defineStudy<ImportInput, ImportResult>({
  name: 'import',
  summary: 'import an ONNX model (PyTorch, TensorFlow, JAX) as a network spec with its theta, and report it',
  inputSchema,
  resultSchema,
  units: () => 1,
  describe: (input) => `import ${input.modelLabel ?? 'model'}`,
  async compute(input, steps) {
    const study = 'import';
    const bytes = decodeBase64(study, input.model);
    await steps.next(`importing ${input.modelLabel ?? 'the model'} (${bytes.length} bytes)`);
    let r: ReturnType<typeof importOnnx>;
    try {
      r = importOnnx(bytes, {
        ...(input.inputShape === undefined ? {} : { inputShape: input.inputShape }),
        ...(input.maxEdges === undefined ? {} : { maxEdges: input.maxEdges }),
      });
    } catch (error) {
      if (error instanceof OnnxImportError || error instanceof RangeError || error instanceof TypeError) {
        // a shape that disagrees with the model is the inputShape's fault, everything else the model's
        const field =
          !(error instanceof OnnxImportError) && /inputShape/.test(error.message) ? 'inputShape' : 'model';
        // the importer's option names become the front end's ({inputShape}: --input-shape in the CLI)
        const reason = oneLine(error.message)
          .replace(/^importOnnx: /, '')
          .replace(/options\.(inputShape|maxEdges)/g, '{$1}');
        throw new StudyInputError(field, reason, {
          study,
          ...(input.modelLabel === undefined ? {} : { value: input.modelLabel }),
        });
      }
      throw error;
    }
    return {
      schema: 'idyn.import/1',
      model: input.modelLabel ?? 'model',
      spec: r.spec,
      // toJson (defineStudy) writes the BigInt path counts as decimal strings
      report: r.report as unknown as ImportReportDoc,
      out: null,
    };
  },
});
