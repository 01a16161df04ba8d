// The PyTorch-exported fixtures (test/fixtures/make_fixtures.py) against the real runtime:
// forward passes on random inputs and Gonon et al.'s path-norm recipe in onnxruntime, plus
// PyTorch's own outputs and exact counts by a second route.
import { readFileSync } from 'node:fs';
import { createNetwork, forward } from '@idyn/graph';
import { describe, expect, test } from 'vitest';
import { importOnnx } from '../src/index.js';
import { ortPathNorm } from './recipe.js';
import { ourForward, ourPathNorm, randomInput, relativeError, runOrt } from './runtime.js';

const dir = new URL('./fixtures/', import.meta.url);
const torchOutputs = JSON.parse(readFileSync(new URL('torch-outputs.json', dir), 'utf8')).models as Record<
  string,
  { input: number[]; inputShape: number[]; output: number[] }
>;
const FIXTURES = ['mlp', 'lenet', 'resblock', 'conv1d'] as const;

describe.each(FIXTURES)('fixture %s.onnx (torch.onnx.export, opset 13)', (name) => {
  const bytes = readFileSync(new URL(`${name}.onnx`, dir));
  const imported = importOnnx(bytes);
  const { spec, report } = imported;
  const shape = report.input.shape;
  const n = shape.reduce((a, b) => a * b, 1);

  test('is smaller than 1 MB', () => {
    expect(bytes.length).toBeLessThan(1 << 20);
  });

  test('forward pass equals onnxruntime on 5 random inputs (norm-wise relative error < 1e-5)', async () => {
    for (let seed = 1; seed <= 5; seed++) {
      const x = randomInput(n, 1000 * seed + n);
      const expected = await runOrt(bytes, x, shape);
      const actual = ourForward(spec, x);
      expect(relativeError(actual, expected)).toBeLessThan(1e-5);
    }
  });

  test("forward pass equals PyTorch's own output on the exported sample (relative 1e-5)", () => {
    const t = torchOutputs[name]!;
    expect(t.inputShape).toEqual(shape);
    const x = Float32Array.from(t.input);
    expect(relativeError(ourForward(spec, x), t.output)).toBeLessThan(1e-5);
  });

  test.each([1, 2])(
    'path-norm q = %i by our forward pass equals the ONNX recipe in onnxruntime (relative 1e-5)',
    async (q) => {
      const ours = ourPathNorm(spec, q);
      const theirs = await ortPathNorm(bytes, q, shape);
      expect(ours).toBeGreaterThan(0);
      expect(Math.abs(ours - theirs) / theirs).toBeLessThan(1e-5);
    },
  );

  test('path count equals the forward pass of the counting network (all weights 1, identity activations)', () => {
    // #paths from inputs = Σ outputs of the linear network with unit weights, zero biases and the
    // all-ones input; #paths from biases = the same with unit biases and the zero input.
    const nodes = spec.nodes.map((v) =>
      v.kind === 'hidden' ? { ...v, activation: 'identity' as const } : v,
    );
    const pooled = new Set(spec.nodes.filter((v) => v.activation === 'maxpool').map((v) => v.id));
    const edges = spec.edges.map((e) =>
      pooled.has(e.to) ? { ...e, weight: 1 } : e.weight ? { ...e, weight: 1 } : e,
    );
    const net = createNetwork({ ...spec, nodes, edges });
    const isBias = new Set(net.biasParam.filter((p) => p >= 0));
    const w = Float64Array.from(spec.theta, (_, j) => (isBias.has(j) ? 0 : 1));
    const inputs = new Float64Array(net.inputs.length);
    const sum = (y: Float64Array) => y.reduce((s, v) => s + v, 0);
    const fromInputs = sum(forward(net, w, inputs.fill(1), 1).outputs);
    const withBiases = Float64Array.from(spec.theta, () => 1);
    const fromBiases = sum(forward(net, withBiases, inputs.fill(0), 1).outputs);
    expect(fromInputs).toBeLessThan(2 ** 53);
    expect(report.paths.fromInputs).toBe(BigInt(fromInputs));
    expect(report.paths.fromBiases).toBe(BigInt(fromBiases));
  });

  test('the report counts what the spec holds', () => {
    expect(report.parameters.D).toBe(spec.theta.length);
    expect(report.parameters.D).toBe(imported.network.D);
    expect(report.neurons.total).toBe(spec.nodes.length);
    expect(report.edges.total).toBe(spec.edges.length);
    expect(report.neurons.inputs).toBe(n);
    expect(report.layers.reduce((s, l) => s + l.neurons, 0)).toBe(
      report.neurons.hidden + report.neurons.outputs,
    );
    expect(report.layers.reduce((s, l) => s + l.edges, 0)).toBe(report.edges.total);
    expect(report.parameters.tensors.reduce((s, t) => s + t.count, 0)).toBe(report.parameters.D);
  });
});

describe('what the fixtures import as', () => {
  const load = (name: string) => importOnnx(readFileSync(new URL(`${name}.onnx`, dir)));

  test('mlp 4-8-6-3 with biases: D = 115, paths 4·8·6·3 from inputs and 8·6·3 + 6·3 + 3 from biases, a law per hidden neuron', () => {
    const { report, network } = load('mlp');
    expect(report.parameters).toMatchObject({ D: 4 * 8 + 8 + 8 * 6 + 6 + 6 * 3 + 3, biases: 8 + 6 + 3 });
    expect(report.paths).toEqual({ total: 741n, fromInputs: 576n, fromBiases: 165n });
    expect(report.laws).toEqual({ count: 14, hiddenChannels: 14, channelsWithLaw: 14 });
    // unshared: our law channels are exactly @idyn/graph's law neurons
    expect(network.lawNodes.length).toBe(14);
    expect(report.layers.map((l) => l.ops.join('+'))).toEqual(['Gemm+Relu', 'Gemm+Relu', 'Gemm']);
  });

  test('lenet: conv kernels shared over positions (D = 4·25+4 + 8·4·25+8 + 200·16+16 + 16·10+10), both max-pools, the ReLU after the second pool moved before it', () => {
    const { report } = load('lenet');
    expect(report.parameters.D).toBe(4 * 25 + 4 + 8 * 4 * 25 + 8 + 200 * 16 + 16 + 16 * 10 + 10);
    expect(report.layers.map((l) => [l.id, l.activation, l.shape])).toEqual([
      ['h1', 'relu', [1, 4, 28, 28]],
      ['h2', 'maxpool', [1, 4, 14, 14]],
      ['h3', 'relu', [1, 8, 10, 10]],
      ['h4', 'maxpool', [1, 8, 5, 5]],
      ['h5', 'relu', [1, 16]],
      ['y', 'identity', [1, 10]],
    ]);
    expect(report.layers[2]!.notes[0]).toMatch(/moved before it/);
    // conv 5x5 with padding 2 on 28x28: Σ over positions of the in-range taps = (Σ_i taps_i)^2
    const taps1d = Array.from({ length: 28 }, (_, i) => Math.min(i + 2, 27) - Math.max(i - 2, 0) + 1);
    const taps = taps1d.reduce((a, b) => a + b, 0) ** 2;
    expect(report.layers[0]!.edges).toBe(4 * taps);
    expect(report.layers[2]!.edges).toBe(8 * 100 * 4 * 25);
    expect(report.edges.maxpool).toBe(4 * 28 * 28 + 8 * 10 * 10);
    expect(report.laws).toEqual({ count: 28, hiddenChannels: 4 + 8 + 16, channelsWithLaw: 28 });
  });

  test('resblock: both BatchNormalizations folded (new biases), the skip parameter-free, stem and block-output channels tied into one law each', () => {
    const { report, spec } = load('resblock');
    expect(report.folded).toHaveLength(2);
    expect(report.folded[0]).toMatch(
      /BatchNormalization "\/bn1\/BatchNormalization" folded into Conv "\/conv1\/Conv"/,
    );
    expect(report.parameters.tensors.map((t) => [t.name, t.source, t.folded.length])).toEqual([
      ['stem.weight', 'initializer', 0],
      ['stem.bias', 'initializer', 0],
      ['conv1.weight', 'initializer', 1],
      ['/bn1/BatchNormalization.shift', 'batchnorm', 0],
      ['conv2.weight', 'initializer', 1],
      ['/bn2/BatchNormalization.shift', 'batchnorm', 0],
      ['fc.weight', 'initializer', 0],
      ['fc.bias', 'initializer', 0],
    ]);
    expect(report.parameters.D).toBe(4 * 3 * 9 + 4 + 4 * 4 * 9 + 4 + 4 * 4 * 9 + 4 + 3 * 256 + 3);
    expect(report.edges.fixed).toBe(4 * 8 * 8);
    expect(spec.edges.filter((e) => e.weight === 1)).toHaveLength(256);
    expect(report.laws).toEqual({ count: 8, hiddenChannels: 12, channelsWithLaw: 12 });
  });

  test('conv1d: stride 2 and padding 1, MatMul + Add as the readout, the dropped neurons are reported', () => {
    const { report } = load('conv1d');
    expect(report.layers.map((l) => [l.ops.join('+'), l.shape])).toEqual([
      ['Conv+Relu', [1, 3, 8]],
      ['Conv+Relu', [1, 4, 6]],
      ['MaxPool', [1, 4, 3]],
      ['MatMul+Add', [1, 2]],
    ]);
    expect(report.parameters.D).toBe(3 * 2 * 3 + 3 + 4 * 3 * 3 + 4 + 12 * 2 + 2);
  });
});
