import type { BatchIntegrateOptions } from '@idyn/integrators';
import { type StepSettings, resolveStepSettings, show } from '@idyn/integrators/backend';

/** Default relative tolerance of the float32 backend (float32 right-hand sides are noisy at ~1e-7). */
export const DEFAULT_RTOL = 1e-5;
/** Default absolute tolerance of the float32 backend. */
export const DEFAULT_ATOL = 1e-7;

/** Fully resolved settings of one batched run. */
export type Settings = StepSettings;

/**
 * Validates the options of a batched integration and resolves every default: the shared
 * `resolveStepSettings` of @idyn/integrators/backend with the float32 tolerance defaults, after
 * rejecting the options the GPU backend does not support.
 */
export function resolveSettings(fn: string, options: BatchIntegrateOptions): Settings {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`${fn}: options must be an object, got ${show(options)}`);
  }
  for (const unsupported of ['events', 'observer'] as const) {
    if ((options as Record<string, unknown>)[unsupported] !== undefined) {
      throw new TypeError(
        `${fn}: options.${unsupported} is not supported by the GPU backend (data problems only), got ${show((options as Record<string, unknown>)[unsupported])}`,
      );
    }
  }
  return resolveStepSettings(fn, options, { rtol: DEFAULT_RTOL, atol: DEFAULT_ATOL });
}
