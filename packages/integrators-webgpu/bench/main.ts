// Entry of the browser bench bundle (bench/browser.mjs).
export { benchWebGpuEnsemble, createWebGpuBackend } from '../src/index.js';
