import { checkCriteriaCost, countLawsCost, countNetworkLawsCost, findLawsCost } from '@idyn/conservation';
import { compareFlowsCost, type FlowLoss, pathIntrinsicModel } from '@idyn/intrinsic';
import { countPathsCost, pathLiftingCost } from '@idyn/lifting';
import type { CostEstimate } from '@idyn/linalg';
import { compareLinearFlowsCost, neuralOdeCost } from '@idyn/linear-ode';
import type { CheckInput } from './checkStudy.js';
import { checkMethodFields, etasOf, type FlowInput } from './flowStudy.js';
import type { LawsInput } from './lawsStudy.js';
import type { LiftInput } from './liftStudy.js';
import type { LinearInput } from './linearStudy.js';
import type { OdeInput } from './odeStudy.js';
import { StudyInputError } from './StudyInputError.js';
import { type StudyName, studies } from './studies.js';
import { readData } from './internal/data.js';
import { outputTimes } from './internal/linear.js';
import { resolveNet } from './internal/net.js';
import { resolveTheta } from './internal/theta.js';
import {
  discreteStepsPlan,
  thetaLossSizes,
  thetaOnlyFlowPlan,
  whyNoIntrinsicFlow,
} from './internal/thetaOnly.js';
import { validateInput } from './internal/validate.js';

/** Two estimates of one run added up: the work adds, the memory peak is the larger one. */
function combine(task: string, a: CostEstimate, b: CostEstimate): CostEstimate {
  return {
    task,
    action: `${a.action}, then ${b.action}`,
    memoryBytes: Math.max(a.memoryBytes, b.memoryBytes),
    work: a.work + b.work,
    sizes: { ...b.sizes, ...a.sizes },
  };
}

function netOf(study: string, input: { net: LawsInput['net']; lifting?: LawsInput['lifting'] }) {
  return resolveNet(study, input.net, input.lifting ?? 'auto');
}

/**
 * The estimated cost of one run of a study, from the estimators of the packages it calls
 * (`countLawsCost`, `countNetworkLawsCost`, `findLawsCost`, `checkCriteriaCost`, `countPathsCost` + `pathLiftingCost`,
 * `compareFlowsCost`, `compareLinearFlowsCost`, `neuralOdeCost`), before anything large is
 * allocated: what a sweep plan adds up over its jobs; `laws` on a network prices the method
 * `countNetworkLaws` chooses (`countNetworkLawsCost`: the trace, or the structural count by its
 * edges); `flow` without an intrinsic flow (shared weights, attention) prices the θ-flow alone, with
 * the network's own gradient as its right-hand side, and discrete steps (`method` gd) all their
 * steps (`gradientStepsCost`). The input is validated as the study validates it. `ensemble`,
 * `tour` and `import` have no estimator (null), nor has `lift` on polynomials.
 *
 * @param name - a registry name (`laws`, `flow`, …)
 * @param input - the study's JSON input
 * @returns the estimate (`work` ~1e9 per second of one core, `memoryBytes` the peak), or null
 * @throws StudyInputError for an unknown study or a bad input (as the study would)
 * @example
 * studyCost('laws', { net: 'relu:2-3-2' })?.work; // ~1e5 operations
 * studyCost('tour', {}); // null
 * @see README of @idyn/linalg (budgets)
 */
export function studyCost(name: string, input: unknown): CostEstimate | null {
  if (!Object.hasOwn(studies, name))
    throw new StudyInputError(
      'study',
      `unknown study '${name}' (studies: ${Object.keys(studies).join(', ')})`,
      {
        standalone: true,
      },
    );
  const study = studies[name as StudyName];
  validateInput(name, study.inputSchema, input);
  switch (name as StudyName) {
    case 'laws': {
      const i = input as LawsInput;
      const net = netOf(name, i);
      const points = i.points ?? 3;
      // networks: the method the study's countNetworkLaws chooses (no path enumerated when structural)
      const count =
        net.network !== undefined && net.liftingKind === 'path'
          ? countNetworkLawsCost(net.network, {
              method: i.blind ? 'lie-trace' : (i.method ?? 'auto'),
              points,
              ...(i.maxPaths === undefined
                ? {}
                : { maxPaths: Math.min(Number(i.maxPaths), Number.MAX_SAFE_INTEGER) }),
            })
          : countLawsCost(net.lifting(), { points });
      return i.formulas
        ? combine('laws', count, findLawsCost(net.lifting(), { degree: i.degree ?? 2 }))
        : count;
    }
    case 'check':
      return checkCriteriaCost(netOf(name, input as CheckInput).lifting());
    case 'lift': {
      const network = netOf(name, input as LiftInput).network;
      if (network === undefined) return null;
      return combine('lift', countPathsCost(network), pathLiftingCost(network));
    }
    case 'flow': {
      const i = input as FlowInput;
      const net = netOf(name, i);
      const times = i.times ?? 21;
      checkMethodFields(name, i);
      const gd = i.method === 'gd';
      if (!gd && net.liftingKind === 'matrix') return compareLinearFlowsCost(net.widths as number[], times);
      if (net.liftingKind === 'polynomial') return null;
      const theta = resolveTheta(name, net, i, 'gaussian:0').theta;
      if (gd || whyNoIntrinsicFlow(net, theta) !== null) {
        // θ-only: discrete steps, or the θ-flow of a net without an intrinsic flow
        const network = net.network;
        const samples =
          i.loss === 'mse' && network !== undefined
            ? readData(name, i.data, network.inputs.length, network.outputs.length).samples
            : 0;
        const sizes = thetaLossSizes(name, net, { kind: i.loss === 'mse' ? 'mse' : 'synthetic' }, samples);
        if (!gd)
          return thetaOnlyFlowPlan(name, net, times, {
            gradientWork: sizes.gradientWork,
            d: sizes.small ? sizes.d : 0,
          }).cost;
        return discreteStepsPlan(
          name,
          net,
          { etas: etasOf(i), T: i.T ?? 1, ...(i.batchSize === undefined ? {} : { batchSize: i.batchSize }) },
          { gradientWork: sizes.gradientWork, samples },
        ).cost;
      }
      const network = net.network!;
      // The estimator reads the loss type and the sample count only.
      const loss: FlowLoss =
        i.loss === 'mse'
          ? {
              type: 'mse',
              X: [],
              Y: [],
              samples: readData(name, i.data, network.inputs.length, network.outputs.length).samples,
            }
          : { type: 'synthetic', Y: [] };
      return compareFlowsCost(pathIntrinsicModel(network, theta), {
        times: outputTimes(i.T ?? 1, times),
        loss,
      });
    }
    case 'linear': {
      const i = input as LinearInput;
      const net = netOf(name, i);
      return net.widths === undefined ? null : compareLinearFlowsCost(net.widths, i.times ?? 21);
    }
    case 'ode': {
      const i = input as OdeInput;
      return neuralOdeCost({ n: i.n ?? 3, steps: i.steps ?? 2000, depths: i.L ?? [25, 50, 100, 200, 400] });
    }
    default:
      return null;
  }
}
