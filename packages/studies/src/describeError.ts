import { BudgetError, OverflowError } from '@idyn/linalg';
import errorSchema from '../schemas/error.schema.json' with { type: 'json' };
import type { JsonSchema } from './Study.js';
import { StudyAbortError } from './StudyAbortError.js';
import { type InputLabels, StudyInputError } from './StudyInputError.js';
import { oneLine } from './internal/text.js';

/** The JSON Schema of {@link ErrorDocument} (schemas/error.schema.json, `idyn.error/1`). */
export const ERROR_SCHEMA: JsonSchema = errorSchema;

/**
 * What kind of failure: `usage` (the command line), `input` (a value), `file` (a file named by the
 * user), `budget` (the estimated cost is above a budget), `overflow` (a quantity left float64),
 * `output` (an output file cannot be written), `aborted`, `internal` (a bug).
 */
export type ErrorCode =
  | 'usage'
  | 'input'
  | 'file'
  | 'budget'
  | 'overflow'
  | 'output'
  | 'aborted'
  | 'internal';

/** A failure in a front end's words: the body of an `idyn.error/1` document. */
export interface ErrorDetails {
  /** The kind of failure. */
  readonly code: ErrorCode;
  /** One line, in the front end's words (its option names, never an internal function). */
  readonly message: string;
  /** The front end's option or argument at fault (`--max-memory`, `<net>`), when it has one. */
  readonly option?: string;
  /** The study input field or the quantity at fault (`maxMemoryBytes`, `data`, `z`). */
  readonly field?: string;
  /** The file at fault, as the user named it. */
  readonly file?: string;
  /** The line of that file. */
  readonly line?: number;
  /** For `budget`: the quantity, the estimate and the limit (decimal strings). */
  readonly budget?: { readonly quantity: string; readonly value: string; readonly limit: string };
  /** The exit code a command line reports (2 for everything but `internal`, 3). */
  readonly exit?: number;
}

/** The `idyn.error/1` document a front end prints instead of a result (schemas/error.schema.json). */
export interface ErrorDocument {
  /** `idyn.error/1`. */
  readonly schema: 'idyn.error/1';
  /** What failed. */
  readonly error: ErrorDetails;
}

/** Labels of {@link describeError}: the study's {@link InputLabels} and how to suggest a budget. */
export interface ErrorLabels extends InputLabels {
  /**
   * A value of the budget option `field` (a study input field such as `maxMemoryBytes`) that admits
   * `needed`, in the front end's syntax (the CLI: `8GiB`). @default the number
   */
  example?(field: string, needed: number | bigint): string | undefined;
}

// `createNetwork: …`, `path[7 nodes, 12 edges].vjp: …`, `compareFlows: …`: a function's name
// heads many package messages; a user never typed it.
const INTERNAL_HEAD =
  /^(?:[a-z][a-z0-9]*[A-Z][\w$]*(?:\.[\w$]+)*|[\w$]+\[[^\]]*\](?:\.[\w$]+)+|[\w$]+\.[\w$]+(?:\.[\w$]+)*)(?:\(\))?: /;
const OPTIONS_REF = /\boptions\.([A-Za-z_$][\w$]*)((?:\.[\w$]+|\[\d+\])*)/g;

/**
 * A package's message in a front end's words: leading internal function names are dropped,
 * `options.<name>` becomes the front end's name of that input field (or the bare name), and
 * `got undefined (missing)` reads as missing.
 *
 * @param message - the message of a package error
 * @param labels - the front end's names of input fields
 * @returns one line
 * @example
 * publicMessage('createNetwork: spec.nodes must be an array, got undefined (missing)');
 * // 'spec.nodes is missing (must be an array)'
 * publicMessage('findLaws: options.maxUnknowns = 4000 is too small', { field: (f) => `--${f}` });
 * // '--maxUnknowns = 4000 is too small'
 */
export function publicMessage(message: string, labels: InputLabels = {}): string {
  let m = oneLine(message);
  for (let k = 0; k < 4 && INTERNAL_HEAD.test(m); k++) m = m.replace(INTERNAL_HEAD, '');
  m = m.replace(
    OPTIONS_REF,
    (_whole, name: string, rest: string) => `${labels.field?.(name) ?? name}${rest}`,
  );
  m = m.replace(/^(\S+) must be (.+?), got undefined \(missing\)$/, '$1 is missing (must be $2)');
  // a quoted value of 100 KB (an unknown preset) is shown by its head
  m = m.replace(
    /(["'])([^"'\n]{81,}?)\1/g,
    (_w, q: string, body: string) => `${q}${[...body].slice(0, 60).join('')}…${q}`,
  );
  m = m.replace(/[^\s"']{101,}/g, (word) => `${[...word].slice(0, 60).join('')}…`);
  if (m === 'Maximum call stack size exceeded')
    return 'the input is nested too deeply (the call stack overflowed)';
  if (m === 'Invalid string length')
    return 'the result is too large to write as one JSON text (a string holds at most 2^29 characters): ask for fewer output times, steps or runs';
  return m;
}

function defaultExample(needed: number | bigint): string {
  return typeof needed === 'bigint' ? needed.toString() : String(needed);
}

function budgetDetails(e: BudgetError, labels: ErrorLabels): ErrorDetails {
  const label = labels.field?.(e.option);
  const needed = e.value;
  // a size that overflowed a number (`paths = Infinity`) says nothing: the value names the count
  const head = e.message
    .replace(new RegExp(` \\(${e.option}\\)$`), '')
    .replace(/\w+ = -?Infinity, |, \w+ = -?Infinity(?=\))|\w+ = -?Infinity/g, '');
  const example = labels.example?.(e.option, needed) ?? defaultExample(needed);
  const message =
    label === undefined ? `${head} (a fixed limit)` : `${head}; raise it with ${label} ${example}`;
  return {
    code: 'budget',
    message,
    field: e.option,
    ...(label === undefined ? {} : { option: label }),
    budget: { quantity: e.quantity, value: String(e.value), limit: String(e.limit) },
  };
}

function inputDetails(e: StudyInputError, labels: ErrorLabels): ErrorDetails {
  const root = e.field.split(/[.[]/)[0] ?? e.field;
  const label = labels.field?.(root);
  const text = labels.text?.(root);
  const file = e.line !== undefined && typeof text === 'string' ? text : undefined;
  return {
    code: file !== undefined ? 'file' : 'input',
    message: e.render(labels),
    field: root,
    ...(label === undefined ? {} : { option: label }),
    ...(file === undefined ? {} : { file }),
    ...(e.line === undefined ? {} : { line: e.line }),
  };
}

/**
 * Classifies an error thrown by a study (or by a package under it) and words it with a front
 * end's names: a {@link StudyInputError} is rendered with `labels`; a `BudgetError` names the
 * option that raises the limit (`labels.field` of the budget field, e.g. `maxMemoryBytes` →
 * `--max-memory`) with a value that would admit the run; an `OverflowError` names the quantity
 * that left float64; other RangeError/TypeError/SyntaxError are input errors with internal
 * function names removed ({@link publicMessage}); anything else is `internal` (a bug, exit 3).
 *
 * @param error - what was thrown
 * @param labels - the front end's names of input fields, and how it writes a budget value
 * @returns the code, the one-line message, the option/field at fault and the exit code
 * @example
 * describeError(new StudyInputError('init', 'bad seed', { value: 'gaussian:x' }), { field: (f) => `--${f}` });
 * // { code: 'input', message: "--init 'gaussian:x': bad seed", field: 'init', option: '--init', exit: 2 }
 */
export function describeError(error: unknown, labels: ErrorLabels = {}): ErrorDetails {
  const details = classify(error, labels);
  return { ...details, exit: details.code === 'internal' ? 3 : 2 };
}

function classify(error: unknown, labels: ErrorLabels): ErrorDetails {
  if (error instanceof StudyInputError) return inputDetails(error, labels);
  if (error instanceof BudgetError) return budgetDetails(error, labels);
  if (error instanceof OverflowError)
    return { code: 'overflow', message: publicMessage(error.message, labels), field: error.field };
  if (error instanceof StudyAbortError) return { code: 'aborted', message: publicMessage(error.message) };
  if (
    error instanceof RangeError &&
    (error.message === 'Maximum call stack size exceeded' || error.message === 'Invalid string length')
  )
    return { code: 'input', message: publicMessage(error.message) };
  if (error instanceof RangeError || error instanceof TypeError || error instanceof SyntaxError)
    return { code: 'input', message: publicMessage(error.message, labels) };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: oneLine(message) };
}

/**
 * The `idyn.error/1` document of an error (see {@link describeError}); valid against
 * {@link ERROR_SCHEMA}.
 * @param error - what was thrown
 * @param labels - the front end's names
 * @returns `{ schema: 'idyn.error/1', error: { code, message, option?, field?, … } }`
 * @example
 * errorDocument(new RangeError('bad')).error; // { code: 'input', message: 'bad', exit: 2 }
 */
export function errorDocument(error: unknown, labels: ErrorLabels = {}): ErrorDocument {
  return { schema: 'idyn.error/1', error: describeError(error, labels) };
}
