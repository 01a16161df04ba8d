import { type Network, type NetworkSpec, parseNetwork } from '@idyn/graph';
import { type Lifting, matrixProductLifting, pathLifting, polynomialLifting } from '@idyn/lifting';
import { type Budget, BudgetError, OverflowError } from '@idyn/linalg';
import { parsePolynomialWithVariables } from '@idyn/poly';
import type { NetInput } from '../NetInput.js';
import { StudyInputError } from '../StudyInputError.js';
import { publicMessage } from '../describeError.js';

/** The limits of building a path-lifting: the path count and the memory/work budget. */
export interface LiftingLimits {
  /** Most paths enumerated. @default 1000000 (pathLifting's) */
  readonly maxPaths?: number | bigint;
  /** Memory and work budget. @default DEFAULT_BUDGET */
  readonly budget?: Budget;
}

/** Which lifting the `lifting` input asks for. */
export type LiftingChoice = NonNullable<NetInput['lifting']>;

/** The `net` input: a preset, `poly:…`, a JSON spec text, or a spec object. */
export type NetSource = string | NetworkSpec;

/** A `net` input resolved to a network and/or a lifting. */
export interface ResolvedNet {
  /** The name of the net in results (`netLabel`, else the preset text). */
  readonly label: string;
  /** The network (absent for polynomials). */
  readonly network?: Network;
  /** `path` (path-lifting), `matrix` (z = U_L ⋯ U_1) or `polynomial`. */
  readonly liftingKind: 'path' | 'matrix' | 'polynomial';
  /** Widths [n_0, …, n_L] of a layered preset (relu:/linear:). */
  readonly widths?: readonly number[];
  /** Hidden activation and biases of a layered preset. */
  readonly layered?: { readonly activation: 'relu' | 'identity'; readonly bias: 'none' | 'all' | 'hidden' };
  /** Number of parameters. */
  readonly D: number;
  /** The lifting (built on first use: a path-lifting may refuse too many paths). */
  lifting(): Lifting;
}

const LAYERED_RE = /^(relu|linear):(\d+(?:-\d+)+)(\+bias|\+hbias)?$/;

/** Runs `fn`, turning a package's input error into a StudyInputError on `field`. */
export function wrapInput<T>(study: string, field: string, value: unknown, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    // budgets and overflows keep their type: the front end names the option that raises the limit
    if (error instanceof StudyInputError || error instanceof BudgetError || error instanceof OverflowError)
      throw error;
    if (error instanceof TypeError || error instanceof RangeError || error instanceof SyntaxError)
      throw new StudyInputError(field, shortenPresetError(publicMessage(error.message)), { study, value });
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

function resolvePolynomials(study: string, source: string, label: string): ResolvedNet {
  const body = source.slice('poly:'.length).trim();
  const fail = (reason: string) => new StudyInputError('net', reason, { study, value: source });
  if (body.length === 0) throw fail(`no polynomial after 'poly:'`);
  const texts = body.split(',').map((s) => s.trim());
  texts.forEach((t, i) => {
    if (t.length === 0) throw fail(`polynomial ${i + 1} is empty`);
  });
  // Parse the sum once to collect every variable in natural order, then each polynomial over them.
  const wrap = <T>(fn: () => T) => wrapInput(study, 'net', source, fn);
  const { variables } = wrap(() => parsePolynomialWithVariables(texts.map((t) => `(${t})`).join('+')));
  if (variables.length === 0) throw fail('the polynomials have no variables');
  const polys = texts.map((t) => wrap(() => parsePolynomialWithVariables(t, { variables }).polynomial));
  const lifting = wrap(() => polynomialLifting(polys, variables, { zLabels: texts, name: 'polynomial' }));
  return { label, liftingKind: 'polynomial', D: variables.length, lifting: () => lifting };
}

/**
 * Resolves the `net` input: a preset of `@idyn/graph` (`relu:2-3-2`, `linear:2-3-2+bias`, …), a
 * JSON spec (text or object), or `poly:p1,p2,…` polynomials. `linear:` presets without biases use
 * the matrix product lifting z = U_L ⋯ U_1 unless `choice` is `path`; every other network uses the
 * path-lifting, built on first use within `limits` (maxPaths, budget).
 * @throws StudyInputError on `net` (or `lifting`) naming the value and the reason; BudgetError
 *   when the lifting would exceed the limits
 */
export function resolveNet(
  study: string,
  source: NetSource,
  choice: LiftingChoice,
  netLabel?: string,
  limits: LiftingLimits = {},
): ResolvedNet {
  const text = typeof source === 'string' ? source : undefined;
  const label = netLabel ?? text ?? 'spec';
  const shown = netLabel ?? text;
  if (text?.startsWith('poly:')) {
    if (choice === 'matrix')
      throw new StudyInputError('lifting', `matrix needs a linear: preset, got {net} '${shown}'`, {
        study,
        value: 'matrix',
      });
    return resolvePolynomials(study, text, label);
  }
  const network = wrapInput(study, 'net', shown, () => parseNetwork(source));
  const m = text === undefined ? null : LAYERED_RE.exec(text.trim());
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
      throw new StudyInputError(
        'lifting',
        `matrix needs a linear: preset without biases, got {net} '${shown ?? 'spec'}'`,
        { study, value: 'matrix' },
      );
    liftingKind = 'matrix';
  } else if (choice === 'auto' && isPlainLinear) liftingKind = 'matrix';
  return {
    label,
    network,
    liftingKind,
    ...(widths ? { widths } : {}),
    ...(layered ? { layered } : {}),
    D: network.D,
    lifting: lazy(() =>
      liftingKind === 'matrix'
        ? wrapInput(study, 'net', shown, () => matrixProductLifting(widths as number[]))
        : wrapInput(study, 'net', shown, () =>
            pathLifting(network, {
              ...(limits.maxPaths === undefined ? {} : { maxPaths: limits.maxPaths }),
              ...(limits.budget === undefined ? {} : { budget: limits.budget }),
            }),
          ),
    ),
  };
}
