import {
  attentionLawCount,
  type BlockLawsResult,
  blockLaws,
  type CountLawsResult,
  compareBlockLaws,
  countLaws,
  countLawsCost,
  countNetworkLaws,
  findLaws,
  findLawsCost,
} from '@idyn/conservation';
import type { NetworkSpec } from '@idyn/graph';
import { checkBudget, PRIME } from '@idyn/linalg';
import inputSchema from '../schemas/laws.input.schema.json' with { type: 'json' };
import resultSchema from '../schemas/laws.schema.json' with { type: 'json' };
import type { NetInput } from './NetInput.js';
import { StudyInputError } from './StudyInputError.js';
import { parseBlock } from './internal/block.js';
import { defineStudy } from './internal/defineStudy.js';
import { budgetOf, estimateOf, maxPathsOf } from './internal/budget.js';
import { type LiftingKind, type ResolvedNet, resolveNet, wrapInput } from './internal/net.js';

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
  /**
   * How to count the laws of a network: `lie-trace` (the exact Lie trace on the enumerated
   * path-lifting), `rescaling` (the structural count of `countNetworkLaws`, no enumeration) or
   * `auto` (the trace up to 20 000 paths and D = 1 000, the structural count above). @default 'auto'
   */
  readonly method?: 'auto' | 'lie-trace' | 'rescaling';
  /**
   * Also count the laws that depend only on a block of parameters (MATH.md §7, block laws):
   * `1,2` / `layers:1,2` (depths), `params:0,3,4` (indices), `names:N1;N2` or `match:REGEX`.
   * @default undefined
   */
  readonly block?: string;
  /**
   * The block's own net (a preset, `attention:…`, `poly:…` or a spec), whose θ order is the
   * block's: the block's laws are compared with its laws as spaces (`compareBlockLaws`). Needs `block`.
   * @default undefined
   */
  readonly isolated?: string | NetworkSpec;
  /** Name of `isolated` in the result. @default the isolated text, or 'spec' */
  readonly isolatedLabel?: string;
  /** Most unknown coefficients of `formulas`. @default 4000 */
  readonly maxUnknowns?: number;
}

/** A polynomial law as the result prints it. */
export interface LawFormula {
  readonly text: string;
  readonly ascii: string;
  readonly latex: string;
}

/** Result of the `laws` study: the `idyn.laws/1` document (schemas/laws.schema.json). */
export interface LawsResult {
  /** `idyn.laws/1`. */
  readonly schema: 'idyn.laws/1';
  /** The net's name. */
  readonly net: string;
  /** Which lifting was used. */
  readonly lifting: LiftingKind;
  /** Number of parameters. */
  readonly D: number;
  /** Number of lifted coordinates (the paths of a network), null above 2^53. */
  readonly d: number | null;
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
  /** `blind` or `certify` (the structural count certifies the known laws). */
  readonly mode: 'blind' | 'certify';
  /** Rank per bracket level (empty for method `rescaling`: no Lie trace ran). */
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
    readonly laws: readonly LawFormula[];
  };
  /** How the count was made: the exact Lie trace, or the structural count of the rescaling symmetries. */
  readonly method?: 'lie-trace' | 'rescaling';
  /** Why this method (sizes against the limits). */
  readonly reason?: string;
  /** What was computed and what it proves, in one paragraph. */
  readonly proof?: string;
  /** Number of paths of a network, exact (decimal string). */
  readonly paths?: string;
  /** Attention: the shape and the closed-form split of the laws (`attentionLawCount`). */
  readonly attention?: {
    readonly d: number;
    readonly k: number;
    readonly v: number;
    readonly e: number;
    readonly heads: number;
    /** The closed-form count, checked against the exact count `laws`. */
    readonly closedForm: number;
    readonly queryKey: number;
    readonly valueOutput: number;
    readonly perHead: number;
    readonly crossHead: number;
  };
  /** The laws that depend only on a block (with `block`). */
  readonly block?: {
    /** The `block` input. */
    readonly selector: string;
    /** Parameter indices into θ, in the block's order. */
    readonly indices: readonly number[];
    /** Their names. */
    readonly paramNames: readonly string[];
    /** |S|. */
    readonly size: number;
    /** Distinct restricted generators. */
    readonly fields: number;
    /** Dimension of the restricted trace. */
    readonly lieDim: number;
    /** Independent laws depending only on the block. */
    readonly laws: number;
    /** Rank of the known laws inside the block (null without known laws). */
    readonly knownLaws: number | null;
    /** Whether those known laws are all the block laws (null without known laws). */
    readonly complete: boolean | null;
    /** `blind` or `certify`. */
    readonly mode: 'blind' | 'certify';
    /** The block's polynomial laws of `degree` (with `formulas`). */
    readonly formulas?: {
      readonly degree: number;
      readonly kernelDimension: number;
      readonly laws: readonly LawFormula[];
    };
    /** The comparison with the block's own lifting (with `isolated`). */
    readonly isolated?: {
      readonly net: string;
      /** Laws of the isolated lifting. */
      readonly laws: number;
      /** Its dim Lie. */
      readonly lieDim: number;
      /** Functions conserved by both families. */
      readonly common: number;
      /** Whether the two spaces of laws are the same. */
      readonly same: boolean;
      /** The same comparison for the polynomial laws of `degree` (absent with degree 0). */
      readonly polynomial?: {
        readonly degree: number;
        readonly inNetwork: number;
        readonly isolated: number;
        readonly common: number;
        readonly same: boolean;
      };
    };
  };
}

/** The count of the whole lifting, as the result reports it. */
type WholeCount = Pick<
  LawsResult,
  | 'D'
  | 'd'
  | 'rankJacobian'
  | 'lieDim'
  | 'laws'
  | 'frobenius'
  | 'knownLaws'
  | 'complete'
  | 'mode'
  | 'levels'
  | 'points'
  | 'agree'
  | 'prime'
  | 'knownLawsListed'
> &
  Partial<Pick<LawsResult, 'method' | 'reason' | 'proof' | 'paths' | 'attention'>>;

function traceFields(r: CountLawsResult): Omit<WholeCount, 'd' | 'knownLawsListed'> {
  return {
    D: r.D,
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
  };
}

function formulaList(laws: readonly LawFormula[]): LawFormula[] {
  return laws.map((l) => ({ text: l.text, ascii: l.ascii, latex: l.latex }));
}

/** The laws of a network: `countNetworkLaws` (Lie trace or structural count, its method stated). */
function networkCount(study: string, net: ResolvedNet, input: LawsInput): WholeCount {
  const network = net.network!;
  let method = input.method ?? 'auto';
  if (input.blind) {
    if (method === 'rescaling')
      throw new StudyInputError('blind', '{blind} needs the Lie trace, not {method} rescaling', {
        study,
        standalone: true,
      });
    // Blind means: bracket until nothing new, ignoring the known laws; that is a Lie trace.
    method = 'lie-trace';
  }
  if (method === 'lie-trace') {
    // The trace enumerates the paths and keeps a D × D annihilator: both within the budgets first
    // (method auto only traces nets within countNetworkLaws' own small limits).
    const lifting = net.lifting();
    checkBudget(countLawsCost(lifting, { points: input.points ?? 3 }), budgetOf(input));
  }
  const r = wrapInput(study, 'net', net.label, () =>
    countNetworkLaws(network, {
      method,
      // --max-paths also bounds the nets the Lie trace takes in method auto
      ...(input.maxPaths === undefined
        ? {}
        : { maxPaths: Math.min(Number(input.maxPaths), Number.MAX_SAFE_INTEGER) }),
      mode: input.blind ? 'blind' : 'certify',
      points: input.points ?? 3,
      seed: input.seed ?? 0,
    }),
  );
  const paths = r.paths <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(r.paths) : null;
  const common = { method: r.method, reason: r.reason, proof: r.proof, paths: r.paths.toString() };
  if (r.trace !== null)
    return {
      ...traceFields(r.trace),
      d: paths,
      knownLawsListed: net.lifting().knownLaws().length,
      ...common,
    };
  return {
    D: r.D,
    d: paths,
    rankJacobian: r.rankJacobian,
    lieDim: r.lieDim,
    laws: r.laws,
    frobenius: r.lieDim === r.rankJacobian,
    knownLaws: r.knownLaws,
    complete: r.complete,
    mode: 'certify',
    levels: [],
    // The independence of the known laws is a rank at one random point mod p.
    points: 1,
    agree: true,
    prime: PRIME,
    knownLawsListed: r.knownLaws,
    ...common,
  };
}

/** The block laws (and the comparison with the block's own lifting). */
function blockCount(study: string, net: ResolvedNet, input: LawsInput): NonNullable<LawsResult['block']> {
  const selector = parseBlock(study, input.block!);
  const lifting = net.lifting();
  const counting = { points: input.points ?? 3, seed: input.seed ?? 0 };
  const degree = input.formulas ? (input.degree ?? 2) : 0;
  const r: BlockLawsResult = wrapInput(study, 'block', input.block, () =>
    blockLaws(lifting, selector, {
      ...counting,
      mode: input.blind ? 'blind' : 'certify',
      degree,
      budget: budgetOf(input),
      ...(input.maxUnknowns === undefined ? {} : { maxUnknowns: input.maxUnknowns }),
    }),
  );
  let isolated: NonNullable<LawsResult['block']>['isolated'];
  if (input.isolated !== undefined) {
    const iso = resolveNet(study, input.isolated, 'auto', input.isolatedLabel);
    const isoLifting = wrapInput(study, 'isolated', iso.label, () => iso.lifting());
    const c = wrapInput(study, 'isolated', iso.label, () =>
      compareBlockLaws(lifting, selector, isoLifting, { ...counting, degree: input.formulas ? degree : 0 }),
    );
    isolated = {
      net: iso.label,
      laws: c.isolated.laws,
      lieDim: c.isolated.lieDim,
      common: c.common,
      same: c.same,
      ...(c.polynomial ? { polynomial: { ...c.polynomial } } : {}),
    };
  }
  return {
    selector: input.block!,
    indices: [...r.block],
    paramNames: [...r.paramNames],
    size: r.size,
    fields: r.fields,
    lieDim: r.lieDim,
    laws: r.laws,
    knownLaws: r.knownLaws,
    complete: r.complete,
    mode: r.count.mode,
    ...(r.formulas
      ? {
          formulas: {
            degree: r.formulas.degree,
            kernelDimension: r.formulas.kernelDimension,
            laws: formulaList(r.formulas.laws),
          },
        }
      : {}),
    ...(isolated ? { isolated } : {}),
  };
}

/**
 * The `laws` study: D, rank Dφ, dim Lie per bracket level and the number of independent
 * conservation laws D − dim Lie, exactly (ranks modulo a prime at random points, MATH.md §2);
 * with `formulas`, every polynomial law of degree `degree`. With known laws (h_v for networks,
 * the rescaling laws of shared networks, U_{i+1}ᵀU_{i+1} − U_iU_iᵀ for linear ones, the Gram
 * differences of attention) the count stops once it proves them complete. Networks go through
 * `countNetworkLaws` (the method, its reason and its proof are reported: large or shared networks
 * are counted structurally, without enumerating their paths, MATH.md §7); attention adds the
 * closed-form per-head / cross-head split; `block` adds the laws that depend only on a block.
 *
 * @example
 * const r = await lawsStudy.run({ net: 'relu:2-3-2' });
 * // r.D 12, r.rankJacobian 9, r.lieDim 9, r.laws 3, r.frobenius true, r.method 'lie-trace'
 * (await lawsStudy.run({ net: 'conv2d:28x28:1-8-8:3x3:10' })).method; // 'rescaling' (16 laws)
 * @see MATH.md §2, §7
 */
export const lawsStudy = defineStudy<LawsInput, LawsResult>({
  name: 'laws',
  summary: 'count the conservation laws of a network or lifting exactly, and solve for them',
  inputSchema,
  resultSchema,
  units: (input) => 2 + (input.formulas ? 1 : 0) + (input.block !== undefined ? 1 : 0),
  describe: (input) => `laws ${input.netLabel ?? (typeof input.net === 'string' ? input.net : 'spec')}`,
  async compute(input, steps) {
    const study = 'laws';
    const budget = budgetOf(input);
    const maxPaths = maxPathsOf(input.maxPaths);
    const net = resolveNet(study, input.net, input.lifting ?? 'auto', input.netLabel, {
      budget,
      ...(maxPaths === undefined ? {} : { maxPaths }),
    });
    if (input.method !== undefined && (net.network === undefined || net.liftingKind !== 'path'))
      throw new StudyInputError('method', `{method} applies to networks, got {net} '${net.label}'`, {
        study,
        standalone: true,
      });
    if (input.isolated !== undefined && input.block === undefined)
      throw new StudyInputError('isolated', '{isolated} needs {block}', { study, standalone: true });
    await steps.next(`building the ${net.liftingKind} lifting of ${net.label}`);
    let whole: WholeCount;
    if (net.network !== undefined && net.liftingKind === 'path') {
      await steps.next(`counting laws (D = ${net.D})`);
      whole = networkCount(study, net, input);
    } else {
      const lifting = net.lifting();
      const known = lifting.knownLaws();
      const mode: 'blind' | 'certify' = input.blind || known.length === 0 ? 'blind' : 'certify';
      const countOptions = { mode, points: input.points ?? 3, seed: input.seed ?? 0, budget };
      await steps.next(
        `counting laws (D = ${lifting.D}, d = ${lifting.d})`,
        estimateOf(() => countLawsCost(lifting, countOptions)),
      );
      const r = wrapInput(study, 'net', net.label, () => countLaws(lifting, countOptions));
      whole = { ...traceFields(r), d: lifting.d, knownLawsListed: known.length };
      if (net.attention !== undefined) {
        const a = attentionLawCount(net.attention);
        whole = {
          ...whole,
          method: 'lie-trace',
          reason: `attention lifting (D = ${r.D}, d = ${lifting.d}): small enough for the exact Lie trace`,
          proof:
            `exact Lie-algebra trace (MATH.md §2) at ${r.points.length} random points mod p, ${r.mode === 'certify' ? 'certified by the Gram differences W_Q^T W_Q - W_K^T W_K and W_O^T W_O - W_V^T W_V' : 'blind'}: ` +
            `dim Lie = ${r.lieDim}, ${r.laws} laws; the closed form N(2d, Hk) + N(d + e, Hv) of attentionLawCount (MATH.md §7) gives ${a.laws}` +
            (a.laws === r.laws ? ', in agreement.' : ', which DISAGREES.'),
          attention: {
            ...net.attention,
            closedForm: a.laws,
            queryKey: a.queryKey,
            valueOutput: a.valueOutput,
            perHead: a.perHead,
            crossHead: a.crossHead,
          },
        };
      }
    }
    let formulas: LawsResult['formulas'];
    if (input.formulas) {
      const degree = input.degree ?? 2;
      const lifting = wrapInput(study, 'net', net.label, () => net.lifting());
      const findOptions = {
        degree,
        budget,
        ...(input.maxUnknowns === undefined ? {} : { maxUnknowns: input.maxUnknowns }),
      };
      await steps.next(
        `solving for degree-${degree} laws`,
        estimateOf(() => findLawsCost(lifting, findOptions)),
      );
      const f = wrapInput(study, 'net', net.label, () => findLaws(lifting, findOptions));
      formulas = { degree, kernelDimension: f.kernelDimension, laws: formulaList(f.laws) };
    }
    let block: LawsResult['block'];
    if (input.block !== undefined) {
      await steps.next(`counting the laws of block ${input.block}`);
      block = blockCount(study, net, input);
    }
    return {
      schema: 'idyn.laws/1',
      net: net.label,
      lifting: net.liftingKind,
      ...whole,
      ...(formulas ? { formulas } : {}),
      ...(block ? { block } : {}),
    };
  },
});
