// Entry of the browser bundle built by bench/browser/run.mjs.
export { availableGpuModes, benchEnsemble, createGpuBackend } from '../../src/index.js';
