/**
 * The ONNX operators (default domain) that `importOnnx` translates, each in its inference meaning.
 * Everything else is refused, with this list in the message.
 * @example
 * SUPPORTED_ONNX_OPS.includes('Conv'); // true
 * SUPPORTED_ONNX_OPS.includes('Sigmoid'); // false
 */
export const SUPPORTED_ONNX_OPS: readonly string[] = Object.freeze([
  'Gemm',
  'MatMul',
  'Add',
  'Conv',
  'Relu',
  'MaxPool',
  'BatchNormalization',
  'Flatten',
  'Reshape',
  'Identity',
  'Dropout',
  'Constant',
]);
