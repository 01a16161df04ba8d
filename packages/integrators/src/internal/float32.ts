import type { BatchIntegrateOptions } from '../types.js';
import { resolveStepSettings, type StepSettings, type ToleranceDefaults } from './settings.js';
import { TIME_RESOLUTION_ULPS } from './stepSizeController.js';
import { show } from './validate.js';

// The float32 backends (gpu.js kernels in @idyn/integrators-gpu, WGSL kernels in
// @idyn/integrators-webgpu) share one layer and cannot import each other: what they have in
// common about float32 (its epsilon, the tolerances, the rtol floor, the resolution of float32
// time, the options they refuse) lives here, once.

/**
 * The float32 machine epsilon 2^−23: the resolution of t, θ and the states on the GPU kernels.
 *
 * @example
 * FLOAT32_EPSILON === Math.fround(1 + 2 ** -23) - 1; // true
 * @see MATH.md §6
 */
export const FLOAT32_EPSILON = 2 ** -23;

/**
 * Smallest `rtol` accepted for adaptive (DOPRI5) runs on float32 kernels. A float32 right-hand side
 * carries relative rounding of about 1e-7 times the conditioning of its sums (measured up to ~1e-6
 * after a layer), so the error estimate cannot fall reliably below rtol near that level and the
 * step-size control creeps on tiny steps (e.g. 128 flows of `relu:2-4-1+bias` at rtol 1e-6 did not
 * finish in 300 s in gpu.js's webasm mode; at 1e-4 they took 4.5 s). Smaller rtols throw a
 * RangeError ({@link checkFloat32Rtol}) instead of being clamped. Fixed-step runs ignore rtol.
 *
 * @example
 * FLOAT32_RTOL_FLOOR; // 1e-5
 * @see MATH.md §6
 */
export const FLOAT32_RTOL_FLOOR = 1e-5;

/**
 * Default tolerances of the float32 backends: rtol at {@link FLOAT32_RTOL_FLOOR}, atol 1e-7.
 *
 * @example
 * FLOAT32_TOLERANCES; // { rtol: 1e-5, atol: 1e-7 }
 * @see MATH.md §6
 */
export const FLOAT32_TOLERANCES: ToleranceDefaults = Object.freeze({ rtol: FLOAT32_RTOL_FLOOR, atol: 1e-7 });

/**
 * The step-too-small bound of a float32 stepper whose time is stored at `scale`: 16·ε₃₂·|scale|,
 * the rule of `belowTimeResolution` with the float32 ulp (see there for what `scale` is on each
 * GPU backend).
 *
 * @param scale - the magnitude time is stored at (an offset, or the largest |t| of the run)
 * @returns the smallest step a float32 stepper can take there
 * @example
 * float32TimeResolution(1); // 1.9073486328125e-6 (= 16 · 2^−23)
 * @see MATH.md §6
 */
export function float32TimeResolution(scale: number): number {
  return TIME_RESOLUTION_ULPS * FLOAT32_EPSILON * Math.abs(scale);
}

/**
 * Validates the options of a float32 backend's run and resolves every default: the options it
 * cannot honour (`events`, `observer`: data problems only) are refused, then `resolveStepSettings`
 * runs with {@link FLOAT32_TOLERANCES}.
 *
 * @param fn - name of the public function, for messages
 * @param options - the caller's options
 * @param backend - the backend's name in messages (`'GPU'`, `'WebGPU'`)
 * @returns the resolved settings
 * @throws TypeError for a non-object, `events` or `observer`; RangeError as `resolveStepSettings`
 * @example
 * resolveFloat32Settings('gpu.integrateBatch', { times: [0, 1] }, 'GPU').rtol; // 1e-5
 * @see MATH.md §6
 */
export function resolveFloat32Settings(
  fn: string,
  options: BatchIntegrateOptions,
  backend: string,
): StepSettings {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`${fn}: options must be an object, got ${show(options)}`);
  }
  for (const unsupported of ['events', 'observer'] as const) {
    const v = (options as Record<string, unknown>)[unsupported];
    if (v !== undefined) {
      throw new TypeError(
        `${fn}: options.${unsupported} is not supported by the ${backend} backend (data problems only), got ${show(v)}`,
      );
    }
  }
  return resolveStepSettings(fn, options, FLOAT32_TOLERANCES);
}

/**
 * Refuses an adaptive run whose rtol is below {@link FLOAT32_RTOL_FLOOR} (fixed-step runs pass).
 *
 * @param fn - name of the public function, for the message
 * @param settings - the resolved settings
 * @throws RangeError naming rtol, its value and the floor
 * @example
 * checkFloat32Rtol('gpu.integrateBatch', resolveFloat32Settings('f', { times: [0, 1] }, 'GPU')); // passes
 * @see MATH.md §6
 */
export function checkFloat32Rtol(fn: string, settings: StepSettings): void {
  if (settings.step === null && settings.rtol < FLOAT32_RTOL_FLOOR) {
    const floor = FLOAT32_RTOL_FLOOR.toExponential();
    throw new RangeError(
      `${fn}: options.rtol = ${settings.rtol.toExponential()} is below the float32 floor ${floor} of the kernels ` +
        '(f carries relative rounding ~1e-7 × its conditioning, so the step control cannot meet it); ' +
        `use rtol ≥ ${floor}, or cpuBackend of @idyn/integrators (float64) for tighter tolerances`,
    );
  }
}
