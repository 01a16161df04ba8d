// Public entry of @idyn/lifting: re-exports only.
export { type CountPathsOptions, type CountPathsResult, countPaths } from './countPaths.js';
export { countPathsCost } from './countPathsCost.js';
export { flipNeuron } from './flipNeuron.js';
export type { Lifting, SparseJacobian } from './Lifting.js';
export { matrixProductLifting } from './matrixProductLifting.js';
export { pathCotangentVjp } from './pathCotangentVjp.js';
export { type LiftingPath, type PathLifting, type PathLiftingOptions, pathLifting } from './pathLifting.js';
export { pathLiftingCost } from './pathLiftingCost.js';
export { type PathNormOptions, type PathNormResult, pathNorm } from './pathNorm.js';
export { type PolynomialLiftingOptions, polynomialLifting } from './polynomialLifting.js';
export { rescaleNeuron } from './rescaleNeuron.js';
export { twoLayerLifting } from './twoLayerLifting.js';
export { type TwoLayerReluLiftingOptions, twoLayerReluLifting } from './twoLayerReluLifting.js';
export { type AttentionShape, attentionLifting } from './attentionLifting.js';
export { parseAttentionSpec } from './parseAttentionSpec.js';
