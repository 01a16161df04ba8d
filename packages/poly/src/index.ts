// Public entry of @idyn/poly: re-exports only.
export { type CompiledFieldMod, compileFieldMod } from './compileFieldMod.js';
export { evaluateFieldMod } from './evaluateFieldMod.js';
export { type FormatPolynomialOptions, type FormatStyle, formatPolynomial } from './formatPolynomial.js';
export { gradient } from './gradient.js';
export { jacobianField } from './jacobianField.js';
export { lieBracket } from './lieBracket.js';
export {
  type ParsePolynomialOptions,
  type ParsePolynomialResult,
  parsePolynomial,
  parsePolynomialWithVariables,
} from './parsePolynomial.js';
export {
  Polynomial,
  type PolynomialTerm,
  type PolynomialTermInput,
  type RationalLike,
} from './Polynomial.js';
export type { VectorField } from './VectorField.js';
