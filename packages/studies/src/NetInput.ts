import type { NetworkSpec } from '@idyn/graph';

/**
 * The budget fields every study input takes: a run whose estimated cost is above them is refused
 * with a `BudgetError` (its `option` names the field) before anything is allocated.
 */
export interface BudgetInput {
  /** Memory budget in bytes. @default 2^31 (2 GiB, DEFAULT_BUDGET of @idyn/linalg) */
  readonly maxMemoryBytes?: number;
  /** Work budget in elementary operations (1e9 ≈ one second of one core). @default 1e12 */
  readonly maxWork?: number;
}

/** The network fields of a study input (with the budgets, and the path limit of the path-lifting). */
export interface NetInput extends BudgetInput {
  /** A preset (`relu:2-3-2`), `poly:P1,P2,…`, or a network spec (JSON text or object). */
  readonly net: string | NetworkSpec;
  /** Name of the net in the result (e.g. the spec file). @default the net text, or 'spec' */
  readonly netLabel?: string;
  /** `auto`, `path` or `matrix` (z = U_L⋯U_1, `linear:` presets without biases). @default 'auto' */
  readonly lifting?: 'auto' | 'path' | 'matrix';
  /** Most paths the path-lifting enumerates: an integer, or its decimal string above 2^53. @default 1000000 */
  readonly maxPaths?: number | string;
}

/** The parameter fields of a study input: `theta`, or `init`, or the spec's own θ, or the study's default. */
export interface ThetaInput {
  /** Parameter values, length D. @default undefined */
  readonly theta?: readonly number[];
  /** Name of `theta` in the result's `theta.source` (e.g. `file:theta.json`). @default 'input' */
  readonly thetaLabel?: string;
  /** `gaussian:SEED[:SCALE]`, `balanced:SEED[:SCALE]` or `relaxed:LAMBDA[,LAMBDA…][:SEED]`. @default the study's */
  readonly init?: string;
}
