import { initBalanced, initGaussian } from '@idyn/graph';
import { createRng } from '@idyn/linalg';
import { relaxedBalancedDeep, relaxedBalancedTwoLayer } from '@idyn/linear-ode';
import type { Matrix } from '@idyn/linalg';
import { parseInteger, parseNumber } from './args.js';
import { oneLine, UsageError } from './errors.js';
import type { ResolvedNet } from './net.js';
import { readTextFile } from './net.js';

/** A parameter vector and how it was obtained. */
export interface ResolvedTheta {
  readonly theta: Float64Array;
  /** `file:PATH`, `spec` (theta inside the JSON spec), or the --init text. */
  readonly source: string;
  /** The relaxed balanced λ_i when `--init relaxed:` was used. */
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

/**
 * Checks a parameter vector read from the user: length D and finite entries.
 * @throws UsageError naming `what`, the index and the value
 */
export function checkTheta(what: string, theta: ArrayLike<unknown>, D: number): Float64Array {
  if (theta.length !== D)
    throw new UsageError(`${what}: theta has length ${theta.length}, expected D = ${D}`);
  const out = new Float64Array(D);
  for (let i = 0; i < D; i++) {
    const v = theta[i];
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new UsageError(`${what}: theta[${i}] = ${JSON.stringify(v) ?? String(v)} is not a finite number`);
    out[i] = v;
  }
  return out;
}

/** Reads θ from a file: a JSON array, a JSON object with a `theta` array, or numbers separated by commas/whitespace. */
function readThetaFile(path: string, D: number, cwd: string): Float64Array {
  const what = `--theta '${path}'`;
  const text = readTextFile('--theta', path, cwd).trim();
  if (text.startsWith('[') || text.startsWith('{')) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new UsageError(`${what}: malformed JSON (${oneLine((error as Error).message)})`);
    }
    if (value !== null && typeof value === 'object' && !Array.isArray(value))
      value = (value as { theta?: unknown }).theta;
    if (!Array.isArray(value))
      throw new UsageError(`${what}: expected a JSON array of numbers or an object with a "theta" array`);
    return checkTheta(what, value, D);
  }
  const parts = text.length === 0 ? [] : text.split(/[\s,]+/);
  const numberRe = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
  const values: unknown[] = parts.map((p) => (numberRe.test(p) ? Number(p) : p));
  return checkTheta(what, values, D);
}

function wrap<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError)
      throw new UsageError(`${what}: ${oneLine(error.message)}`);
    throw error;
  }
}

function parseScale(what: string, text: string | undefined): number | 'he' | 'glorot' | undefined {
  if (text === undefined) return undefined;
  if (text === 'he' || text === 'glorot') return text;
  const x = parseNumber(`${what} scale`, text);
  if (!(x > 0)) throw new UsageError(`${what}: scale must be > 0, got '${text}'`);
  return x;
}

/**
 * Builds θ from `--init KIND:…`:
 * - `gaussian:SEED[:SCALE]` — seeded N(0, σ²), SCALE a number, `he` (default) or `glorot`;
 * - `balanced:SEED[:SCALE]` — the same, rescaled so that every law h_v = 0 (networks only);
 * - `relaxed:LAMBDA[,LAMBDA…][:SEED]` — relaxed balanced linear network (MATH.md §4.3–4.4):
 *   two layers U^T U − V^T V = λ I, or square deep layers with λ_i (one λ is repeated).
 *
 * @throws UsageError naming --init and the value (unknown kind, bad seed, infeasible λ, …)
 */
export function initTheta(text: string, net: ResolvedNet): ResolvedTheta {
  const what = `--init '${text}'`;
  const parts = text.split(':');
  const kind = parts[0];
  if (kind === 'gaussian' || kind === 'balanced') {
    if (parts.length < 2 || parts.length > 3) throw new UsageError(`${what}: expected ${kind}:SEED[:SCALE]`);
    const seed = parseInteger(`${what} seed`, parts[1] as string);
    const scale = parseScale(what, parts[2]);
    if (net.network === undefined) {
      if (kind === 'balanced') throw new UsageError(`${what}: balanced needs a network, got polynomials`);
      const s = scale === undefined || typeof scale === 'string' ? 1 : scale;
      return { theta: createRng(seed).normals(net.D, s), source: text };
    }
    const network = net.network;
    const options = scale === undefined ? { seed } : { seed, scale };
    const theta = wrap(what, () =>
      kind === 'gaussian' ? initGaussian(network, options) : initBalanced(network, options),
    );
    return { theta, source: text };
  }
  if (kind === 'relaxed') {
    if (parts.length < 2 || parts.length > 3)
      throw new UsageError(`${what}: expected relaxed:LAMBDA[,LAMBDA...][:SEED]`);
    const lambdas = (parts[1] as string).split(',').map((s) => parseNumber(`${what} lambda`, s));
    const seed = parts[2] === undefined ? 0 : parseInteger(`${what} seed`, parts[2]);
    const widths = net.widths;
    if (net.liftingKind !== 'matrix' || widths === undefined)
      throw new UsageError(
        `${what}: relaxed balanced inits need a linear: preset without biases, got <net> '${net.source}'`,
      );
    const L = widths.length - 1;
    if (L === 2) {
      if (lambdas.length !== 1)
        throw new UsageError(`${what}: a two-layer network takes one lambda, got ${lambdas.length}`);
      const lambda = lambdas[0]!;
      // z = U V^T with U ∈ R^{n×r}, V ∈ R^{m×r}: linear:m-r-n.
      const [m, r, n] = widths as [number, number, number];
      if (lambda > 0 && r > n)
        throw new UsageError(
          `${what}: infeasible lambda = ${lambda} > 0 needs r <= n (hidden width ${r}, output width ${n}) (MATH.md §4.3)`,
        );
      if (lambda < 0 && r > m)
        throw new UsageError(
          `${what}: infeasible lambda = ${lambda} < 0 needs r <= m (hidden width ${r}, input width ${m}) (MATH.md §4.3)`,
        );
      const res = wrap(what, () => relaxedBalancedTwoLayer([m, r, n], lambda, { seed }));
      return { theta: flattenWeights(res.weights), source: text, lambdas: [lambda] };
    }
    if (L < 2) throw new UsageError(`${what}: relaxed balanced inits need at least two layers, got ${L}`);
    if (widths.some((w) => w !== widths[0]))
      throw new UsageError(
        `${what}: a deep relaxed balanced init needs square layers, got widths ${widths.join('-')}`,
      );
    const ls = lambdas.length === 1 ? Array.from({ length: L - 1 }, () => lambdas[0]!) : lambdas;
    if (ls.length !== L - 1)
      throw new UsageError(`${what}: depth ${L} takes ${L - 1} lambdas (or one), got ${lambdas.length}`);
    const res = wrap(what, () => relaxedBalancedDeep(widths[0]!, ls, { seed }));
    return { theta: flattenWeights(res.weights), source: text, lambdas: ls };
  }
  throw new UsageError(
    `${what}: unknown kind '${kind}' (expected gaussian:SEED[:SCALE], balanced:SEED[:SCALE] or relaxed:LAMBDA[:SEED])`,
  );
}

/**
 * Resolves θ from `--theta FILE`, `--init KIND:…`, the spec's own theta, or a default init.
 * @param fallback - the --init text used when nothing is given (undefined: θ is required)
 * @throws UsageError when both or neither are given, or on any bad value
 */
export function resolveTheta(
  net: ResolvedNet,
  options: { theta?: string; init?: string; cwd: string },
  fallback?: string,
): ResolvedTheta {
  if (options.theta !== undefined && options.init !== undefined)
    throw new UsageError(
      `give either --theta or --init, not both (got --theta '${options.theta}' and --init '${options.init}')`,
    );
  if (options.theta !== undefined)
    return { theta: readThetaFile(options.theta, net.D, options.cwd), source: `file:${options.theta}` };
  if (options.init !== undefined) return initTheta(options.init, net);
  const specTheta = net.network?.theta;
  if (specTheta !== undefined) return { theta: Float64Array.from(specTheta), source: 'spec' };
  if (fallback !== undefined) return initTheta(fallback, net);
  throw new UsageError('this command needs --theta FILE or --init KIND:SEED (e.g. --init gaussian:1)');
}
