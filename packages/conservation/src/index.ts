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
export { checkCriteriaCost } from './checkCriteriaCost.js';
export { countLawsCost } from './countLawsCost.js';
export { findLawsCost } from './findLawsCost.js';
