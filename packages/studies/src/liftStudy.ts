import { countPaths, pathNorm } from '@idyn/lifting';
import inputSchema from '../schemas/lift.input.schema.json' with { type: 'json' };
import resultSchema from '../schemas/lift.schema.json' with { type: 'json' };
import type { NetInput, ThetaInput } from './NetInput.js';
import { defineStudy } from './internal/defineStudy.js';
import { budgetOf, maxPathsOf } from './internal/budget.js';
import { resolveNet } from './internal/net.js';
import { resolveTheta } from './internal/theta.js';

/** Input of the `lift` study (schemas/lift.input.schema.json). */
export interface LiftInput extends NetInput, ThetaInput {}

/** Result of the `lift` study: the `idyn.lift/1` document (schemas/lift.schema.json). */
export interface LiftResult {
  /** `idyn.lift/1`. */
  readonly schema: 'idyn.lift/1';
  /** The net's name. */
  readonly net: string;
  /** Which lifting was used. */
  readonly lifting: 'path' | 'matrix' | 'polynomial';
  /** The lifting's own name (e.g. `path[7 nodes, 12 edges]`), or the kind when not enumerated. */
  readonly liftingName: string;
  /** Number of parameters. */
  readonly D: number;
  /** Number of lifted coordinates, null when z was not enumerated. */
  readonly d: number | null;
  /** θ and where it came from. */
  readonly theta: { readonly source: string; readonly values: readonly number[] };
  /** Exact path counts (decimal strings), null for polynomials. */
  readonly paths: { readonly total: string; readonly fromInputs: string; readonly fromBiases: string } | null;
  /** ‖Φ‖₁ and ‖Φ‖₂², null for polynomials. */
  readonly pathNorms: { readonly l1: number; readonly l2squared: number } | null;
  /** z = φ(θ) with labels, null when not enumerated. */
  readonly phi: readonly { label: string; value: number }[] | null;
}

/**
 * The `lift` study: the exact number of paths (without enumerating them), z = φ(θ) and the
 * path-norms ‖Φ(θ)‖₁, ‖Φ(θ)‖₂² by one forward pass each (MATH.md §1). Networks with more than
 * `maxPaths` paths are counted and normed, not enumerated (`phi` and `d` null).
 *
 * @example
 * const r = await liftStudy.run({ net: 'relu:2-3-2', init: 'gaussian:1' });
 * // r.paths.total '12', r.phi[0].label 'x0→h1_0→y0'
 * @see MATH.md §1
 */
export const liftStudy = defineStudy<LiftInput, LiftResult>({
  name: 'lift',
  summary: 'number of paths, the lifted coordinates z = phi(theta) and the path-norms',
  inputSchema,
  resultSchema,
  units: () => 2,
  describe: (input) => `lift ${input.netLabel ?? (typeof input.net === 'string' ? input.net : 'spec')}`,
  async compute(input, steps) {
    const budget = budgetOf(input);
    const maxPaths = maxPathsOf(input.maxPaths) ?? 1_000_000;
    const net = resolveNet('lift', input.net, input.lifting ?? 'auto', input.netLabel, { budget, maxPaths });
    const th = resolveTheta('lift', net, input, 'gaussian:0');
    await steps.next('counting paths and path-norms');
    let paths: LiftResult['paths'] = null;
    let pathNorms: LiftResult['pathNorms'] = null;
    let enumerate = true;
    if (net.network !== undefined) {
      const c = countPaths(net.network, { budget });
      paths = {
        total: c.total.toString(),
        fromInputs: c.fromInputs.toString(),
        fromBiases: c.fromBiases.toString(),
      };
      enumerate = c.total <= BigInt(maxPaths);
      pathNorms = {
        l1: pathNorm(net.network, th.theta, { q: 1, gradient: false }).value,
        l2squared: pathNorm(net.network, th.theta, { q: 2, gradient: false }).value,
      };
    }
    let phi: LiftResult['phi'] = null;
    let d: number | null = null;
    let liftingName: string = net.liftingKind;
    if (enumerate) {
      await steps.next('evaluating z = phi(theta)');
      const lifting = net.lifting();
      liftingName = lifting.name;
      const z = lifting.phi(th.theta);
      d = lifting.d;
      phi = Array.from(z, (value, i) => ({ label: lifting.zLabels[i] ?? `z${i}`, value }));
    }
    return {
      schema: 'idyn.lift/1',
      net: net.label,
      lifting: net.liftingKind,
      D: net.D,
      d,
      theta: { source: th.source, values: Array.from(th.theta) },
      paths,
      pathNorms,
      phi,
      liftingName,
    };
  },
});
