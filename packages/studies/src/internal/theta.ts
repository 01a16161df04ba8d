import { initBalanced, initGaussian } from '@idyn/graph';
import type { Matrix } from '@idyn/linalg';
import { createRng } from '@idyn/linalg';
import { relaxedBalancedDeep, relaxedBalancedTwoLayer } from '@idyn/linear-ode';
import type { ThetaInput } from '../NetInput.js';
import { StudyInputError } from '../StudyInputError.js';
import type { ResolvedNet } from './net.js';
import { wrapInput } from './net.js';
import { isNumberText } from './text.js';

/** A parameter vector and how it was obtained. */
export interface ResolvedTheta {
  readonly theta: Float64Array;
  /** `thetaLabel` (e.g. `file:PATH`), `spec` (theta inside the spec), or the init text. */
  readonly source: string;
  /** The relaxed balanced λ_i when `init: 'relaxed:…'` was used. */
  readonly lambdas?: readonly number[];
}

/** Concatenates layer matrices U_1, …, U_L row-major (the matrix-product and preset layout). */
export function flattenWeights(weights: readonly Matrix[]): Float64Array {
  const total = weights.reduce((s, W) => s + W.rows * W.columns, 0);
  const out = new Float64Array(total);
  let k = 0;
  for (const W of weights)
    for (let i = 0; i < W.rows; i++) for (let j = 0; j < W.columns; j++) out[k++] = W.get(i, j);
  return out;
}

function parseNumberPart(study: string, text: string, part: string, s: string): number {
  if (!isNumberText(s))
    throw new StudyInputError('init', `must be a number, got '${s}'`, { study, value: text, part });
  const x = Number(s);
  if (!Number.isFinite(x))
    throw new StudyInputError('init', `must be a finite number, got '${s}'`, { study, value: text, part });
  return x;
}

function parseSeedPart(study: string, text: string, s: string): number {
  const x = parseNumberPart(study, text, 'seed', s);
  if (!Number.isSafeInteger(x) || x < 0 || x >= 2 ** 32)
    throw new StudyInputError('init', `must be an integer in [0, 2^32), got '${s}'`, {
      study,
      value: text,
      part: 'seed',
    });
  return x;
}

function parseScale(
  study: string,
  text: string,
  s: string | undefined,
): number | 'he' | 'glorot' | undefined {
  if (s === undefined) return undefined;
  if (s === 'he' || s === 'glorot') return s;
  const x = parseNumberPart(study, text, 'scale', s);
  if (!(x > 0))
    throw new StudyInputError('init', `must be > 0 (or he, glorot), got '${s}'`, {
      study,
      value: text,
      part: 'scale',
    });
  return x;
}

/**
 * Builds θ from an init text:
 * - `gaussian:SEED[:SCALE]` — seeded N(0, σ²), SCALE a number, `he` (default) or `glorot`;
 * - `balanced:SEED[:SCALE]` — the same, rescaled so that every law h_v = 0 (networks only);
 * - `relaxed:LAMBDA[,LAMBDA…][:SEED]` — relaxed balanced linear network (MATH.md §4.3–4.4):
 *   two layers U^T U − V^T V = λ I, or square deep layers with λ_i (one λ is repeated).
 * @throws StudyInputError on `init` (unknown kind, bad seed, infeasible λ, …)
 */
export function initTheta(study: string, text: string, net: ResolvedNet): ResolvedTheta {
  const fail = (reason: string) => new StudyInputError('init', reason, { study, value: text });
  const wrap = <T>(fn: () => T) => wrapInput(study, 'init', text, fn);
  const parts = text.split(':');
  const kind = parts[0];
  if (kind === 'gaussian' || kind === 'balanced') {
    if (parts.length < 2 || parts.length > 3) throw fail(`expected ${kind}:SEED[:SCALE]`);
    const seed = parseSeedPart(study, text, parts[1] as string);
    const scale = parseScale(study, text, parts[2]);
    if (net.network === undefined) {
      if (kind === 'balanced') throw fail('balanced needs a network, got polynomials');
      const s = scale === undefined || typeof scale === 'string' ? 1 : scale;
      return { theta: createRng(seed).normals(net.D, s), source: text };
    }
    const network = net.network;
    const options = scale === undefined ? { seed } : { seed, scale };
    const theta = wrap(() =>
      kind === 'gaussian' ? initGaussian(network, options) : initBalanced(network, options),
    );
    return { theta, source: text };
  }
  if (kind === 'relaxed') {
    if (parts.length < 2 || parts.length > 3) throw fail('expected relaxed:LAMBDA[,LAMBDA...][:SEED]');
    const lambdas = (parts[1] as string).split(',').map((s) => parseNumberPart(study, text, 'lambda', s));
    const seed = parts[2] === undefined ? 0 : parseSeedPart(study, text, parts[2]);
    const widths = net.widths;
    if (net.liftingKind !== 'matrix' || widths === undefined)
      throw fail(`relaxed balanced inits need a linear: preset without biases, got {net} '${net.label}'`);
    const L = widths.length - 1;
    if (L === 2) {
      if (lambdas.length !== 1) throw fail(`a two-layer network takes one lambda, got ${lambdas.length}`);
      const lambda = lambdas[0]!;
      // z = U V^T with U ∈ R^{n×r}, V ∈ R^{m×r}: linear:m-r-n.
      const [m, r, n] = widths as [number, number, number];
      if (lambda > 0 && r > n)
        throw fail(
          `infeasible lambda = ${lambda} > 0 needs r <= n (hidden width ${r}, output width ${n}) (MATH.md §4.3)`,
        );
      if (lambda < 0 && r > m)
        throw fail(
          `infeasible lambda = ${lambda} < 0 needs r <= m (hidden width ${r}, input width ${m}) (MATH.md §4.3)`,
        );
      const res = wrap(() => relaxedBalancedTwoLayer([m, r, n], lambda, { seed }));
      return { theta: flattenWeights(res.weights), source: text, lambdas: [lambda] };
    }
    if (L < 2) throw fail(`relaxed balanced inits need at least two layers, got ${L}`);
    if (widths.some((w) => w !== widths[0]))
      throw fail(`a deep relaxed balanced init needs square layers, got widths ${widths.join('-')}`);
    const ls = lambdas.length === 1 ? Array.from({ length: L - 1 }, () => lambdas[0]!) : lambdas;
    if (ls.length !== L - 1) throw fail(`depth ${L} takes ${L - 1} lambdas (or one), got ${lambdas.length}`);
    const res = wrap(() => relaxedBalancedDeep(widths[0]!, ls, { seed }));
    return { theta: flattenWeights(res.weights), source: text, lambdas: ls };
  }
  throw fail(
    `unknown kind '${kind}' (expected gaussian:SEED[:SCALE], balanced:SEED[:SCALE] or relaxed:LAMBDA[:SEED])`,
  );
}

/** The init text of ensemble member b: the seed shifted by b. */
export function memberInit(text: string, b: number): string {
  const parts = text.split(':');
  if (parts[0] === 'relaxed') {
    const seed = parts[2] === undefined ? 0 : Number(parts[2]);
    return `relaxed:${parts[1]}:${seed + b}`;
  }
  if (parts.length < 2 || !/^\d+$/.test(parts[1] as string)) return text; // initTheta reports the error
  parts[1] = String(Number(parts[1]) + b);
  return parts.join(':');
}

/**
 * Resolves θ from `theta`, `init`, the spec's own theta, or a default init.
 * @param fallback - the init text used when nothing is given (undefined: θ is required)
 * @throws StudyInputError when both or neither are given, or on any bad value
 */
export function resolveTheta(
  study: string,
  net: ResolvedNet,
  input: ThetaInput,
  fallback?: string,
): ResolvedTheta {
  if (input.theta !== undefined && input.init !== undefined)
    throw new StudyInputError(
      'theta',
      `give either {theta} or {init}, not both (got {init} '${input.init}')`,
      { study, standalone: true },
    );
  if (input.theta !== undefined) {
    if (input.theta.length !== net.D)
      throw new StudyInputError('theta', `theta has length ${input.theta.length}, expected D = ${net.D}`, {
        study,
        value: input.theta,
      });
    return { theta: Float64Array.from(input.theta), source: input.thetaLabel ?? 'input' };
  }
  if (input.init !== undefined) return initTheta(study, input.init, net);
  const specTheta = net.network?.theta;
  if (specTheta !== undefined) return { theta: Float64Array.from(specTheta), source: 'spec' };
  if (fallback !== undefined) return initTheta(study, fallback, net);
  throw new StudyInputError('theta', '{study} needs {theta} or {init} (e.g. gaussian:1)', {
    study,
    standalone: true,
  });
}
