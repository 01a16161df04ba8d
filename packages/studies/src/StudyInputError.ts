/** How a front end names the input fields in messages (the CLI: `--init`, `<net>`). */
export interface InputLabels {
  /** The name shown for an input field, e.g. `init` → `--init`. @default the field name */
  field?(name: string): string | undefined;
  /** The text the user gave for a field (a file name for `theta`), shown quoted after its name; null shows none. @default the value, when it is a string or a number */
  text?(name: string): string | null | undefined;
  /** How the study is named, e.g. `idyn flow`. @default `the <name> study` */
  study?: string;
}

/** Options of {@link StudyInputError}. */
export interface StudyInputErrorOptions {
  /** The study whose input is wrong. @default '' */
  study?: string;
  /** The offending value. @default undefined */
  value?: unknown;
  /** A named part of a compound value (`seed` of `init: 'gaussian:x'`). @default undefined */
  part?: string;
  /** The reason names the field itself (through `{field}` references): no `field 'value':` prefix. @default false */
  standalone?: boolean;
  /** The line of the field's file (a data file) where the value is wrong. @default undefined */
  line?: number;
}

const REF = /\{([A-Za-z][\w-]*)\}/g;

/**
 * Bad input of a study: names the input field, the value and the reason. Every front end renders
 * it in its own words with {@link StudyInputError.render}: the reason may reference other fields as
 * `{field}` and the study as `{study}`, which the front end replaces by its own names (the CLI by
 * its options). `message` is the rendering with the plain field names.
 *
 * @example
 * const e = new StudyInputError('init', 'infeasible lambda', { value: 'relaxed:0.8', study: 'check' });
 * e.message; // "init 'relaxed:0.8': infeasible lambda"
 * e.render({ field: (f) => `--${f}` }); // "--init 'relaxed:0.8': infeasible lambda"
 */
export class StudyInputError extends RangeError {
  /** `'StudyInputError'`. */
  override readonly name = 'StudyInputError';
  /** The study whose input is wrong. */
  readonly study: string;
  /** The input field, e.g. `init`, `theta`, `L[1]`. */
  readonly field: string;
  /** The offending value (undefined when the field is missing). */
  readonly value: unknown;
  /** A named part of a compound value, or undefined. */
  readonly part: string | undefined;
  /** Why the value is refused (may contain `{field}` references). */
  readonly reason: string;
  /** Whether the reason names the field itself. */
  readonly standalone: boolean;
  /** The line of the field's file at fault (data files), or undefined. */
  readonly line: number | undefined;

  /**
   * @param field - the input field
   * @param reason - why it is refused; `{name}` references another field, `{study}` the study
   * @param options - study, value, part, standalone
   */
  constructor(field: string, reason: string, options: StudyInputErrorOptions = {}) {
    super('');
    this.study = options.study ?? '';
    this.field = field;
    this.value = options.value;
    this.part = options.part;
    this.reason = reason;
    this.standalone = options.standalone ?? false;
    this.line = options.line;
    this.message = this.render();
  }

  /**
   * The message in a front end's words.
   * @param labels - how fields and the study are named
   * @returns one line: `<field> '<text>': <reason>` (or `<field> '<text>' <part> <reason>`, or
   *   `<field> '<text>', line <n>: <reason>` when the error has a line)
   * @example
   * new StudyInputError('init', 'must be a number', { value: 'gaussian:x', part: 'seed' }).render();
   * // "init 'gaussian:x' seed must be a number"
   */
  render(labels: InputLabels = {}): string {
    const name = (f: string): string => labels.field?.(f) ?? f;
    const study = labels.study ?? (this.study === '' ? 'the study' : `the ${this.study} study`);
    const reason = this.reason.replace(REF, (whole, ref: string) =>
      ref === 'study' ? study : ref === 'value' ? whole : name(ref),
    );
    if (this.standalone) return reason;
    const root = this.field.split(/[.[]/)[0] ?? this.field;
    const given = labels.text?.(root);
    const full = given === null ? undefined : (given ?? plainText(this.value));
    const text = full === undefined ? undefined : excerpt(full);
    const head = `${root === this.field ? name(root) : `${name(root)}${this.field.slice(root.length)}`}${text === undefined || root !== this.field ? '' : ` '${text}'`}${this.line === undefined ? '' : `, line ${this.line}`}`;
    return this.part === undefined ? `${head}: ${reason}` : `${head} ${this.part} ${reason}`;
  }
}

/** A long value (a 100 KB polynomial) is shown by its head and its length, never echoed whole. */
function excerpt(text: string): string {
  const chars = [...text];
  return chars.length <= 80 ? text : `${chars.slice(0, 60).join('')}… (${chars.length} characters)`;
}

function plainText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}
