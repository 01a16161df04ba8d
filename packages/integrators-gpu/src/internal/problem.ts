import type { DataProblem } from '@idyn/integrators';
import {
  type Float32Layered,
  type Float32Linear,
  type Float32Problem,
  resolveFloat32Problem,
} from '@idyn/integrators/backend';

/** Largest width of any layer that the generated kernels accept (one thread loops over a width). */
export const MAX_WIDTH = 1024;

/** A validated layered-flow problem, with its data as float32 and the θ layout. */
export type ResolvedLayered = Float32Layered;

/** A validated linear problem y′ = A y. */
export type ResolvedLinear = Float32Linear;

/** A validated data problem for the kernels. */
export type ResolvedProblem = Float32Problem;

/**
 * Validates a data-described problem for the gpu.js kernels: `resolveFloat32Problem` of
 * @idyn/integrators/backend (the validation every float32 backend shares, so that all backends
 * accept exactly the same problems), with the kernels' width limit {@link MAX_WIDTH}.
 */
export function resolveProblem(fn: string, problem: DataProblem): ResolvedProblem {
  return resolveFloat32Problem(fn, problem, MAX_WIDTH);
}
