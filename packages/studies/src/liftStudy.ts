import { mseGradient } from '@idyn/graph';
import { countPaths, type PathLifting, pathCotangentVjp, pathLiftingCost, pathNorm } from '@idyn/lifting';
import { maxAbsDiff } from '@idyn/linalg';
import inputSchema from '../schemas/lift.input.schema.json' with { type: 'json' };
import resultSchema from '../schemas/lift.schema.json' with { type: 'json' };
import type { NetInput, ThetaInput } from './NetInput.js';
import type { DataInput } from './parseDataSet.js';
import { StudyInputError } from './StudyInputError.js';
import { readData } from './internal/data.js';
import { defineStudy } from './internal/defineStudy.js';
import { budgetOf, estimateOf, maxPathsOf } from './internal/budget.js';
import { checkOverflow } from './internal/finite.js';
import { type LiftingKind, resolveNet } from './internal/net.js';
import { resolveTheta } from './internal/theta.js';

/** Input of the `lift` study (schemas/lift.input.schema.json). */
export interface LiftInput extends NetInput, ThetaInput {
  /** Data (networks): adds ∂Φ(θ)ᵀG for the cotangent G of the mean squared error on it. @default undefined */
  readonly data?: DataInput;
  /** Name of the data in the result. @default 'input' */
  readonly dataLabel?: string;
}

/** Result of the `lift` study: the `idyn.lift/1` document (schemas/lift.schema.json). */
export interface LiftResult {
  /** `idyn.lift/1`. */
  readonly schema: 'idyn.lift/1';
  /** The net's name. */
  readonly net: string;
  /** Which lifting was used. */
  readonly lifting: LiftingKind;
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
  /** With data: ∂Φ(θ)ᵀG of the mean squared error (its gradient), without enumeration. */
  readonly cotangent?: {
    readonly data: string;
    readonly samples: number;
    /** 1/(2N) Σ_s ‖net(x_s) − y_s‖². */
    readonly loss: number;
    /** ∂ΦᵀG, length D. */
    readonly values: readonly number[];
    /** ‖∂ΦᵀG‖₂. */
    readonly norm: number;
    /** max |∂ΦᵀG − the enumerated route|, null when not enumerated. */
    readonly enumeratedDifference: number | null;
  };
}

/**
 * The `lift` study: the exact number of paths (without enumerating them), z = φ(θ) and the
 * path-norms ‖Φ(θ)‖₁, ‖Φ(θ)‖₂² by one forward pass each (MATH.md §1). Networks with more than
 * `maxPaths` paths are counted and normed, not enumerated (`phi` and `d` null). With `data`, also
 * ∂Φ(θ)ᵀG for the path cotangent G of the mean squared error on the data, by one forward and one
 * backward pass (`pathCotangentVjp`, MATH.md §0, §7), checked against the enumerated route when the
 * paths are enumerated. `attention:…` gives z = (W_Q W_Kᵀ, W_O W_Vᵀ) (no paths).
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
  units: (input) => (input.data === undefined ? 2 : 3),
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
      checkOverflow('the path-norm ||Phi(theta)||_1', [pathNorms.l1], '(theta is too large)');
      checkOverflow('the path-norm ||Phi(theta)||_2^2', [pathNorms.l2squared], '(theta is too large)');
    }
    if (input.data !== undefined && net.network === undefined)
      throw new StudyInputError('data', `{data} needs a network, got {net} '${net.label}'`, {
        study: 'lift',
        standalone: true,
      });
    let phi: LiftResult['phi'] = null;
    let d: number | null = null;
    let liftingName: string = net.liftingKind;
    if (enumerate) {
      const network = net.network;
      await steps.next(
        'evaluating z = phi(theta)',
        network === undefined ? undefined : estimateOf(() => pathLiftingCost(network)),
      );
      const lifting = net.lifting();
      liftingName = lifting.name;
      const z = lifting.phi(th.theta);
      checkOverflow('z = phi(theta)', z, '(theta is too large)');
      d = lifting.d;
      phi = Array.from(z, (value, i) => ({ label: lifting.zLabels[i] ?? `z${i}`, value }));
    }
    let cotangent: LiftResult['cotangent'];
    if (input.data !== undefined && net.network !== undefined) {
      const network = net.network;
      const data = readData('lift', input.data, network.inputs.length, network.outputs.length);
      await steps.next(`DPhi^T G of the mean squared error on ${data.samples} samples`);
      const N = data.samples;
      const mse = mseGradient(network, th.theta, data.X, data.Y, N);
      const C = mse.residual.map((r) => r / N);
      const values = pathCotangentVjp(network, th.theta, data.X, C, N);
      let enumeratedDifference: number | null = null;
      if (enumerate && net.liftingKind === 'path') {
        const lift = net.lifting() as PathLifting;
        const G = lift.dataCotangent(th.theta, data.X, C, N);
        enumeratedDifference = maxAbsDiff(values, lift.vjp(th.theta, G));
      }
      cotangent = {
        data: input.dataLabel ?? 'input',
        samples: N,
        loss: mse.loss,
        values: Array.from(values),
        norm: Math.sqrt(values.reduce((sum, v) => sum + v * v, 0)),
        enumeratedDifference,
      };
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
      ...(cotangent ? { cotangent } : {}),
    };
  },
});
