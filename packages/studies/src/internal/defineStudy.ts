import type { JsonSchema, Study, StudyOptions } from '../Study.js';
import { createSteps, type Steps } from './steps.js';
import { toJson } from './json.js';
import { validateInput } from './validate.js';

/** What a study module declares; {@link defineStudy} adds validation, progress, abort and JSON. */
export interface StudyDefinition<Input, Result, Options extends StudyOptions> {
  readonly name: string;
  readonly summary: string;
  readonly inputSchema: JsonSchema;
  readonly resultSchema: JsonSchema;
  /** Units of work of a run (for progress). */
  units(input: Input): number;
  describe(input: Input): string;
  compute(input: Input, steps: Steps, options: Options): Promise<Result> | Result;
}

/** Wraps a study definition: validate the input, run with steps, return plain JSON. */
export function defineStudy<Input, Result, Options extends StudyOptions = StudyOptions>(
  def: StudyDefinition<Input, Result, Options>,
): Study<Input, Result, Options> {
  return {
    name: def.name,
    summary: def.summary,
    inputSchema: def.inputSchema,
    resultSchema: def.resultSchema,
    describe: (input) => def.describe(input),
    async run(input, options = {} as Options) {
      validateInput(def.name, def.inputSchema, input);
      const steps = createSteps(def.name, options, def.units(input));
      const result = await def.compute(input, steps, options);
      steps.finish();
      return toJson(result);
    },
  };
}
