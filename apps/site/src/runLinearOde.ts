/**
 * The Linear & neural ODE page's computation (pure; runs in the worker): a deep square relaxed
 * balanced linear network, its intrinsic metric K(z) against the exact M(θ) (and against Arora's
 * balanced formula), and the convergence of the ResNet metric to the linear neural ODE metric.
 */
import { createRng, Matrix } from '@idyn/linalg';
import {
  aroraMetric,
  deepIntrinsicMetric,
  linearNetworkMetric,
  logMeanMetric,
  neuralOdeMetric,
  relaxedBalancedDeep,
  relaxedBalancedOdeParameter,
  relaxedBalancedResidual,
  resnetMetric,
  solveLinearOde,
} from '@idyn/linear-ode';
import type { AppState } from './state.js';

export type LinearOdeInput = Pick<AppState, 'odeLambda' | 'depth' | 'width' | 'seed'>;

/** ResNet depths of the convergence plot. */
export const RESNET_DEPTHS = [4, 8, 16, 32, 64, 128, 256];

export interface LinearOdeOutput {
  n: number;
  L: number;
  lambdas: number[];
  /** max |U_{i+1}ᵀU_{i+1} − U_iU_iᵀ − λ_i I| of the sampled network. */
  residual: number;
  /** M(θ)[G] (exact) and K(z)[G] (intrinsic), row-major n × n. */
  exact: number[][];
  intrinsic: number[][];
  /** max |K(z)[G] − M(θ)[G]| and the same for Arora's balanced formula. */
  intrinsicError: number;
  aroraError: number;
  /** ResNet → ODE: depths and max |resnetMetric − neuralOdeMetric|. */
  resnetL: number[];
  resnetError: number[];
  /** The log-mean closed form against the quadrature of the neural ODE metric. */
  logMeanError: number;
}

function maxAbsDiff(a: Matrix, b: Matrix): number {
  let m = 0;
  for (let i = 0; i < a.rows; i++)
    for (let j = 0; j < a.columns; j++) m = Math.max(m, Math.abs(a.get(i, j) - b.get(i, j)));
  return m;
}

/** Runs the page's computation; throws RangeError with the packages' messages (e.g. infeasible λ). */
export function runLinearOde(input: LinearOdeInput): LinearOdeOutput {
  const n = input.width;
  const L = input.depth;
  const lambdas = new Array<number>(L - 1).fill(input.odeLambda);
  const rng = createRng(input.seed);
  const G = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) G.set(i, j, rng.normal());
  const net = relaxedBalancedDeep(n, lambdas, { seed: input.seed });
  const M = linearNetworkMetric(net.weights, G);
  const K = deepIntrinsicMetric(net.z, G, lambdas);
  const arora = aroraMetric(net.z, G, L);

  const ode = relaxedBalancedOdeParameter({ n, lambda: input.odeLambda, seed: input.seed });
  const sol = solveLinearOde(ode.A, { steps: 1000 });
  const limit = neuralOdeMetric(sol, G);
  const resnetError = RESNET_DEPTHS.map((depth) => maxAbsDiff(resnetMetric(ode.A, depth, G).metric, limit));

  return {
    n,
    L,
    lambdas,
    residual: relaxedBalancedResidual(net.weights, lambdas).residual,
    exact: M.to2DArray(),
    intrinsic: K.to2DArray(),
    intrinsicError: maxAbsDiff(K, M),
    aroraError: maxAbsDiff(arora, M),
    resnetL: RESNET_DEPTHS,
    resnetError,
    logMeanError: maxAbsDiff(logMeanMetric(sol.z, G), limit),
  };
}
