// Public entry of @idyn/integrators/testing: the backend conformance suite.
export {
  conformanceTolerances,
  type ConformanceExpect,
  type ConformanceOptions,
  type ConformanceTolerances,
  runConformanceSuite,
} from './runConformanceSuite.js';
