// Operator by operator, on small models built in the test with onnx-proto, each compared with
// onnxruntime on random inputs (norm-wise relative 1e-5) and with Gonon et al.'s path-norm recipe.
import { describe, expect, test } from 'vitest';
import { float, int, ints, model, node, str, tensor } from '../test/onnxModel.js';
import { ortPathNorm } from '../test/recipe.js';
import { ourForward, ourPathNorm, randomInput, relativeError, runOrt } from '../test/runtime.js';
import { importOnnx } from './importOnnx.js';
import { OnnxImportError } from './OnnxImportError.js';

const w = (name: string, dims: number[], seed: number) =>
  tensor(
    name,
    dims,
    randomInput(
      dims.reduce((a, b) => a * b, 1),
      seed,
    ),
  );

/** Imports, then checks the forward pass on 3 inputs and the path-norm (q = 1, 2) against onnxruntime. */
async function agrees(bytes: Uint8Array, shape: number[], pathNorm = true) {
  const imported = importOnnx(bytes);
  const n = shape.reduce((a, b) => a * b, 1);
  for (let seed = 1; seed <= 3; seed++) {
    const x = randomInput(n, 77 * seed);
    expect(relativeError(ourForward(imported.spec, x), await runOrt(bytes, x, shape))).toBeLessThan(1e-5);
  }
  for (const q of pathNorm ? [1, 2] : []) {
    const theirs = await ortPathNorm(bytes, q, shape);
    expect(Math.abs(ourPathNorm(imported.spec, q) - theirs) / theirs).toBeLessThan(1e-5);
  }
  return imported;
}

describe('importOnnx operators against onnxruntime', () => {
  test('Identity and Dropout are the identity; MatMul with the weight on the left', async () => {
    const bytes = model({
      input: [3, 2],
      nodes: [
        node('MatMul', ['W', 'x'], ['a']),
        node('Identity', ['a'], ['b']),
        node('Relu', ['b'], ['c']),
        node('Dropout', ['c'], ['d', 'mask']),
        node('Gemm', ['d', 'V'], ['y'], [int('transA', 1)]),
      ],
      initializers: [w('W', [4, 3], 1), w('V', [4, 5], 2)],
      outputs: ['y'],
    });
    const { report } = await agrees(bytes, [3, 2]);
    expect(report.layers.map((l) => l.ops.join('+'))).toEqual(['MatMul+Relu', 'Gemm']);
  });

  test('Gemm with alpha and beta folds them into its parameters', async () => {
    const bytes = model({
      input: [1, 3],
      nodes: [
        node('Gemm', ['x', 'W', 'b'], ['y'], [float('alpha', 0.5), float('beta', -2), int('transB', 1)]),
      ],
      initializers: [w('W', [2, 3], 3), w('b', [2], 4)],
      outputs: ['y'],
    });
    const { report } = await agrees(bytes, [1, 3]);
    expect(report.parameters.tensors.map((t) => t.folded)).toEqual([
      ['alpha = 0.5 of Gemm "Gemm_y"'],
      ['beta = -2 of Gemm "Gemm_y"'],
    ]);
  });

  test('BatchNormalization after Gemm folds; one after a ReLU becomes a per-channel scale and shift', async () => {
    const bn = (p: string, seed: number) => [
      w(`${p}.s`, [4], seed),
      w(`${p}.b`, [4], seed + 1),
      w(`${p}.m`, [4], seed + 2),
      tensor(`${p}.v`, [4], [0.5, 1, 2, 0.25]),
    ];
    const bytes = model({
      input: [1, 3],
      nodes: [
        node('Gemm', ['x', 'W', 'c'], ['a'], [int('transB', 1)]),
        node(
          'BatchNormalization',
          ['a', 'bn1.s', 'bn1.b', 'bn1.m', 'bn1.v'],
          ['b'],
          [float('epsilon', 1e-3)],
        ),
        node('Relu', ['b'], ['r']),
        node('BatchNormalization', ['r', 'bn2.s', 'bn2.b', 'bn2.m', 'bn2.v'], ['z']),
        node('Gemm', ['z', 'V'], ['y']),
      ],
      initializers: [
        w('W', [4, 3], 5),
        w('c', [4], 6),
        ...bn('bn1', 10),
        ...bn('bn2', 20),
        w('V', [4, 2], 7),
      ],
      outputs: ['y'],
      valueInfo: { r: [1, 4] },
    });
    const { report } = await agrees(bytes, [1, 3]);
    expect(report.folded[0]).toMatch(/BatchNormalization "BatchNormalization_b" folded into Gemm "Gemm_a"/);
    expect(report.folded[1]).toMatch(
      /follows no foldable affine map: it became a per-channel scale and shift/,
    );
    expect(report.parameters.D).toBe(12 + 4 + 4 + 4 + 8);
  });

  test('Add of two biased branches, a ReLU on the input, a bias Add after MatMul', async () => {
    const bytes = model({
      input: [1, 4],
      nodes: [
        node('Relu', ['x'], ['rx']),
        node('Gemm', ['rx', 'A', 'a'], ['p'], [int('transB', 1)]),
        node('MatMul', ['x', 'B'], ['q0']),
        node('Add', ['q0', 'b'], ['q']),
        node('Add', ['p', 'q'], ['y']),
      ],
      initializers: [w('A', [3, 4], 8), w('a', [3], 9), w('B', [4, 3], 10), w('b', [3], 11)],
      outputs: ['y'],
    });
    const { report, spec } = await agrees(bytes, [1, 4]);
    expect(report.edges.fixed).toBe(4 + 3); // ReLU of the inputs, the second branch
    expect(spec.edges.filter((e) => e.weight === 1)).toHaveLength(7);
  });

  // forward pass only: the recipe's sum-pool (AveragePool × window size) is not a sum on the
  // partial windows of ceil_mode in onnxruntime, which divides by the clipped window there
  test('MaxPool with ceil_mode and strides, Conv with SAME_UPPER padding and stride 2, a dynamic batch axis', async () => {
    const bytes = model({
      input: ['N', 2, 7, 6],
      nodes: [
        node('Conv', ['x', 'W', 'c'], ['a'], [str('auto_pad', 'SAME_UPPER'), ints('strides', [2, 1])]),
        node('Relu', ['a'], ['r']),
        node(
          'MaxPool',
          ['r'],
          ['p'],
          [ints('kernel_shape', [2, 3]), ints('strides', [2, 2]), int('ceil_mode', 1)],
        ),
        node('Flatten', ['p'], ['f']),
        node('Gemm', ['f', 'V'], ['y'], [int('transB', 1)]),
      ],
      initializers: [w('W', [3, 2, 3, 2], 12), w('c', [3], 13), w('V', [2, 3 * 2 * 3], 14)],
      outputs: ['y'],
    });
    const { report } = await agrees(bytes, [1, 2, 7, 6], false);
    expect(report.input.shapeSource).toBe('model, batch set to 1');
    expect(report.layers.map((l) => l.shape)).toEqual([
      [1, 3, 4, 6],
      [1, 3, 2, 3],
      [1, 2],
    ]);
  });

  test('a weight read by two operators becomes shared parameters; Reshape with -1 and 0', async () => {
    const bytes = model({
      input: [1, 2, 3],
      nodes: [
        node('Reshape', ['x', 'shape'], ['f']),
        node('Gemm', ['f', 'W'], ['a'], [int('transB', 1)]),
        node('Relu', ['a'], ['r']),
        node('Gemm', ['r', 'W'], ['y'], [int('transB', 1)]),
      ],
      initializers: [tensor('shape', [2], [0, -1], 'int64'), w('W', [6, 6], 15)],
      outputs: ['y'],
    });
    const { report, network } = await agrees(bytes, [1, 2, 3]);
    expect(report.parameters.D).toBe(36);
    expect(network.shared).toBe(true);
    expect(report.laws.channelsWithLaw).toBe(0);
  });

  test('a graph output read from ReLU neurons goes through edges of fixed weight 1', async () => {
    const bytes = model({
      input: [1, 2],
      nodes: [node('Gemm', ['x', 'W'], ['a'], [int('transB', 1)]), node('Relu', ['a'], ['y'])],
      initializers: [w('W', [3, 2], 16)],
      outputs: ['y'],
    });
    const { report } = await agrees(bytes, [1, 2]);
    expect(report.notes).toContain(
      'graph output "y" is read from hidden neurons through edges of fixed weight 1',
    );
    expect(report.laws).toEqual({ count: 0, hiddenChannels: 3, channelsWithLaw: 0 });
  });
});

describe('importOnnx arguments', () => {
  const bytes = model({
    input: [1, 2],
    nodes: [node('Gemm', ['x', 'W'], ['y'], [int('transB', 1)])],
    initializers: [w('W', [1, 2], 17)],
    outputs: ['y'],
  });

  test('bytes must be a Uint8Array (an ArrayBuffer is named)', () => {
    expect(() => importOnnx(new ArrayBuffer(8) as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => importOnnx(new ArrayBuffer(8) as unknown as Uint8Array)).toThrow(/an ArrayBuffer/);
  });

  test('inputShape and maxEdges are validated with the option named', () => {
    expect(() => importOnnx(bytes, { inputShape: [1, 0] })).toThrow(
      /options.inputShape\[1\] must be a positive integer, got 0/,
    );
    expect(() => importOnnx(bytes, { inputShape: [2] })).toThrow(/has rank 1, but input "x" is \[1, 2\]/);
    expect(() => importOnnx(bytes, { maxEdges: 0 })).toThrow(
      /options.maxEdges must be a positive integer, got 0/,
    );
    expect(() => importOnnx(bytes, { maxEdges: '9' as unknown as number })).toThrow(TypeError);
  });

  test('a refused model is an OnnxImportError, never a partial result', () => {
    const bad = model({
      input: [1, 2],
      nodes: [node('Gemm', ['x', 'W'], ['a'], [int('transB', 1)]), node('Sigmoid', ['a'], ['y'], [], 'act')],
      initializers: [w('W', [1, 2], 18)],
      outputs: ['y'],
    });
    expect(() => importOnnx(bad)).toThrow(OnnxImportError);
    expect(() => importOnnx(bad)).toThrow(/^Sigmoid "act": unsupported operator/);
  });
});
