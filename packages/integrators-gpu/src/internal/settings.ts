import type { BatchIntegrateOptions } from '@idyn/integrators';
import { resolveFloat32Settings, type StepSettings } from '@idyn/integrators/backend';

/** Fully resolved settings of one batched run. */
export type Settings = StepSettings;

/**
 * Validates the options of a batched integration and resolves every default:
 * `resolveFloat32Settings` of @idyn/integrators/backend (float32 tolerance defaults; events and
 * observers refused, naming this backend).
 */
export function resolveSettings(fn: string, options: BatchIntegrateOptions): Settings {
  return resolveFloat32Settings(fn, options, 'GPU');
}
