/** A list of values of one axis, or a rule that makes them. Exactly one of the value fields is set. */
export interface SweepAxis {
  /** The axis name: column `axis.<name>` of the store, and what reports group by. */
  readonly name: string;
  /** The input field the value sets, a dotted path; null: none (an axis only templates of other axes name). @default the axis name */
  readonly field?: string | null;
  /** A text in which `{}` is replaced by the value (`relu:2-{}-1`) and `{name}` by the value of axis `name` in the same job. @default the value itself */
  readonly template?: string;
  /** Several input fields set from the one value, each with its template (`{ net: 'random:{}', init: 'gaussian:{}' }`). @default undefined */
  readonly set?: Readonly<Record<string, string>>;
  /** The values, in order. @default undefined */
  readonly values?: readonly unknown[];
  /** `start, start + step, …` up to `stop` excluded (Python's range; floats allowed). @default undefined */
  readonly range?: { readonly start: number; readonly stop: number; readonly step?: number };
  /** `count` evenly spaced values from `start` to `stop`, both included. @default undefined */
  readonly linspace?: { readonly start: number; readonly stop: number; readonly count: number };
  /** `count` geometrically spaced values from `start` to `stop` (both > 0), both included. @default undefined */
  readonly logspace?: { readonly start: number; readonly stop: number; readonly count: number };
  /** `count` seeded draws: uniform [min, max), log-uniform, integers [min, max] or a choice. @default undefined */
  readonly random?: {
    readonly count: number;
    readonly seed: number;
    readonly uniform?: readonly [number, number];
    readonly loguniform?: readonly [number, number];
    readonly integer?: readonly [number, number];
    readonly choice?: readonly unknown[];
  };
}

/** Axes that advance together: one job per position (all of the same length). */
export interface SweepZip {
  /** The zipped axes. */
  readonly zip: readonly SweepAxis[];
}

/**
 * A sweep (schemas/sweep-spec.schema.json): one study of `@idyn/studies` run on a base input with
 * some fields varied along axes. Top-level entries combine as a product (a grid, the first entry
 * outermost); the axes of a `zip` entry advance together.
 */
export interface SweepSpec {
  /** A label for reports. @default the spec file name */
  readonly name?: string;
  /** The study (`laws`, `flow`, …): a key of the `studies` registry. */
  readonly study: string;
  /** The input every job starts from. @default {} */
  readonly base?: Readonly<Record<string, unknown>>;
  /** The grid. @default [] (one job: the base input) */
  readonly axes?: readonly (SweepAxis | SweepZip)[];
  /** Result fields kept in the store (dotted paths, each keeping its subtree). @default the whole result */
  readonly outputs?: readonly string[];
  /** Seconds one job may run before its thread is stopped. @default no limit */
  readonly timeout?: number;
  /** Queue runs of a job that throws (crash, timeout) before it is recorded as failed. @default 3 */
  readonly attempts?: number;
}
