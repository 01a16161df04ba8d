import { checkStudy } from './checkStudy.js';
import { ensembleStudy } from './ensembleStudy.js';
import { flowStudy } from './flowStudy.js';
import { importStudy } from './importStudy.js';
import { lawsStudy } from './lawsStudy.js';
import { liftStudy } from './liftStudy.js';
import { linearStudy } from './linearStudy.js';
import { odeStudy } from './odeStudy.js';
import { tourStudy } from './tourStudy.js';

/**
 * Every study by name: `laws`, `lift`, `check`, `flow`, `linear`, `ode`, `ensemble`, `tour`, `import`. A
 * front end that only has JSON (a sweep, a worker message) runs one with
 * `studies[name].run(input, { signal, onProgress })`; `inputSchema` and `resultSchema` describe
 * both sides.
 *
 * @example
 * const r = await studies.laws.run({ net: 'relu:2-3-2' });
 * // r.schema 'idyn.laws/1', r.laws 3
 */
export const studies = {
  laws: lawsStudy,
  lift: liftStudy,
  check: checkStudy,
  flow: flowStudy,
  linear: linearStudy,
  ode: odeStudy,
  ensemble: ensembleStudy,
  tour: tourStudy,
  import: importStudy,
} as const;

/** A registry name: `laws`, `lift`, `check`, `flow`, `linear`, `ode`, `ensemble`, `tour` or `import`. */
export type StudyName = keyof typeof studies;
