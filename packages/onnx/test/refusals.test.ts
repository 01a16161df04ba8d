// The refusal corpus (test/fixtures/refusals/make_refusals.py): every file is refused as a whole
// with an OnnxImportError whose message names the operator, the node and what is supported.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { importOnnx, OnnxImportError, SUPPORTED_ONNX_OPS } from '../src/index.js';
import { ourForward, randomInput, relativeError, runOrt } from './runtime.js';

const dir = new URL('./fixtures/refusals/', import.meta.url);
const OPS = SUPPORTED_ONNX_OPS.join(', ');

interface Expected {
  code: OnnxImportError['code'];
  op?: string;
  node?: string;
  message: RegExp;
}

const CORPUS: Record<string, Expected> = {
  'sigmoid_act.onnx': {
    code: 'unsupported-op',
    op: 'Sigmoid',
    node: 'Sigmoid_act',
    message: /non-ReLU activation/,
  },
  'tanh_act.onnx': { code: 'unsupported-op', op: 'Tanh', node: 'Tanh_act', message: /non-ReLU activation/ },
  'leakyrelu_act.onnx': {
    code: 'unsupported-op',
    op: 'LeakyRelu',
    node: 'LeakyRelu_act',
    message: /non-ReLU activation/,
  },
  'softmax_head.onnx': {
    code: 'unsupported-op',
    op: 'Softmax',
    node: 'Softmax_head',
    message: /export the logits/,
  },
  'group_conv.onnx': {
    code: 'unsupported-attribute',
    op: 'Conv',
    node: 'conv_g2',
    message: /group = 2 .*supported: group 1/,
  },
  'dilated_conv.onnx': {
    code: 'unsupported-attribute',
    op: 'Conv',
    node: 'conv_d2',
    message: /dilations = \[2, 2\].*supported: dilations 1/,
  },
  'conv3d.onnx': {
    code: 'unsupported-attribute',
    op: 'Conv',
    node: 'conv_3d',
    message: /supported: 1-D and 2-D convolutions/,
  },
  'dynamic_spatial.onnx': {
    code: 'dynamic-shape',
    message: /input "x" has dynamic dimensions \[N, 1, H, W\].*inputShape/,
  },
  'dynamic_reshape.onnx': {
    code: 'unsupported-op',
    op: 'Shape',
    node: 'shape_of_x',
    message: /dynamic shape computation/,
  },
  'missing_initializer.onnx': {
    code: 'missing-initializer',
    op: 'Gemm',
    node: 'fc',
    message: /input "fc.weight" is neither an initializer/,
  },
  'weights_as_input.onnx': { code: 'bad-model', message: /2 data inputs \("x", "W"\).*initializers/ },
  'product_of_activations.onnx': {
    code: 'not-affine',
    op: 'Gemm',
    node: 'self_product',
    message: /product of two activations/,
  },
  'mul.onnx': { code: 'unsupported-op', op: 'Mul', node: 'square', message: /unsupported operator/ },
  'huge_tensor.onnx': {
    code: 'too-large',
    message: /initializer "W" declares shape \[100000, 100000\]: more than 2000000 elements/,
  },
  'huge_input.onnx': { code: 'too-large', message: /input of shape \[1, 1, 100000, 100000\].*maxEdges/ },
  'batchnorm_training.onnx': {
    code: 'unsupported-attribute',
    op: 'BatchNormalization',
    node: 'bn',
    message: /training_mode = 1.*supported: inference mode/,
  },
  'float16_weights.onnx': {
    code: 'unsupported-type',
    op: 'MatMul',
    node: 'matmul_fp16',
    message: /FLOAT16; supported: FLOAT, DOUBLE/,
  },
  'custom_domain.onnx': {
    code: 'unsupported-op',
    op: 'FusedConv',
    node: 'fused',
    message: /custom domain "com.microsoft"/,
  },
  'global_average_pool.onnx': {
    code: 'unsupported-op',
    op: 'GlobalAveragePool',
    node: 'gap',
    message: /unsupported operator/,
  },
  'lstm.onnx': { code: 'unsupported-op', op: 'LSTM', node: 'lstm', message: /unsupported operator/ },
  'external_data.onnx': {
    code: 'bad-model',
    op: 'MatMul',
    node: 'matmul',
    message: /external file.*re-export/,
  },
  'truncated.onnx': { code: 'decode', message: /protobuf decoding failed.*truncated or corrupted/ },
  'corrupted.onnx': { code: 'decode', message: /protobuf decoding failed.*truncated or corrupted/ },
  'empty.onnx': { code: 'decode', message: /the file is empty/ },
  'not_onnx.onnx': { code: 'decode', message: /not a readable ONNX model/ },
};

describe('refusal corpus', () => {
  test('holds at least 15 files, each with an expectation here', () => {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.onnx'))
      .sort();
    expect(files.length).toBeGreaterThanOrEqual(15);
    expect(files).toEqual(Object.keys(CORPUS).sort());
  });

  test.each(Object.entries(CORPUS))(
    '%s is refused with the operator, the node and what is supported',
    (file, want) => {
      let error: unknown;
      try {
        importOnnx(readFileSync(new URL(file, dir)));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(OnnxImportError);
      expect(error).toBeInstanceOf(RangeError);
      const e = error as OnnxImportError;
      expect(e.code).toBe(want.code);
      expect(e.message).toMatch(want.message);
      expect(e.op).toBe(want.op);
      expect(e.node).toBe(want.node);
      if (want.op) expect(e.message).toContain(`${want.op} "${want.node}"`);
      if (want.code === 'unsupported-op') expect(e.message).toContain(`supported operators: ${OPS}`);
      if (want.code === 'unsupported-attribute') expect(e.message).toMatch(/supported: /);
    },
  );

  test('the dynamic-shape model imports with options.inputShape and then agrees with onnxruntime', async () => {
    const bytes = readFileSync(new URL('dynamic_spatial.onnx', dir));
    const { spec, report } = importOnnx(bytes, { inputShape: [1, 1, 6, 7] });
    expect(report.input).toEqual({ name: 'x', shape: [1, 1, 6, 7], shapeSource: 'option' });
    const x = randomInput(42, 5);
    expect(relativeError(ourForward(spec, x), await runOrt(bytes, x, [1, 1, 6, 7]))).toBeLessThan(1e-5);
  });

  test('an inputShape that contradicts a static dimension is a RangeError naming both', () => {
    const bytes = readFileSync(new URL('dynamic_spatial.onnx', dir));
    expect(() => importOnnx(bytes, { inputShape: [1, 2, 6, 6] })).toThrow(
      /options.inputShape \[1, 2, 6, 6\] disagrees with input "x" \[N, 1, H, W\] at axis 1/,
    );
  });

  test('maxEdges bounds the import: the LeNet fixture needs more than 100 000', () => {
    const bytes = readFileSync(new URL('../lenet.onnx', dir));
    expect(() => importOnnx(bytes, { maxEdges: 100_000 })).toThrow(/past maxEdges = 100000/);
  });
});
