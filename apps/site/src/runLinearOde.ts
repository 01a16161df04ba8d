/**
 * The Linear & neural ODE page over the `linear` and `ode` studies of `@idyn/studies` (the studies
 * `idyn linear` and `idyn ode` run): a deep square relaxed balanced linear network, its intrinsic
 * metric K(z) against the exact M(θ) (and Arora's balanced formula), and the convergence of the
 * ResNet metric to the linear neural ODE metric. Runs in the worker.
 */
import { linearStudy, odeStudy } from '@idyn/studies';
import type { AppState } from './state.js';

export type LinearOdeInput = Pick<AppState, 'odeLambda' | 'depth' | 'width' | 'seed'>;

/** ResNet depths of the convergence plot. */
export const RESNET_DEPTHS = [4, 8, 16, 32, 64, 128, 256];
/** Steps of the neural ODE solve (Simpson nodes steps + 1). */
export const ODE_STEPS = 1000;

export interface LinearOdeOutput {
  n: number;
  L: number;
  /** The fitted λ_i of the sampled network. */
  lambdas: number[];
  /** Residual of the relaxed balanced fit U_{i+1}ᵀU_{i+1} − U_iU_iᵀ = λ_i I. */
  residual: number;
  /** M(θ)[G] (exact) and K(z)[G] (intrinsic), row-major n × n. */
  exact: number[][];
  intrinsic: number[][];
  /** max |K(z)[G] − M(θ)[G]| and the same for Arora's balanced formula. */
  intrinsicError: number;
  aroraError: number;
  /** ResNet → ODE: depths and max |ResNet metric − log-mean metric|. */
  resnetL: number[];
  resnetError: number[];
  /** The log-mean closed form against the quadrature of the neural ODE metric. */
  logMeanError: number;
}

/** Runs the page's two studies; throws their input errors (e.g. an infeasible λ). */
export async function runLinearOde(input: LinearOdeInput): Promise<LinearOdeOutput> {
  const n = input.width;
  const L = input.depth;
  const linear = await linearStudy.run({
    net: `linear:${Array.from({ length: L + 1 }, () => n).join('-')}`,
    init: `relaxed:${input.odeLambda}:${input.seed}`,
    seed: input.seed,
    flow: false,
  });
  const ode = await odeStudy.run({
    n,
    lambda: input.odeLambda,
    seed: input.seed,
    steps: ODE_STEPS,
    L: RESNET_DEPTHS,
  });
  const m = linear.metric;
  if (m.error === null || m.intrinsic === null) throw new RangeError(`K(z) is undefined here: ${m.note}`);
  return {
    n,
    L,
    lambdas: [...linear.lambdas],
    residual: linear.residual,
    exact: m.exact.map((row) => [...row]),
    intrinsic: m.intrinsic.map((row) => [...row]),
    intrinsicError: m.error,
    aroraError: m.aroraError ?? Number.NaN,
    resnetL: [...ode.resnet.L],
    resnetError: [...ode.resnet.error],
    logMeanError: ode.quadratureError,
  };
}
