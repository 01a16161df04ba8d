// Public entry of @idyn/studies: re-exports only. Browser-safe (no node: imports).
export { checkStudy, type CheckInput, type CheckResult } from './checkStudy.js';
export {
  ensembleStudy,
  type EnsembleInput,
  type EnsembleOptions,
  type EnsembleResult,
} from './ensembleStudy.js';
export { flowStudy, type FlowInput, type FlowResult, type NeuronCrossingDoc } from './flowStudy.js';
export type { FlowPieceDoc, RankCrossingDoc } from './internal/linearFlow.js';
export { lawsStudy, type LawsInput, type LawsResult } from './lawsStudy.js';
export { liftStudy, type LiftInput, type LiftResult } from './liftStudy.js';
export { linearStudy, type LinearInput, type LinearResult } from './linearStudy.js';
export { odeStudy, type OdeInput, type OdeResult } from './odeStudy.js';
export {
  tourStudy,
  type TourFigure,
  type TourInput,
  type TourResult,
  type TourResultRow,
} from './tourStudy.js';
export { studies, type StudyName } from './studies.js';
export { runStudy } from './runStudy.js';
export type { BudgetInput, NetInput, ThetaInput } from './NetInput.js';
export type { JsonSchema, Study, StudyOptions, StudyProgress } from './Study.js';
export { type InputLabels, StudyInputError, type StudyInputErrorOptions } from './StudyInputError.js';
export { StudyAbortError } from './StudyAbortError.js';
export {
  describeError,
  ERROR_SCHEMA,
  type ErrorCode,
  type ErrorDetails,
  type ErrorDocument,
  type ErrorLabels,
  errorDocument,
  publicMessage,
} from './describeError.js';
export { type DataInput, type DataSet, DataSetError, parseDataSet } from './parseDataSet.js';
export { validateJson } from './validateJson.js';
