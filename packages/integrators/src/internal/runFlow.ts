import { createLawMonitor } from '../createLawMonitor.js';
import type { GradientFlowOptions, GradientFlowResult } from '../gradientFlow.js';
import { integrate } from '../integrate.js';
import { type LossFunction, layeredFlowLoss } from '../layeredFlowLoss.js';
import type { LayeredFlowProblem, Observer } from '../types.js';
import { show } from './validate.js';

/** Turns a loss or a layered-flow description into a loss function and its dimension. */
export function resolveLoss(
  fn: string,
  loss: LossFunction | LayeredFlowProblem,
): { loss: LossFunction; dim: number | null } {
  if (typeof loss === 'function') return { loss, dim: null };
  if (loss !== null && typeof loss === 'object' && (loss as { kind?: unknown }).kind === 'layered-flow') {
    const c = layeredFlowLoss(loss);
    return { loss: c.loss, dim: c.dim };
  }
  throw new TypeError(
    `${fn}: loss must be a function (theta, gradient) => value or a layered-flow problem, got ${show(loss)}`,
  );
}

/** Runs θ' = −∇L(θ) with `integrate` and collects loss values and law drift. */
export function runFlow(
  fn: string,
  lossArg: LossFunction | LayeredFlowProblem,
  theta0: ArrayLike<number>,
  options: GradientFlowOptions,
): GradientFlowResult {
  const { loss, dim: knownDim } = resolveLoss(fn, lossArg);
  if (theta0 === null || typeof theta0 !== 'object' || typeof theta0.length !== 'number') {
    throw new TypeError(`${fn}: theta0 must be an array of numbers, got ${show(theta0)}`);
  }
  const D = theta0.length;
  if (knownDim !== null && D !== knownDim) {
    throw new RangeError(`${fn}: theta0 has length ${D}, expected D = ${knownDim}`);
  }
  if (D === 0) throw new RangeError(`${fn}: theta0 has length 0, expected D ≥ 1`);
  const monitor = options.laws === undefined ? null : createLawMonitor(options.laws, theta0);
  const grad = new Float64Array(D);
  const lossValues: number[] = [];
  const user = options.observer;
  const observer: Observer = (t, theta, i) => {
    lossValues.push(loss(theta, grad));
    monitor?.observer(t, theta, i);
    user?.(t, theta, i);
  };
  const rhs = (_t: number, y: Float64Array, dydt: Float64Array): void => {
    loss(y, dydt);
    for (let i = 0; i < D; i++) dydt[i] = -dydt[i]!;
  };
  const r = integrate({ dim: D, rhs }, theta0, { ...options, observer });
  const nt = r.t.length;
  return {
    ...r,
    loss: Float64Array.from(lossValues),
    laws: monitor ? monitor.values() : new Float64Array(0),
    lawCount: monitor ? monitor.count : 0,
    lawDrift: monitor ? monitor.drift() : new Float64Array(nt),
    maxLawDrift: monitor ? monitor.maxDrift() : 0,
  };
}
