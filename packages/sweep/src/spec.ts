// Entry @idyn/sweep/spec: the spec layer alone (parse, expand, keys), without DuckDB, BullMQ or
// worker threads, for front ends that check a spec before loading the rest. Re-exports only.
export type { SweepAxis, SweepSpec, SweepZip } from './SweepSpec.js';
export { SweepSpecError } from './SweepSpecError.js';
export { parseSweepSpec, type ParseSweepSpecOptions } from './parseSweepSpec.js';
export { expandSweep, type ExpandSweepResult, type SweepJob } from './expandSweep.js';
export { canonicalJson, jobKey } from './jobKey.js';
export { SWEEP_SCHEMAS } from './schemas.js';
