import { resolve } from 'node:path';
import { type ImportInput, type ImportReportDoc, type ImportResult, importStudy } from '@idyn/studies';
import { defineCommand } from '../internal/command.js';
import { EXIT_OK } from '../internal/errors.js';
import { fmt, keyValues, table } from '../internal/format.js';
import { readBinaryFile } from '../internal/inputs.js';
import { option } from '../internal/options.js';
import { writeFileAtomic } from '../internal/output.js';

const shape = (s: readonly number[]): string => `[${s.join(', ')}]`;

/**
 * The import report as text: the model, its input and outputs, D (weights, biases), neurons,
 * edges, paths (exact), laws, what was folded, the notes, then one row per layer and per tensor.
 * @param report - the report of the import study (path counts as decimal strings)
 * @param name - the model's name
 * @returns the lines
 */
export function formatImportReport(report: ImportReportDoc, name: string): string {
  const m = report.model;
  const p = report.parameters;
  const n = report.neurons;
  const e = report.edges;
  const head = keyValues([
    [
      'model',
      `${name} (${m.producer || 'unknown producer'}, IR ${m.irVersion}, opset ${m.opset}, graph ${m.graph || '-'})`,
    ],
    ['input', `${report.input.name} ${shape(report.input.shape)} (shape from ${report.input.shapeSource})`],
    ['outputs', report.outputs.map((o) => `${o.name} ${shape(o.shape)}`).join(', ')],
    ['D (parameters)', `${fmt(p.D)}: ${fmt(p.weights)} weights, ${fmt(p.biases)} biases`],
    [
      'neurons',
      `${fmt(n.total)}: ${fmt(n.inputs)} inputs, ${fmt(n.hidden)} hidden, ${fmt(n.outputs)} outputs`,
    ],
    [
      'edges',
      `${fmt(e.total)}: ${fmt(e.weighted)} carry a parameter, ${fmt(e.fixed)} fixed (weight 1), ${fmt(e.maxpool)} into max-pools`,
    ],
    [
      'paths',
      `${report.paths.total} (${report.paths.fromInputs} from inputs, ${report.paths.fromBiases} from biases), counted exactly`,
    ],
    [
      'laws',
      `${report.laws.count} rescaling laws; ${report.laws.channelsWithLaw} of ${report.laws.hiddenChannels} hidden channels carry one`,
    ],
    ...(report.folded.length === 0
      ? ([['folded', 'nothing']] as [string, string][])
      : report.folded.map((f): [string, string] => ['folded', f])),
    ...report.notes.map((note): [string, string] => ['note', note]),
  ]);
  const layers = table(
    ['layer', 'kind', 'activation', 'shape', 'ONNX ops', 'neurons', 'edges', 'channels', 'with law'],
    report.layers.map((l) => [
      l.id,
      l.kind,
      l.activation,
      shape(l.shape),
      l.ops.join('+'),
      `${fmt(l.neurons)}${l.pruned > 0 ? ` (${l.pruned} pruned)` : ''}`,
      fmt(l.edges),
      fmt(l.channels),
      fmt(l.channelsWithLaw),
    ]),
  );
  const tensors = table(
    ['tensor', 'role', 'shape', 'in theta', 'offset', 'source', 'folded'],
    p.tensors.map((t) => [
      t.name,
      t.role,
      shape(t.shape),
      fmt(t.count),
      fmt(t.offset),
      t.source,
      t.folded.length === 0 ? '-' : t.folded.join('; '),
    ]),
    [undefined, undefined, undefined, undefined, undefined, undefined, 50],
  );
  return `${head}\n\n${layers}\n\n${tensors}`;
}

/** `idyn import <model.onnx> [--out net.json]`: an ONNX model as a network spec with its theta. */
export const importCommand = defineCommand<ImportInput, ImportResult>({
  name: 'import',
  summary: 'import an ONNX model (PyTorch, TensorFlow, JAX) as a network spec with its theta, and report it',
  usage: 'import <model.onnx> [--out net.json] [--input-shape N,N,...] [--json]',
  description: `Reads an ONNX model exported by PyTorch (torch.onnx.export), TensorFlow or JAX with @idyn/onnx:
Gemm, MatMul (+ Add bias), Conv 1-D and 2-D (strides, pads; dilations 1, group 1), Relu, MaxPool,
Add of two branches (residual), Flatten/Reshape with static shapes, BatchNormalization in inference
mode (folded into the affine map before it: the report says so, since folding changes which
parameters exist), Identity and Dropout. Every weight becomes one entry of theta, shared by every
edge it weighs (a convolution kernel entry by every output position). Anything else is refused
with the operator, the node and what is supported (exit 2); nothing is imported partially.

Prints the report: layers, D, neurons, edges, the number of paths (counted exactly, never
enumerated), the rescaling laws per hidden channel, and what was folded. --out FILE writes the
network spec with theta (JSON): every command that takes <net> takes it (idyn laws net.json),
as they take the .onnx file itself (idyn laws model.onnx). --input-shape gives the static input
shape of a model whose shape is dynamic beyond the batch axis.`,
  options: [
    {
      ...option('out', 'write the network spec with its theta (JSON) to FILE, e.g. net.json'),
      value: 'FILE',
    },
    option('input-shape'),
  ],
  positionals: { min: 1, max: 1, names: '<model>' },
  outFile: true,
  examples: [
    [
      'idyn import lenet.onnx --out lenet.json',
      'the report (D 4298, 1300792490 paths, 28 laws) and the spec',
    ],
    ['idyn import model.onnx --input-shape 1,3,32,32', 'a model exported with a dynamic input shape'],
    ['idyn import mlp.onnx --json', 'the idyn.import/1 document: the spec and the report (paths as strings)'],
  ],
  study: importStudy,
  input(ctx) {
    const path = ctx.args.positionals[0]!;
    const bytes = readBinaryFile('<model>', path, ctx.io.cwd);
    const inputShape = ctx.numbers('input-shape');
    return {
      model: Buffer.from(bytes).toString('base64'),
      modelLabel: path,
      ...(inputShape === undefined ? {} : { inputShape }),
    };
  },
  output(r, ctx) {
    const outText = ctx.string('out');
    let out: string | null = null;
    if (outText !== undefined) {
      const written = writeFileAtomic(
        resolve(ctx.io.cwd, outText),
        `${JSON.stringify(r.spec, null, 2)}\n`,
        `--out '${outText}'`,
        '--out',
      );
      ctx.written.push(written);
      out = written.path;
    }
    if (ctx.json) {
      ctx.printJson({ ...r, out });
      return EXIT_OK;
    }
    ctx.out(formatImportReport(r.report, r.model));
    return EXIT_OK;
  },
});
