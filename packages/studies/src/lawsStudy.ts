import { countLaws, findLaws } from '@idyn/conservation';
import inputSchema from '../schemas/laws.input.schema.json' with { type: 'json' };
import resultSchema from '../schemas/laws.schema.json' with { type: 'json' };
import type { NetInput } from './NetInput.js';
import { defineStudy } from './internal/defineStudy.js';
import { budgetOf, maxPathsOf } from './internal/budget.js';
import { resolveNet } from './internal/net.js';

/** Input of the `laws` study (schemas/laws.input.schema.json). */
export interface LawsInput extends NetInput {
  /** Solve for the polynomial laws of degree `degree`. @default false */
  readonly formulas?: boolean;
  /** Degree of the laws solved for. @default 2 */
  readonly degree?: number;
  /** Ignore the known laws. @default false */
  readonly blind?: boolean;
  /** Number of random points. @default 3 */
  readonly points?: number;
  /** Seed of the random points. @default 0 */
  readonly seed?: number;
  /** Most unknown coefficients of `formulas`. @default 4000 */
  readonly maxUnknowns?: number;
}

/** Result of the `laws` study: the `idyn.laws/1` document (schemas/laws.schema.json). */
export interface LawsResult {
  /** `idyn.laws/1`. */
  readonly schema: 'idyn.laws/1';
  /** The net's name. */
  readonly net: string;
  /** Which lifting was used. */
  readonly lifting: 'path' | 'matrix' | 'polynomial';
  /** Number of parameters. */
  readonly D: number;
  /** Number of lifted coordinates. */
  readonly d: number;
  /** rank Dφ at a generic point. */
  readonly rankJacobian: number;
  /** dim Lie at a generic point. */
  readonly lieDim: number;
  /** Number of independent laws, D − lieDim. */
  readonly laws: number;
  /** lieDim == rankJacobian. */
  readonly frobenius: boolean;
  /** Rank of the known laws' gradients, null if none. */
  readonly knownLaws: number | null;
  /** Number of known laws the lifting lists (0 if none). */
  readonly knownLawsListed: number;
  /** Known laws complete; null if none. */
  readonly complete: boolean | null;
  /** `blind` or `certify`. */
  readonly mode: 'blind' | 'certify';
  /** Rank per bracket level. */
  readonly levels: readonly { level: number; rank: number; kept: number; tried: number }[];
  /** Number of random points. */
  readonly points: number;
  /** Whether the points agree. */
  readonly agree: boolean;
  /** The prime of the exact ranks. */
  readonly prime: number;
  /** The polynomial laws (with `formulas`). */
  readonly formulas?: {
    readonly degree: number;
    readonly kernelDimension: number;
    readonly laws: readonly { text: string; ascii: string; latex: string }[];
  };
}

/**
 * The `laws` study: D, rank Dφ, dim Lie per bracket level and the number of independent
 * conservation laws D − dim Lie, exactly (ranks modulo a prime at random points, MATH.md §2);
 * with `formulas`, every polynomial law of degree `degree`. With known laws (h_v for networks,
 * U_{i+1}ᵀU_{i+1} − U_iU_iᵀ for linear ones) the count stops once it proves them complete.
 *
 * @example
 * const r = await lawsStudy.run({ net: 'relu:2-3-2' });
 * // r.D 12, r.rankJacobian 9, r.lieDim 9, r.laws 3, r.frobenius true
 * @see MATH.md §2
 */
export const lawsStudy = defineStudy<LawsInput, LawsResult>({
  name: 'laws',
  summary: 'count the conservation laws of a network or lifting exactly, and solve for them',
  inputSchema,
  resultSchema,
  units: (input) => (input.formulas ? 3 : 2),
  describe: (input) => `laws ${input.netLabel ?? (typeof input.net === 'string' ? input.net : 'spec')}`,
  async compute(input, steps) {
    const budget = budgetOf(input);
    const maxPaths = maxPathsOf(input.maxPaths);
    const net = resolveNet('laws', input.net, input.lifting ?? 'auto', input.netLabel, {
      budget,
      ...(maxPaths === undefined ? {} : { maxPaths }),
    });
    await steps.next(`building the ${net.liftingKind} lifting of ${net.label}`);
    const lifting = net.lifting();
    const known = lifting.knownLaws();
    const mode = input.blind || known.length === 0 ? 'blind' : 'certify';
    await steps.next(`counting laws (D = ${lifting.D}, d = ${lifting.d})`);
    const r = countLaws(lifting, { mode, points: input.points ?? 3, seed: input.seed ?? 0, budget });
    let formulas: LawsResult['formulas'];
    if (input.formulas) {
      const degree = input.degree ?? 2;
      await steps.next(`solving for degree-${degree} laws`);
      const f = findLaws(lifting, {
        degree,
        budget,
        ...(input.maxUnknowns === undefined ? {} : { maxUnknowns: input.maxUnknowns }),
      });
      formulas = {
        degree,
        kernelDimension: f.kernelDimension,
        laws: f.laws.map((l) => ({ text: l.text, ascii: l.ascii, latex: l.latex })),
      };
    }
    return {
      schema: 'idyn.laws/1',
      net: net.label,
      lifting: net.liftingKind,
      D: r.D,
      d: lifting.d,
      rankJacobian: r.rankJacobian,
      lieDim: r.lieDim,
      laws: r.laws,
      frobenius: r.frobenius,
      knownLaws: r.knownLaws,
      complete: r.complete,
      mode: r.mode,
      levels: r.levels.map((l) => ({ level: l.level, rank: l.rank, kept: l.kept, tried: l.tried })),
      points: r.points.length,
      agree: r.agree,
      prime: r.prime,
      ...(formulas ? { formulas } : {}),
      knownLawsListed: known.length,
    };
  },
});
