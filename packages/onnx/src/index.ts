// Public entry of @idyn/onnx (browser-safe: no file access): re-exports only.
export { type ImportOnnxOptions, type ImportOnnxResult, importOnnx } from './importOnnx.js';
export { OnnxImportError, type OnnxImportErrorCode } from './OnnxImportError.js';
export type { OnnxImportLayer, OnnxImportReport, OnnxImportTensor } from './OnnxImportReport.js';
export { SUPPORTED_ONNX_OPS } from './SUPPORTED_ONNX_OPS.js';
