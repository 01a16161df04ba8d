// Public entry of @idyn/sweep (Node only: worker threads, DuckDB, BullMQ): re-exports only.
export type { SweepAxis, SweepSpec, SweepZip } from './SweepSpec.js';
export { SweepSpecError } from './SweepSpecError.js';
export { parseSweepSpec, type ParseSweepSpecOptions } from './parseSweepSpec.js';
export { expandSweep, type ExpandSweepResult, type SweepJob } from './expandSweep.js';
export { canonicalJson, jobKey } from './jobKey.js';
export type { JobStatus, SweepRow } from './SweepRow.js';
export { SweepStoreError } from './SweepStoreError.js';
export {
  openSweepStore,
  type OpenSweepStoreOptions,
  STORE_FORMAT,
  type StoreColumn,
  type StoreRun,
  type SweepStore,
} from './openSweepStore.js';
export { codeVersion } from './codeVersion.js';
export { runSweep, type RunSweepOptions, type RunSweepResult, type SweepProgress } from './runSweep.js';
export { runSweepOnQueue, type RunSweepOnQueueOptions } from './runSweepOnQueue.js';
export {
  type SweepWorker,
  type SweepWorkerEvent,
  type SweepWorkerOptions,
  type SweepWorkerSummary,
  startSweepWorker,
} from './startSweepWorker.js';
export { planSweep, type PlanAxis, type PlanSweepOptions, type SweepPlan } from './planSweep.js';
export {
  type ColumnStats,
  type ReportFigure,
  type ReportGroup,
  reportSweep,
  type ReportSweepOptions,
  type SweepReport,
} from './reportSweep.js';
export {
  type ExportFormat,
  exportSweep,
  type ExportSweepOptions,
  type ExportSweepResult,
} from './exportSweep.js';
export { SWEEP_SCHEMAS } from './schemas.js';
