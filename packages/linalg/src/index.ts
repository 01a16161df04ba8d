// Public entry of @idyn/linalg: re-exports only.
export { createRng, type Rng } from './random.js';
export {
  assertModulus,
  MAX_MODULUS,
  modAdd,
  modInv,
  modMul,
  modPow,
  modReduce,
  modReduceBigInt,
  modSub,
  PRIME,
} from './modArithmetic.js';
export { ModRowBasis, type ModRowBasisOptions } from './ModRowBasis.js';
export {
  rationalReconstruct,
  SparseModRowBasis,
  type SparseModRowBasisOptions,
  type SparseRow,
} from './SparseModRowBasis.js';
export { modRank, type ModRankOptions } from './modRank.js';
export { modNullSpace, type ModNullSpaceOptions } from './modNullSpace.js';
export {
  type Rational,
  rational,
  rationalAdd,
  rationalDiv,
  rationalEquals,
  rationalIsZero,
  rationalMul,
  rationalNeg,
  rationalNullSpace,
  rationalSub,
  rationalToMod,
  rationalToNumber,
  rationalToString,
} from './rational.js';
export { Matrix } from 'ml-matrix';
export { assertFiniteArray } from './assertFiniteArray.js';
export { checkWidths } from './checkWidths.js';
export { checkInteger } from './checkInteger.js';
export { describeValue } from './describeValue.js';
export { maxAbs } from './maxAbs.js';
export { maxAbsDiff } from './maxAbsDiff.js';
export { type MatrixInput, matrixFrom } from './matrixFrom.js';
export {
  type SymmetricEigenResult,
  type SymmetricFunctionOptions,
  symmetricEigen,
} from './symmetricEigen.js';
export { symmetricFunction } from './symmetricFunction.js';
export { symmetricFromEigen } from './symmetricFromEigen.js';
export { type PowSymOptions, powSym } from './powSym.js';
export { sqrtSym } from './sqrtSym.js';
export { singularValues } from './singularValues.js';
export { numericRank } from './numericRank.js';
export { nullSpace } from './nullSpace.js';
export { haarOrthogonal } from './haarOrthogonal.js';
export { type AllCloseOptions, allClose } from './allClose.js';
export { cholesky, choleskySolve } from './cholesky.js';
export { BudgetError, type BudgetErrorInit, type CostEstimate } from './BudgetError.js';
export { type Budget, checkBudget, checkLimit, DEFAULT_BUDGET, resolveBudget } from './checkBudget.js';
export { firstNonFinite, OverflowError, type OverflowErrorInit } from './OverflowError.js';
