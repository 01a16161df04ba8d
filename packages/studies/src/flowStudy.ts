import { mseGradient } from '@idyn/graph';
import {
  compareFlows,
  compareFlowsCost,
  type FlowLoss,
  type IntrinsicModel,
  pathIntrinsicModel,
  pathIntrinsicModelCost,
} from '@idyn/intrinsic';
import { checkBudget, Matrix } from '@idyn/linalg';
import { compareLinearFlows, compareLinearFlowsCost, type LinearLoss, syntheticLoss } from '@idyn/linear-ode';
import inputSchema from '../schemas/flow.input.schema.json' with { type: 'json' };
import resultSchema from '../schemas/flow.schema.json' with { type: 'json' };
import type { DataInput } from './parseDataSet.js';
import { StudyInputError } from './StudyInputError.js';
import { readData } from './internal/data.js';
import type { NetInput, ThetaInput } from './NetInput.js';
import { defineStudy } from './internal/defineStudy.js';
import type { Steps } from './internal/steps.js';
import { outputTimes, rowsOf, unflattenWeights } from './internal/linear.js';
import {
  type FlowPieceDoc,
  linearFlowAgrees,
  linearFlowDoc,
  type RankCrossingDoc,
} from './internal/linearFlow.js';
import { type LossSpec, parseLoss } from './internal/loss.js';
import { mseLinearLoss } from './internal/mseLinearLoss.js';
import { budgetOf, checkResultSize, estimateOf, maxPathsOf } from './internal/budget.js';
import { resolveNet } from './internal/net.js';
import { resolveTheta } from './internal/theta.js';
import {
  discreteDrift,
  IDENTITY_TOL,
  runDiscreteSteps,
  runThetaOnlyFlow,
  thetaLoss,
  whyNoIntrinsicFlow,
} from './internal/thetaOnly.js';

/** Input of the `flow` study (schemas/flow.input.schema.json). */
export interface FlowInput extends NetInput, ThetaInput {
  /** `synthetic:SEED` or `mse` (with `data`). @default 'synthetic:0' */
  readonly loss?: string;
  /** Data for `mse`: CSV/JSON text or `{ X, Y }`. @default undefined */
  readonly data?: DataInput;
  /** Name of the data in the result. @default 'input' */
  readonly dataLabel?: string;
  /** Final time. @default 1 */
  readonly T?: number;
  /** Number of output times in [0, T]. @default 21 */
  readonly times?: number;
  /** DOPRI5 relative tolerance (atol = rtol/10). @default 1e-11 */
  readonly rtol?: number;
  /** Pass threshold of the deviation. @default 1e-6 */
  readonly tol?: number;
  /**
   * Step cap of each integration. @default 1000000 (20000 for a θ-flow without an intrinsic flow:
   * the ReLU kinks of many neurons make the adaptive step grind, MATH.md §6)
   */
  readonly maxSteps?: number;
  /**
   * `dopri5`: the gradient flow (and the intrinsic flow when there is one); `gd`: discrete gradient
   * steps θ_{k+1} = θ_k − η g_k (mini-batch SGD with `batchSize`), K = T/η steps, checking the
   * identity Δh = η² gᵀAg of MATH.md §7 at every step. @default 'dopri5'
   */
  readonly method?: 'dopri5' | 'gd';
  /** Step size η of `gd`, dividing T; several sweep η at fixed T and fit the log-log slope of the drift. @default undefined */
  readonly eta?: number | readonly number[];
  /** Mini-batch size of `gd` (seeded SGD; needs `loss` mse). @default undefined (full batch) */
  readonly batchSize?: number;
  /** Seed of the mini-batch draws. @default 0 */
  readonly seed?: number;
}

// 'not-run': the intrinsic flow of a generic (not relaxed balanced) linear init, which has none.
type Status = 'success' | 'diverged' | 'non-finite' | 'event' | 'max-steps' | 'step-too-small' | 'not-run';

/** Result of the `flow` study: the `idyn.flow/1` document (schemas/flow.schema.json). */
export interface FlowResult {
  /** `idyn.flow/1`. */
  readonly schema: 'idyn.flow/1';
  /** The net's name. */
  readonly net: string;
  /** Which lifting was used. */
  readonly lifting: 'path' | 'matrix' | 'attention';
  /** The intrinsic model, in words. */
  readonly model: string;
  /** θ(0) and where it came from. */
  readonly theta: { readonly source: string; readonly values: readonly number[] };
  /** The loss. */
  readonly loss:
    | { readonly kind: 'synthetic'; readonly seed: number }
    | { readonly kind: 'mse'; readonly data: string };
  /** Final time. */
  readonly T: number;
  /** DOPRI5 relative tolerance (null for discrete steps). */
  readonly rtol: number | null;
  /** Number of lifted coordinates (the paths of a network). */
  readonly d: number;
  /** Number of parameters. */
  readonly D: number;
  /** `dopri5` or `gd` (absent: `dopri5`). */
  readonly method?: 'dopri5' | 'gd';
  /** Pass threshold of the law drift of a run without an intrinsic flow: tol · max(1, max |h(θ0)|). */
  readonly lawTolerance?: number;
  /** Discrete gradient steps (`method` gd): the identity Δh = η² gᵀAg checked per step. */
  readonly discrete?: {
    readonly method: 'gd' | 'sgd';
    readonly eta: number;
    readonly steps: number;
    readonly batchSize: number | null;
    readonly seed: number;
    readonly laws: number;
    readonly finalDrift: number;
    readonly maxIdentityResidual: number;
    readonly identityTol: number;
    readonly identityResidual: readonly number[];
  };
  /** The η sweep at fixed T (several `eta`): final drift per η and the fitted log-log slope. */
  readonly sweep?: {
    readonly T: number;
    readonly etas: readonly number[];
    readonly steps: readonly number[];
    readonly finalDrift: readonly number[];
    readonly maxIdentityResidual: readonly number[];
    readonly slope: number;
    readonly intercept: number;
    readonly r2: number;
  };
  /** Output times reached. */
  readonly times: readonly number[];
  /** φ(θ(t)) per time. */
  readonly zTheta: readonly (readonly number[])[];
  /** z(t) of the intrinsic flow per time; null at times not compared (`skippedTimes`). */
  readonly zIntrinsic: readonly (readonly number[] | null)[];
  /** max_p |φ(θ(t)) − z(t)| per time; null at times not compared. */
  readonly deviation: readonly (number | null)[];
  /** Largest deviation over the compared times; null when none was compared (no intrinsic flow). */
  readonly maxDeviation: number | null;
  /**
   * Crossings along the θ-flow: of a non-recoverable point (`kind: 'neuron'`, path models: a hidden
   * neuron's only outgoing or incoming weight vanishes) or a rank drop of z (`kind: 'rank'`, linear
   * models: a layer of the smallest width becomes singular).
   */
  readonly singularCrossings: readonly (NeuronCrossingDoc | RankCrossingDoc)[];
  /** Largest deviation before the first crossing; null when nothing before it was compared. */
  readonly deviationBeforeCrossing: number | null;
  /** The comparison piece by piece between rank drops (linear models); null for path models. */
  readonly pieces: readonly FlowPieceDoc[] | null;
  /** Indices of output times not compared (inside a rank-drop guard, or no intrinsic flow). */
  readonly skippedTimes: readonly number[];
  /**
   * Why no intrinsic flow exists from θ(0) (a generic linear init: not relaxed balanced; shared
   * parameters; attention; discrete steps), in one sentence; null when one exists. The θ-flow still
   * runs (law drift, `initialResidual`).
   */
  readonly noIntrinsicFlow: string | null;
  /** The fitted λ_i of θ(0) (linear models), null for path models. */
  readonly fittedLambdas: readonly number[] | null;
  /** Largest law drift. */
  readonly lawDrift: number;
  /** max_v |h_v(θ(t)) − h_v(θ(0))| per time. */
  readonly lawDriftPerTime: readonly number[];
  /** Recovery residuals of θ*(z) (path models), null for closed forms. */
  readonly recovery: unknown;
  /** Status of each integration. */
  readonly status: { readonly theta: Status; readonly intrinsic: Status };
  /** Solver statistics of each integration. */
  readonly stats: { readonly theta: unknown; readonly intrinsic: unknown };
  /** Pass threshold. */
  readonly tol: number;
  /**
   * Both flows finished and the deviation before any crossing is within tol; without an intrinsic
   * flow, the θ-flow finished and the law drift is within `lawTolerance`; for discrete steps, every
   * run finished and the identity residual is within `discrete.identityTol`.
   */
  readonly pass: boolean;
  /** Path of a figure written by a front end (null from the study). */
  readonly figure: string | null;
  /** Solver message of each integration. */
  readonly message: { readonly theta: string; readonly intrinsic: string };
  /** Labels of the d coordinates of z. */
  readonly zLabels: readonly string[];
  /** Labels of the laws of `lawDriftPerLaw`. */
  readonly lawLabels: readonly string[];
  /** |h_k(θ(t)) − h_k(θ(0))| per law and time (path models), null for linear ones. */
  readonly lawDriftPerLaw: readonly (readonly number[])[] | null;
  /** The loss along the θ-flow. */
  readonly lossTheta: readonly number[];
  /** The loss along the z-flow (null when it needs θ: mse on a network; null entries where not compared). */
  readonly lossIntrinsic: readonly (number | null)[] | null;
  /** Distance of θ(0) from relaxed balanced (linear models), null for path models. */
  readonly initialResidual: number | null;
}

/** A crossing of a non-recoverable point by the θ-flow of a path model. */
export interface NeuronCrossingDoc {
  /** `'neuron'`. */
  readonly kind: 'neuron';
  /** Time of the crossing. */
  readonly t: number;
  /** The hidden neuron. */
  readonly neuron: string;
  /** The weight that vanishes. */
  readonly parameter: string;
  /** Which side of the neuron it is on. */
  readonly side: string;
  /** Rank deficiency of [DΦ; Dh] there. */
  readonly rankDeficiency: number;
}

/**
 * The `flow` study: integrates the gradient flow θ' = −Dφᵀ∇f(φ(θ)) and the intrinsic flow
 * z' = −K(z)∇f(z) from z(0) = φ(θ0) (DOPRI5, shared output times) and reports their deviation, the
 * law drift, the losses and the solver statistics. Networks use `@idyn/intrinsic`'s path model
 * (K(z) = M(θ*(z)), MATH.md §4.2); `linear:` presets the closed forms of §4.3–4.4. Crossings of
 * non-recoverable points are reported and agreement is judged before the first one; rank drops of
 * z along a linear flow are reported and the comparison restarts after each (`pieces`); a generic
 * linear init has no intrinsic flow (`noIntrinsicFlow`, pass false) but its θ-flow is reported.
 *
 * @example
 * const r = await flowStudy.run({ net: 'relu:2-3-2', init: 'gaussian:1' });
 * // r.maxDeviation ≈ 1e-11, r.lawDrift ≈ 3e-12, r.pass true
 * @see MATH.md §3–4
 */
export const flowStudy = defineStudy<FlowInput, FlowResult>({
  name: 'flow',
  summary: 'integrate the theta-flow and the intrinsic z-flow side by side: deviation, law drift, losses',
  inputSchema,
  resultSchema,
  units: () => 1,
  describe: (input) => `flow ${input.netLabel ?? (typeof input.net === 'string' ? input.net : 'spec')}`,
  async compute(input, steps) {
    const study = 'flow';
    const budget = budgetOf(input);
    const maxPaths = maxPathsOf(input.maxPaths);
    const net = resolveNet(study, input.net, input.lifting ?? 'auto', input.netLabel, {
      budget,
      ...(maxPaths === undefined ? {} : { maxPaths }),
    });
    if (net.liftingKind === 'polynomial')
      throw new StudyInputError(
        'net',
        `{study} needs a network or attention (the gradient of a loss through it), got {net} '${net.label}'`,
        { study, standalone: true },
      );
    const th = resolveTheta(study, net, input, 'gaussian:0');
    const method = input.method ?? 'dopri5';
    checkMethodFields(study, input);
    const thetaOnlyReason =
      method === 'gd'
        ? 'no intrinsic z-flow: discrete gradient steps are compared with the laws, not with a flow'
        : whyNoIntrinsicFlow(net, th.theta);
    if (thetaOnlyReason !== null) return thetaOnly(study, net, th, input, thetaOnlyReason, steps);
    const network = net.network!;
    const loss = flowLoss(study, input);
    const T = input.T ?? 1;
    const rtol = input.rtol ?? 1e-11;
    const tol = input.tol ?? 1e-6;
    const maxSteps = input.maxSteps ?? 1e6;
    const nTimes = input.times ?? 21;
    // a linear comparison is sized before the lifting lists its d coordinates
    if (net.liftingKind === 'matrix') checkBudget(compareLinearFlowsCost(net.widths!, nTimes), budget);
    const lifting = net.lifting();
    const { d, D } = lifting;
    // per time: z along both flows, the drift of every law, the deviation, losses and times
    const perTime = 2 * d + network.lawNodes.length + 8;
    checkResultSize(study, 'times', nTimes, nTimes * perTime, `${nTimes} output times of ${perTime} numbers`);
    const nIn = network.inputs.length;
    const nOut = network.outputs.length;
    const data = loss.kind === 'mse' ? readData(study, input.data, nIn, nOut) : undefined;
    // the ETA of the one long unit: the model's construction and both integrations, as estimated
    const costLoss = {
      type: loss.kind === 'mse' ? ('mse' as const) : ('synthetic' as const),
      samples: data?.samples ?? 0,
    } as unknown as FlowLoss;
    await steps.next(
      `integrating the theta-flow and the intrinsic z-flow of ${net.label} to T = ${T}`,
      estimateOf(() =>
        net.liftingKind === 'matrix'
          ? compareLinearFlowsCost(net.widths!, nTimes)
          : {
              work:
                pathIntrinsicModelCost(network).work +
                compareFlowsCost(
                  { lifting, network, representative: () => th.theta } as unknown as IntrinsicModel,
                  {
                    times: { length: nTimes },
                    loss: costLoss,
                  },
                ).work,
            },
      ),
    );
    // the output times are allocated only once the comparison's estimate is within the budget
    const solver = (times: Float64Array) => ({ times, rtol, atol: rtol / 10, maxSteps, budget });
    let run: Omit<
      FlowResult,
      | 'schema'
      | 'net'
      | 'lifting'
      | 'theta'
      | 'loss'
      | 'T'
      | 'rtol'
      | 'd'
      | 'D'
      | 'tol'
      | 'pass'
      | 'figure'
      | 'deviationBeforeCrossing'
    > & { deviationBeforeCrossing?: number | null };
    if (net.liftingKind === 'matrix') {
      const widths = net.widths as number[];
      if (widths.length > 3 && widths.some((w) => w !== widths[0]))
        throw new StudyInputError(
          'net',
          `{study}: the deep linear intrinsic metric needs square layers, got {net} '${net.label}'`,
          { study, standalone: true },
        );
      const weights = unflattenWeights(th.theta, widths);
      const n0 = widths[0]!;
      const nL = widths[widths.length - 1]!;
      const linearLoss: LinearLoss =
        data === undefined
          ? syntheticLoss(nL, n0, { seed: (loss as { seed: number }).seed })
          : mseLinearLoss(data, n0, nL);
      const r = compareLinearFlows(weights, { ...solver(outputTimes(T, nTimes)), loss: linearLoss });
      const doc = linearFlowDoc(r, widths.length - 1, linearLoss);
      run = {
        ...doc,
        model: `linear ${r.model.kind} ${JSON.stringify(r.model)}`,
        recovery: null,
        zLabels: lifting.zLabels.slice(0, d),
        lawLabels: ['max |h(theta(t)) - h(theta(0))| (matrix laws)'],
        lawDriftPerLaw: null,
      };
    } else {
      const synthetic = loss.kind === 'synthetic' ? syntheticLoss(1, d, { seed: loss.seed }) : undefined;
      const flowLoss: FlowLoss =
        synthetic !== undefined
          ? { type: 'synthetic', Y: synthetic.target.to1DArray(), quartic: synthetic.quartic }
          : { type: 'mse', X: data!.X, Y: data!.Y, samples: data!.samples };
      // The comparison is sized before the model is built (building it takes minutes on
      // relu:30-30-30): compareFlowsCost reads only the model's lifting, network and kind.
      const sized = { lifting, network, representative: () => th.theta } as unknown as IntrinsicModel;
      checkBudget(compareFlowsCost(sized, { times: { length: nTimes }, loss: flowLoss }), budget);
      const m = pathIntrinsicModel(network, th.theta, {
        budget,
        ...(maxPaths === undefined ? {} : { maxPaths }),
      });
      const r = compareFlows(m, { ...solver(outputTimes(T, nTimes)), loss: flowLoss });
      const n = r.times.length;
      const h0 = lifting.lawValues(th.theta);
      const perLaw = Array.from(h0, () => new Array<number>(n).fill(0));
      const perTime = new Array<number>(n).fill(0);
      const lossTheta: number[] = [];
      const lossIntrinsic: number[] | null = synthetic === undefined ? null : [];
      const zRow = (z: Float64Array, k: number) => z.subarray(k * d, (k + 1) * d);
      for (let k = 0; k < n; k++) {
        const theta = r.theta.subarray(k * D, (k + 1) * D);
        const h = lifting.lawValues(theta);
        for (let i = 0; i < h.length; i++) {
          const drift = Math.abs(h[i]! - h0[i]!);
          perLaw[i]![k] = drift;
          perTime[k] = Math.max(perTime[k]!, drift);
        }
        if (synthetic !== undefined) {
          lossTheta.push(synthetic.value(rowMatrix(zRow(r.zTheta, k))));
          lossIntrinsic!.push(synthetic.value(rowMatrix(zRow(r.zIntrinsic, k))));
        } else lossTheta.push(mseGradient(network, theta, data!.X, data!.Y, data!.samples).loss);
      }
      run = {
        model: `path-lifting, K(z) = M(theta*(z)) (${m.name})`,
        times: Array.from(r.times),
        zTheta: rowsOf(r.zTheta, n, d),
        zIntrinsic: rowsOf(r.zIntrinsic, n, d),
        deviation: Array.from(r.deviation),
        maxDeviation: r.maxDeviation,
        singularCrossings: r.singularCrossings.map(({ t, neuron, parameter, side, rankDeficiency }) => ({
          kind: 'neuron' as const,
          t,
          neuron,
          parameter,
          side,
          rankDeficiency,
        })),
        lawDrift: r.lawDrift,
        lawDriftPerTime: perTime,
        recovery: r.recovery,
        status: r.status,
        stats: r.stats,
        message: r.message,
        zLabels: lifting.zLabels.slice(0, d),
        lawLabels: network.lawNodes.map((v) => `h(${network.nodes[v]!.id})`),
        lawDriftPerLaw: perLaw,
        lossTheta,
        lossIntrinsic,
        initialResidual: null,
        pieces: null,
        skippedTimes: [],
        noIntrinsicFlow: null,
        fittedLambdas: null,
      };
    }
    steps.check();
    const finished = run.status.theta === 'success' && run.status.intrinsic === 'success';
    // Path models: past the first crossing of a non-recoverable point z alone no longer determines
    // K, so the agreement is judged on the output times before it (MATH.md §3: the property holds
    // on a dense set, not everywhere). Linear models: judged piece by piece between rank drops.
    let deviationBeforeCrossing: number | null;
    let pass: boolean;
    if (run.pieces !== null) {
      deviationBeforeCrossing = run.deviationBeforeCrossing ?? null;
      pass = linearFlowAgrees({ ...run, pieces: run.pieces }, tol);
    } else {
      const until = run.singularCrossings[0]?.t ?? null;
      let before = 0;
      for (let k = 0; k < run.times.length; k++) {
        if (until !== null && run.times[k]! >= until) break;
        before = Math.max(before, run.deviation[k] ?? 0);
      }
      deviationBeforeCrossing = before;
      pass = finished && before <= tol;
    }
    const {
      message,
      zLabels,
      lawLabels,
      lawDriftPerLaw,
      lossTheta,
      lossIntrinsic,
      initialResidual,
      pieces,
      skippedTimes,
      noIntrinsicFlow,
      fittedLambdas,
      ...head
    } = run;
    return {
      schema: 'idyn.flow/1',
      net: net.label,
      lifting: net.liftingKind,
      model: head.model,
      theta: { source: th.source, values: Array.from(th.theta) },
      loss:
        loss.kind === 'synthetic'
          ? { kind: 'synthetic', seed: loss.seed }
          : { kind: 'mse', data: input.dataLabel ?? 'input' },
      T,
      rtol,
      d,
      D,
      times: head.times,
      zTheta: head.zTheta,
      zIntrinsic: head.zIntrinsic,
      deviation: head.deviation,
      maxDeviation: head.maxDeviation,
      singularCrossings: head.singularCrossings,
      deviationBeforeCrossing,
      lawDrift: head.lawDrift,
      lawDriftPerTime: head.lawDriftPerTime,
      recovery: head.recovery,
      status: head.status,
      stats: head.stats,
      tol,
      pass,
      figure: null,
      message,
      zLabels,
      lawLabels,
      lawDriftPerLaw,
      lossTheta,
      lossIntrinsic,
      initialResidual,
      pieces,
      skippedTimes,
      noIntrinsicFlow,
      fittedLambdas,
      method: 'dopri5',
    };
  },
});

/** The `loss` input of a flow: synthetic:SEED or mse (with `data`); a teacher loss is the ensemble's. */
function flowLoss(study: string, input: FlowInput): Exclude<LossSpec, { kind: 'teacher' }> {
  const lossText = input.loss ?? 'synthetic:0';
  const loss = parseLoss(study, lossText);
  if (loss.kind === 'teacher')
    throw new StudyInputError(
      'loss',
      `{loss} must be synthetic:SEED or mse (with {data}), got '${lossText}'`,
      {
        study,
        standalone: true,
      },
    );
  if (loss.kind !== 'mse' && input.data !== undefined)
    throw new StudyInputError('data', `{data} needs {loss} mse, got {loss} '${lossText}'`, {
      study,
      standalone: true,
    });
  return loss;
}

/** Default step cap of a θ-flow without an intrinsic flow (larger nets, many ReLU kinks). */
const THETA_ONLY_MAX_STEPS = 20_000;

/**
 * Refuses the fields of the other method: `method` gd needs `eta` and outputs every step (no
 * `times`); `eta`, `batchSize` and `seed` need gd. Shared with `studyCost`.
 * @throws StudyInputError naming the field
 */
export function checkMethodFields(study: string, input: FlowInput): void {
  if ((input.method ?? 'dopri5') === 'gd') {
    if (input.eta === undefined)
      throw new StudyInputError('eta', '{method} gd needs {eta}', { study, standalone: true });
    if (input.times !== undefined)
      throw new StudyInputError('times', '{times} applies to {method} dopri5 (gd outputs every step)', {
        study,
        standalone: true,
      });
  } else
    for (const f of ['eta', 'batchSize', 'seed'] as const)
      if (input[f] !== undefined)
        throw new StudyInputError(f, `{${f}} needs {method} gd`, { study, standalone: true });
}

/** The step sizes of `method` gd, as a list. */
export function etasOf(input: FlowInput): number[] {
  return typeof input.eta === 'number' ? [input.eta] : [...(input.eta ?? [])];
}

/**
 * A run without an intrinsic flow: the θ-flow with the known laws monitored (shared networks,
 * attention), or discrete gradient steps with the identity Δh = η² gᵀAg checked (method gd).
 */
async function thetaOnly(
  study: string,
  net: ReturnType<typeof resolveNet>,
  th: ReturnType<typeof resolveTheta>,
  input: FlowInput,
  noIntrinsicFlow: string,
  steps: Steps,
): Promise<FlowResult> {
  const loss = flowLoss(study, input);
  const network = net.network;
  const data =
    loss.kind === 'mse'
      ? network === undefined
        ? undefined
        : readData(study, input.data, network.inputs.length, network.outputs.length)
      : undefined;
  const T = input.T ?? 1;
  const tol = input.tol ?? 1e-6;
  const objective = thetaLoss(study, net, loss, data);
  const lossDoc: FlowResult['loss'] =
    loss.kind === 'synthetic'
      ? { kind: 'synthetic', seed: loss.seed }
      : { kind: 'mse', data: input.dataLabel ?? 'input' };
  const head = {
    schema: 'idyn.flow/1' as const,
    net: net.label,
    lifting: net.liftingKind as FlowResult['lifting'],
    theta: { source: th.source, values: Array.from(th.theta) },
    loss: lossDoc,
    T,
    d: objective.d,
    D: th.theta.length,
    zIntrinsic: [],
    deviation: [],
    maxDeviation: null,
    singularCrossings: [],
    deviationBeforeCrossing: null,
    recovery: null,
    tol,
    figure: null,
    lossIntrinsic: null,
    initialResidual: null,
    noIntrinsicFlow,
    pieces: null,
    fittedLambdas: null,
  };
  const noStats = { nfev: 0, accepted: 0, rejected: 0 };
  if (input.method === 'gd') {
    const etas = etasOf(input);
    await steps.next(
      `${input.batchSize === undefined ? 'gradient descent' : `SGD, batch ${input.batchSize}`} on ${net.label}, eta ${etas.join(', ')}, T = ${T}`,
    );
    const r = runDiscreteSteps(study, net, th.theta, objective, {
      etas,
      T,
      seed: input.seed ?? 0,
      budget: budgetOf(input),
      ...(input.batchSize === undefined ? {} : { batchSize: input.batchSize }),
    });
    const run = r.run;
    const { perLaw, perTime } = discreteDrift(run);
    const finalLoss = objective.loss(run.theta, new Float64Array(run.theta.length));
    const residuals = [run.maxIdentityResidual, ...(r.sweep?.maxIdentityResidual ?? [])];
    const pass = run.status === 'success' && residuals.every((x) => x <= IDENTITY_TOL);
    return {
      ...head,
      model: `${run.batchSize === null ? 'gradient descent' : `mini-batch SGD (batch ${run.batchSize}, seed ${input.seed ?? 0})`} theta_{k+1} = theta_k - eta g_k, eta = ${run.eta}, ${run.steps} steps (MATH.md §7: each step changes a quadratic law h = theta^T A theta by exactly eta^2 g^T A g)`,
      rtol: null,
      times: Array.from({ length: run.steps + 1 }, (_, k) => k * run.eta),
      skippedTimes: Array.from({ length: run.steps + 1 }, (_, k) => k),
      zTheta: [],
      lawDrift: perTime.reduce((a, b) => Math.max(a, b), 0),
      lawDriftPerTime: perTime,
      status: { theta: run.status, intrinsic: 'not-run' },
      stats: { theta: { nfev: run.steps, accepted: run.steps, rejected: 0 }, intrinsic: noStats },
      pass,
      message: {
        theta: `${run.status}: ${run.steps} steps`,
        intrinsic: noIntrinsicFlow,
      },
      zLabels: [],
      lawLabels: r.lawLabels,
      lawDriftPerLaw: perLaw,
      lossTheta: [...Array.from(run.loss), finalLoss],
      method: 'gd',
      discrete: {
        method: run.batchSize === null ? 'gd' : 'sgd',
        eta: run.eta,
        steps: run.steps,
        batchSize: run.batchSize,
        seed: input.seed ?? 0,
        laws: run.lawCount,
        finalDrift: run.finalDrift,
        maxIdentityResidual: run.maxIdentityResidual,
        identityTol: IDENTITY_TOL,
        identityResidual: Array.from(run.identityResidual),
      },
      ...(r.sweep ? { sweep: r.sweep } : {}),
    };
  }
  const rtol = input.rtol ?? 1e-11;
  await steps.next(`integrating the theta-flow of ${net.label} to T = ${T} (no intrinsic flow)`);
  const f = runThetaOnlyFlow(study, net, th.theta, objective, {
    T,
    times: input.times ?? 21,
    rtol,
    atol: rtol / 10,
    budget: budgetOf(input),
    maxSteps: input.maxSteps ?? THETA_ONLY_MAX_STEPS,
  });
  const lawTolerance = tol * f.lawScale;
  return {
    ...head,
    model: 'theta-flow only (no intrinsic metric here), its conservation laws monitored',
    rtol,
    times: f.times,
    skippedTimes: f.times.map((_, k) => k),
    zTheta: f.zTheta,
    lawDrift: f.lawDrift,
    lawDriftPerTime: f.lawDriftPerTime,
    status: { theta: f.status as Status, intrinsic: 'not-run' },
    stats: { theta: f.stats, intrinsic: noStats },
    pass: f.status === 'success' && f.lawDrift <= lawTolerance,
    message: { theta: f.message, intrinsic: noIntrinsicFlow },
    zLabels: f.zLabels,
    lawLabels: f.lawLabels,
    lawDriftPerLaw: f.lawDriftPerLaw,
    lossTheta: f.lossTheta,
    method: 'dopri5',
    lawTolerance,
  };
}

/** z as a 1 × d matrix (the shape the path synthetic loss is defined on). */
function rowMatrix(z: Float64Array): Matrix {
  return new Matrix([Array.from(z)]);
}
