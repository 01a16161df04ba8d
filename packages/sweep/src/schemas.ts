import sweepSpec from '../schemas/sweep-spec.schema.json' with { type: 'json' };
import sweep from '../schemas/sweep.schema.json' with { type: 'json' };
import worker from '../schemas/worker.schema.json' with { type: 'json' };

/**
 * The JSON Schemas of @idyn/sweep (draft 2020-12), also published as files under `schemas/`:
 * `spec` (a sweep spec), `sweep` (the `idyn.sweep/1` document of `idyn sweep … --json`) and
 * `worker` (the `idyn.worker/1` document of `idyn worker --json`).
 *
 * @example
 * SWEEP_SCHEMAS.sweep.properties.schema.const; // 'idyn.sweep/1'
 */
export const SWEEP_SCHEMAS = { spec: sweepSpec, sweep, worker } as const;
