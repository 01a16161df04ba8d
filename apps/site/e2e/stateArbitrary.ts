/**
 * fast-check arbitraries of the site's state: every value the field validators of src/state.ts
 * accept. The vitest property (src/state.test.ts) and the browser round-trip scenario
 * (e2e/links.ts, run in Chromium) draw from the same arbitraries.
 */
import fc from 'fast-check';
import {
  type AppState,
  INITS,
  LIN_INITS,
  LOSSES,
  MAX_ENSEMBLE_WIDTH,
  MAX_MEMBERS,
  PAGES,
} from '../src/state.js';

const seed = fc.integer({ min: 0, max: 2 ** 32 - 1 });
const real = (min: number, max: number) => fc.double({ min, max, noNaN: true }).map((v) => v + 0);
const positive = (max: number) => real(0, max).filter((v) => v > 0);
const widths = fc
  .array(fc.integer({ min: 1, max: MAX_ENSEMBLE_WIDTH }), { minLength: 3, maxLength: 6 })
  .map((w) => w.join('-'));

/** Any state the validators accept. */
export const stateArbitrary: fc.Arbitrary<AppState> = fc.record({
  page: fc.constantFrom(...PAGES),
  net: fc.oneof(
    fc.constantFrom(
      'relu:2-3-2',
      'linear:2-2-2+bias',
      'resblock:2:1',
      'conv1d:4:1-2:2:1',
      'attention:3:2:2:3',
    ),
    fc
      .string({ minLength: 1, maxLength: 60 })
      .map((s) => s.trim())
      .filter((s) => s.length > 0),
  ),
  path: fc.integer({ min: 0, max: 1e6 }),
  degree: fc.integer({ min: 1, max: 4 }),
  init: fc.constantFrom(...INITS),
  seed,
  scale: fc.oneof(fc.constant('he' as const), positive(100)),
  lambda: real(-100, 100),
  loss: fc.constantFrom(...LOSSES),
  lossSeed: seed,
  csv: fc.string({ maxLength: 80 }),
  T: positive(1000),
  odeLambda: real(-3, 3),
  depth: fc.integer({ min: 2, max: 8 }),
  width: fc.integer({ min: 1, max: 6 }),
  linInit: fc.constantFrom(...LIN_INITS),
  ensNet: widths,
  members: fc.integer({ min: 1, max: MAX_MEMBERS }),
  ensT: positive(1000),
  ensSeed: seed,
});
