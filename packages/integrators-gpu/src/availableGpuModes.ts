import { type GpuMode, probeModes } from './internal/modes.js';

/**
 * The gpu.js modes that can run in this environment, best first, from gpu.js's own support
 * checks: `'headlessgl'` only in Node with the `gl` addon and an X display (e.g. under
 * `xvfb-run -a`), `'webgl2'`/`'webgl'` in browsers, `'webasm'` where WebAssembly is available;
 * `'gpu'` (auto) whenever one of those is, `'cpu'` always. WebGPU is never offered.
 *
 * @returns the supported modes
 * @example
 * availableGpuModes(); // Node without X: ['gpu', 'webasm', 'cpu']
 * @see README, section Notes (backends and their precision)
 */
export function availableGpuModes(): GpuMode[] {
  return probeModes();
}
