import type { NetworkSpec } from '@idyn/graph';

/** The network fields of a study input. */
export interface NetInput {
  /** A preset (`relu:2-3-2`), `poly:P1,P2,…`, or a network spec (JSON text or object). */
  readonly net: string | NetworkSpec;
  /** Name of the net in the result (e.g. the spec file). @default the net text, or 'spec' */
  readonly netLabel?: string;
  /** `auto`, `path` or `matrix` (z = U_L⋯U_1, `linear:` presets without biases). @default 'auto' */
  readonly lifting?: 'auto' | 'path' | 'matrix';
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
