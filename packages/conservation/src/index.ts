// Public entry of @idyn/conservation: re-exports only.
export {
  type CountLawsLevel,
  type CountLawsOptions,
  type CountLawsPoint,
  type CountLawsResult,
  countLaws,
  type FieldFamily,
  type LawInput,
  type PolynomialSystem,
} from './countLaws.js';
export { type FindLawsOptions, type FindLawsResult, type FoundLaw, findLaws } from './findLaws.js';
export {
  type CheckCriteriaOptions,
  type CheckCriteriaResult,
  checkCriteria,
  type KernelInclusion,
} from './checkCriteria.js';
export {
  type CountNetworkLawsOptions,
  type CountNetworkLawsResult,
  countNetworkLaws,
} from './countNetworkLaws.js';
export {
  type BlockLawsOptions,
  type BlockLawsResult,
  type BlockSelector,
  blockLaws,
} from './blockLaws.js';
export {
  type CompareBlockLawsOptions,
  type CompareBlockLawsResult,
  compareBlockLaws,
  type PolynomialLawSpaces,
} from './compareBlockLaws.js';
export { type AttentionLawCountResult, attentionLawCount } from './attentionLawCount.js';
export { quadraticLaws } from './quadraticLaws.js';
export { checkCriteriaCost } from './checkCriteriaCost.js';
export { countLawsCost } from './countLawsCost.js';
export { countNetworkLawsCost } from './countNetworkLawsCost.js';
export { findLawsCost } from './findLawsCost.js';
