/** A JSON Schema document (draft 2020-12), as published under `schemas/`. */
export type JsonSchema = { readonly [key: string]: unknown };

/** One progress report of a study: `done` of `total` units finished, `label` the unit under way. */
export interface StudyProgress {
  /** The study reporting. */
  readonly study: string;
  /** Units of work finished. */
  readonly done: number;
  /** Units of work in all. */
  readonly total: number;
  /** What runs now (e.g. `counting laws (D = 12, d = 12)`), or `done` at the end. */
  readonly label: string;
  /**
   * Estimated seconds of the unit under way, from the packages' cost estimators (work at 1e9
   * operations per second), when the study knows it: the ETA of a long unit that reports nothing
   * until it ends. @default undefined
   */
  readonly estimatedSeconds?: number;
}

/** Options every study accepts (none of them is part of the JSON input). */
export interface StudyOptions {
  /** Checked between units of work: when aborted the study throws a `StudyAbortError`. @default undefined */
  readonly signal?: AbortSignal;
  /** Called before each unit of work and once at the end (`done === total`). @default undefined */
  readonly onProgress?: (progress: StudyProgress) => void;
}

/**
 * A study: a pure function from a JSON input to a JSON result, with the schemas of both. Front
 * ends (the CLI, the site's worker, sweeps) run it by name through `studies`.
 */
export interface Study<Input, Result, Options extends StudyOptions = StudyOptions> {
  /** Registry name, e.g. `laws` (also the CLI command and the result's `idyn.<name>/1`). */
  readonly name: string;
  /** One line: what the study computes. */
  readonly summary: string;
  /** JSON Schema of the input (draft 2020-12). */
  readonly inputSchema: JsonSchema;
  /** JSON Schema of the result (draft 2020-12), `$id` and version as published by the CLI. */
  readonly resultSchema: JsonSchema;
  /**
   * A one-line label of one run, e.g. `laws relu:2-3-2`.
   * @param input - the run's input
   */
  describe(input: Input): string;
  /**
   * Validates the input, runs the study and returns its JSON result.
   * @param input - plain JSON, valid against `inputSchema`
   * @param options - signal and progress callback
   * @throws StudyInputError naming the field and the value; StudyAbortError when aborted
   */
  run(input: Input, options?: Options): Promise<Result>;
}
