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
