import { checkCriteria } from '@idyn/conservation';
import inputSchema from '../schemas/check.input.schema.json' with { type: 'json' };
import resultSchema from '../schemas/check.schema.json' with { type: 'json' };
import type { NetInput, ThetaInput } from './NetInput.js';
import { defineStudy } from './internal/defineStudy.js';
import { budgetOf, maxPathsOf } from './internal/budget.js';
import { resolveNet } from './internal/net.js';
import { resolveTheta } from './internal/theta.js';

/** Input of the `check` study (schemas/check.input.schema.json). */
export interface CheckInput extends NetInput, ThetaInput {
  /** Relative kernel-inclusion tolerance. @default 1e-8 */
  readonly tol?: number;
}

/** Result of the `check` study: the `idyn.check/1` document (schemas/check.schema.json). */
export interface CheckResult {
  /** `idyn.check/1`. */
  readonly schema: 'idyn.check/1';
  /** The net's name. */
  readonly net: string;
  /** Which lifting was used. */
  readonly lifting: 'path' | 'matrix' | 'polynomial';
  /** The lifting's own name, e.g. `matrixProduct[2,2,2]`. */
  readonly liftingName: string;
  /** Names of the parameters (witness coordinates). */
  readonly paramNames: readonly string[];
  /** θ and where it came from. */
  readonly theta: { readonly source: string; readonly values: readonly number[] };
  /** Number of parameters. */
  readonly D: number;
  /** Ranks exact (integer θ) or by SVD. */
  readonly exact: boolean;
  /** rank Dφ(θ). */
  readonly rankJacobian: number;
  /** rank Dh(θ). */
  readonly rankLaws: number;
  /** rank [Dφ; Dh](θ). */
  readonly rankStacked: number;
  /** rank [Dφ; Dh] = D. */
  readonly recoverable: boolean;
  /** rank Dφ = dim Lie. */
  readonly frobenius: boolean;
  /** ker Dφ ∩ ker Dh ⊆ ker DM, with the worst unit vector when it fails. */
  readonly kernelInclusion: {
    readonly holds: boolean;
    readonly dimension: number;
    readonly witness?: readonly number[];
    readonly defect?: number;
    readonly relativeDefect?: number;
  };
  /** Number of laws used. */
  readonly laws: number;
  /** Whether those laws are proved complete. */
  readonly lawsComplete: boolean;
  /** Generic ranks. */
  readonly generic: {
    readonly rankJacobian: number;
    readonly rankLaws: number;
    readonly recoverable: boolean;
  };
  /** The intrinsic-metric verdict. */
  readonly intrinsic: 'holds' | 'fails' | 'undecided';
}

/**
 * The `check` study: the criteria of MATH.md §3 at θ — recoverability (rank [Dφ; Dh] = D), the
 * Frobenius property and kernel inclusion (Theorem 2.14), with the unit vector v of
 * ker Dφ ∩ ker Dh maximising |DM v| when it fails. Ranks are exact for integer θ, SVD otherwise.
 *
 * @example
 * const r = await checkStudy.run({ net: 'linear:2-2-2', init: 'gaussian:1' });
 * // r.kernelInclusion.holds false, r.intrinsic 'fails'
 * @see MATH.md §3
 */
export const checkStudy = defineStudy<CheckInput, CheckResult>({
  name: 'check',
  summary: 'recoverability, kernel inclusion (with a witness) and Frobenius at one theta',
  inputSchema,
  resultSchema,
  units: () => 1,
  describe: (input) => `check ${input.netLabel ?? (typeof input.net === 'string' ? input.net : 'spec')}`,
  async compute(input, steps) {
    const budget = budgetOf(input);
    const maxPaths = maxPathsOf(input.maxPaths);
    const net = resolveNet('check', input.net, input.lifting ?? 'auto', input.netLabel, {
      budget,
      ...(maxPaths === undefined ? {} : { maxPaths }),
    });
    const th = resolveTheta('check', net, input);
    await steps.next('checking the criteria');
    const lifting = net.lifting();
    const r = checkCriteria(lifting, th.theta, {
      budget,
      ...(input.tol === undefined ? {} : { inclusionTol: input.tol }),
    });
    const k = r.kernelInclusion;
    return {
      schema: 'idyn.check/1',
      net: net.label,
      lifting: net.liftingKind,
      theta: { source: th.source, values: Array.from(th.theta) },
      D: r.D,
      exact: r.exact,
      rankJacobian: r.rankJacobian,
      rankLaws: r.rankLaws,
      rankStacked: r.rankStacked,
      recoverable: r.recoverable,
      frobenius: r.frobenius,
      kernelInclusion: {
        holds: k.holds,
        dimension: k.dimension,
        ...(k.witness ? { witness: Array.from(k.witness) } : {}),
        ...(k.defect !== undefined ? { defect: k.defect } : {}),
        ...(k.relativeDefect !== undefined ? { relativeDefect: k.relativeDefect } : {}),
      },
      laws: r.laws,
      lawsComplete: r.lawsComplete,
      generic: r.generic,
      intrinsic: r.intrinsic,
      liftingName: lifting.name,
      paramNames: Array.from({ length: lifting.D }, (_, i) => lifting.paramNames[i] ?? `theta${i}`),
    };
  },
});
