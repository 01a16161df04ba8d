import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Network, parseNetwork } from '@idyn/graph';
import { type Lifting, matrixProductLifting, pathLifting, polynomialLifting } from '@idyn/lifting';
import { parsePolynomialWithVariables } from '@idyn/poly';
import { oneLine, UsageError } from './errors.js';

/** Which lifting `--lifting` asks for. */
export type LiftingChoice = 'auto' | 'path' | 'matrix';

/** A `<net>` argument resolved to a network and/or a lifting. */
export interface ResolvedNet {
  /** The argument as given. */
  readonly source: string;
  /** Where it came from. */
  readonly origin: 'preset' | 'file' | 'polynomials';
  /** The network (absent for polynomials). */
  readonly network?: Network;
  /** `path` (path-lifting), `matrix` (z = U_L ⋯ U_1) or `polynomial`. */
  readonly liftingKind: 'path' | 'matrix' | 'polynomial';
  /** Widths [n_0, …, n_L] of a layered preset (relu:/linear:), for matrix liftings and ensembles. */
  readonly widths?: readonly number[];
  /** Hidden activation and biases of a layered preset. */
  readonly layered?: { readonly activation: 'relu' | 'identity'; readonly bias: 'none' | 'all' | 'hidden' };
  /** Number of parameters. */
  readonly D: number;
  /** The lifting (built on first use: a path-lifting may refuse too many paths). */
  lifting(): Lifting;
}

const LAYERED_RE = /^(relu|linear):(\d+(?:-\d+)+)(\+bias|\+hbias)?$/;

function wrap<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError || error instanceof SyntaxError)
      throw new UsageError(`${what}: ${shortenPresetError(oneLine(error.message))}`);
    throw error;
  }
}

/** Replaces the long list of preset forms in an unknown-preset message by a short one. */
function shortenPresetError(message: string): string {
  const i = message.indexOf('valid forms:');
  if (i < 0) return message;
  return `${message.slice(0, i)}valid forms: relu:W0-...-WL, linear:W0-...-WL, dense:W0-...-WL, resblock:W:B, maxpool:I-H-P-O[:k], each with optional +bias or +hbias (see idyn laws --help)`;
}

function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  let done = false;
  return () => {
    if (!done) {
      value = make();
      done = true;
    }
    return value as T;
  };
}

/**
 * Reads a text file named on the command line.
 * @throws UsageError `<what> 'path': file not found` (or not a file, or unreadable)
 */
export function readTextFile(what: string, path: string, cwd: string): string {
  const full = resolve(cwd, path);
  if (!existsSync(full)) throw new UsageError(`${what} '${path}': file not found`);
  if (!statSync(full).isFile()) throw new UsageError(`${what} '${path}': not a file`);
  try {
    return readFileSync(full, 'utf8');
  } catch (error) {
    throw new UsageError(`${what} '${path}': cannot read (${(error as Error).message})`);
  }
}

function resolvePolynomials(source: string): ResolvedNet {
  const body = source.slice('poly:'.length).trim();
  const what = `<net> '${source}'`;
  if (body.length === 0) throw new UsageError(`${what}: no polynomial after 'poly:'`);
  const texts = body.split(',').map((s) => s.trim());
  texts.forEach((t, i) => {
    if (t.length === 0) throw new UsageError(`${what}: polynomial ${i + 1} is empty`);
  });
  // Parse the sum once to collect every variable in natural order, then each polynomial over them.
  const { variables } = wrap(what, () => parsePolynomialWithVariables(texts.map((t) => `(${t})`).join('+')));
  if (variables.length === 0) throw new UsageError(`${what}: the polynomials have no variables`);
  const polys = texts.map((t) => wrap(what, () => parsePolynomialWithVariables(t, { variables }).polynomial));
  const lifting = wrap(what, () =>
    polynomialLifting(polys, variables, { zLabels: texts, name: 'polynomial' }),
  );
  return {
    source,
    origin: 'polynomials',
    liftingKind: 'polynomial',
    D: variables.length,
    lifting: () => lifting,
  };
}

/**
 * Resolves a `<net>` argument: a preset of `@idyn/graph` (`relu:2-3-2`, `linear:2-3-2+bias`, …), a
 * JSON spec file, or `poly:p1,p2,…` polynomials. `linear:` presets without biases use the matrix
 * product lifting z = U_L ⋯ U_1 unless `choice` is `path`; every other network uses the
 * path-lifting.
 *
 * @param source - the argument
 * @param choice - the `--lifting` option
 * @param cwd - directory for relative file paths
 * @returns the resolved network and lifting
 * @throws UsageError naming the argument and the reason
 */
export function resolveNet(source: string, choice: LiftingChoice, cwd: string): ResolvedNet {
  if (source.startsWith('poly:')) {
    if (choice === 'matrix')
      throw new UsageError(`--lifting matrix needs a linear: preset, got <net> '${source}'`);
    return resolvePolynomials(source);
  }
  let origin: 'preset' | 'file';
  let network: Network;
  const looksLikeFile =
    source.endsWith('.json') || (!source.includes(':') && existsSync(resolve(cwd, source)));
  if (looksLikeFile) {
    origin = 'file';
    const text = readTextFile('<net>', source, cwd);
    if (!text.trim().startsWith('{'))
      throw new UsageError(`<net> '${source}': not a JSON object (a network spec starts with '{')`);
    network = wrap(`<net> '${source}'`, () => parseNetwork(text));
  } else {
    origin = 'preset';
    network = wrap(`<net> '${source}'`, () => parseNetwork(source));
  }
  const m = LAYERED_RE.exec(source.trim());
  const widths = m ? (m[2] as string).split('-').map(Number) : undefined;
  const layered = m
    ? {
        activation: m[1] === 'relu' ? ('relu' as const) : ('identity' as const),
        bias:
          m[3] === '+bias' ? ('all' as const) : m[3] === '+hbias' ? ('hidden' as const) : ('none' as const),
      }
    : undefined;
  const isPlainLinear = layered !== undefined && layered.activation === 'identity' && layered.bias === 'none';
  let liftingKind: 'path' | 'matrix' = 'path';
  if (choice === 'matrix') {
    if (!isPlainLinear)
      throw new UsageError(`--lifting matrix needs a linear: preset without biases, got <net> '${source}'`);
    liftingKind = 'matrix';
  } else if (choice === 'auto' && isPlainLinear) liftingKind = 'matrix';
  const net = network;
  return {
    source,
    origin,
    network: net,
    liftingKind,
    ...(widths ? { widths } : {}),
    ...(layered ? { layered } : {}),
    D: net.D,
    lifting: lazy(() =>
      liftingKind === 'matrix'
        ? wrap(`<net> '${source}'`, () => matrixProductLifting(widths as number[]))
        : wrap(`<net> '${source}'`, () => pathLifting(net)),
    ),
  };
}

/** Parses the `--lifting` option. */
export function liftingChoice(value: string | undefined): LiftingChoice {
  if (value === undefined) return 'auto';
  if (value === 'auto' || value === 'path' || value === 'matrix') return value;
  throw new UsageError(`--lifting must be auto, path or matrix, got '${value}'`);
}
