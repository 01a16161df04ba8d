/**
 * Value type of an option: `size` is a byte count with a unit (`8GB`, `512MiB`, `2e9`), `count` a
 * non-negative integer of any size (above 2^53 it is kept as its decimal string).
 */
export type OptionType = 'boolean' | 'string' | 'number' | 'integer' | 'numbers' | 'size' | 'count';

/** One option: declared once here, used by name in the commands. */
export interface OptionSpec {
  /** Long name without the dashes, e.g. `T` for `--T`. */
  readonly name: string;
  readonly type: OptionType;
  /** One-letter alias without the dash. */
  readonly short?: string;
  /** Placeholder in the help, e.g. `SEED`. */
  readonly value?: string;
  /** One-line description (with the default). */
  readonly description: string;
  /** Smallest accepted value (number, integer and numbers options). */
  readonly min?: number;
  /** Whether the smallest value is excluded (strictly greater than `min`). */
  readonly exclusiveMin?: boolean;
  /** The study input field the option sets (absent: a CLI-only option). */
  readonly field?: string;
}

/** Options every command accepts. */
export const COMMON_OPTIONS: readonly OptionSpec[] = [
  { name: 'help', short: 'h', type: 'boolean', description: 'show this help and exit' },
  {
    name: 'json',
    type: 'boolean',
    description: 'print one JSON document (schema in the output) instead of text',
  },
  { name: 'quiet', short: 'q', type: 'boolean', description: 'no progress on stderr' },
  { name: 'debug', type: 'boolean', description: 'print stack traces of errors' },
  { name: 'no-color', type: 'boolean', description: 'no colours (also when NO_COLOR is set or not a TTY)' },
];

const positive = { min: 0, exclusiveMin: true } as const;

/**
 * Every command option, declared once: name, type, placeholder, lower bound and the study input
 * field it sets. A command picks options by name and may reword the description (its default).
 */
export const OPTIONS = {
  theta: {
    name: 'theta',
    type: 'string',
    value: 'FILE',
    field: 'theta',
    description: 'parameters: JSON array, {"theta": [...]}, or numbers separated by commas/spaces',
  },
  init: {
    name: 'init',
    type: 'string',
    value: 'KIND:...',
    field: 'init',
    description: 'gaussian:SEED[:SCALE] | balanced:SEED[:SCALE] | relaxed:LAMBDA[,LAMBDA...][:SEED]',
  },
  lifting: {
    name: 'lifting',
    type: 'string',
    value: 'KIND',
    field: 'lifting',
    description: 'auto (default), path (path-lifting) or matrix (z = U_L...U_1, linear: presets)',
  },
  loss: { name: 'loss', type: 'string', value: 'LOSS', field: 'loss', description: 'the loss' },
  data: {
    name: 'data',
    type: 'string',
    value: 'FILE',
    field: 'data',
    description:
      'data for --loss mse: CSV (inputs then outputs per line) or JSON {"X": [[...]], "Y": [[...]]}',
  },
  T: { name: 'T', type: 'number', value: 'T', ...positive, field: 'T', description: 'final time' },
  times: {
    name: 'times',
    type: 'integer',
    value: 'N',
    min: 2,
    field: 'times',
    description: 'number of output times in [0, T]',
  },
  rtol: {
    name: 'rtol',
    type: 'number',
    value: 'RTOL',
    ...positive,
    field: 'rtol',
    description: 'DOPRI5 relative tolerance',
  },
  tol: {
    name: 'tol',
    type: 'number',
    value: 'TOL',
    ...positive,
    field: 'tol',
    description: 'pass threshold',
  },
  seed: { name: 'seed', type: 'integer', value: 'S', min: 0, field: 'seed', description: 'seed' },
  out: { name: 'out', type: 'string', value: 'DIR', description: 'write the figures to DIR' },
  formulas: {
    name: 'formulas',
    type: 'boolean',
    field: 'formulas',
    description: 'print the polynomial laws of degree --degree',
  },
  degree: {
    name: 'degree',
    type: 'integer',
    value: 'K',
    min: 1,
    field: 'degree',
    description: 'degree of the laws printed by --formulas (default 2)',
  },
  blind: {
    name: 'blind',
    type: 'boolean',
    field: 'blind',
    description: 'ignore the known laws: bracket until no level adds a field',
  },
  points: {
    name: 'points',
    type: 'integer',
    value: 'N',
    min: 1,
    field: 'points',
    description: 'number of random points (default 3)',
  },
  style: {
    name: 'style',
    type: 'string',
    value: 'STYLE',
    description: 'formula style: unicode (default), ascii or latex',
  },
  show: {
    name: 'show',
    type: 'integer',
    value: 'N',
    min: 0,
    description: 'coordinates of z printed in text mode (default 20; JSON prints all)',
  },
  n: { name: 'n', type: 'integer', value: 'N', min: 1, field: 'n', description: 'width (default 3)' },
  lambda: {
    name: 'lambda',
    type: 'string',
    value: 'LAMBDA',
    field: 'lambda',
    description: "constant lambda, or 'sin' for lambda(s) = 2 sin 3s (default 0.5)",
  },
  steps: {
    name: 'steps',
    type: 'integer',
    value: 'K',
    min: 2,
    field: 'steps',
    description: 'ODE steps, even (Simpson nodes K+1; default 2000)',
  },
  L: {
    name: 'L',
    type: 'numbers',
    value: 'L1,L2,...',
    min: 1,
    field: 'L',
    description: 'ResNet depths (default 25,50,100,200,400)',
  },
  runs: {
    name: 'runs',
    type: 'integer',
    value: 'B',
    min: 1,
    field: 'runs',
    description: 'number of flows (default 256)',
  },
  backend: {
    name: 'backend',
    type: 'string',
    value: 'NAME',
    field: 'backend',
    description: 'gpu (default: @idyn/integrators-gpu) or cpu (@idyn/integrators, float64)',
  },
  mode: {
    name: 'mode',
    type: 'string',
    value: 'MODE',
    field: 'mode',
    description: 'gpu.js mode: gpu (auto, default), headlessgl, webasm or cpu',
  },
  'min-gpu-batch': {
    name: 'min-gpu-batch',
    type: 'integer',
    value: 'N',
    min: 0,
    field: 'minGpuBatch',
    description: 'smaller batches run on the CPU float64 backend (default: the backend default, 64)',
  },
  'max-steps': {
    name: 'max-steps',
    type: 'integer',
    value: 'N',
    min: 1,
    field: 'maxSteps',
    description: 'step cap per member (default 100000)',
  },
  quick: {
    name: 'quick',
    type: 'boolean',
    field: 'quick',
    description: 'reduced profile: fewer quadrature points and depths',
  },
  only: {
    name: 'only',
    type: 'string',
    value: 'TEXT',
    field: 'only',
    description: 'run only the rows whose id contains TEXT (e.g. laws, flows, ode)',
  },
  'no-report': { name: 'no-report', type: 'boolean', description: 'do not write the HTML report' },
  'max-memory': {
    name: 'max-memory',
    type: 'size',
    value: 'SIZE',
    field: 'maxMemoryBytes',
    description:
      'memory budget: a run estimated above it is refused before it allocates (default 2GiB; units B, KB, MB, GB, TB, KiB, MiB, GiB, TiB)',
  },
  'max-work': {
    name: 'max-work',
    type: 'number',
    value: 'OPS',
    ...positive,
    field: 'maxWork',
    description:
      'work budget in elementary operations, 1e9 about one second of one core (default 1e12, about a quarter of an hour)',
  },
  'max-paths': {
    name: 'max-paths',
    type: 'count',
    value: 'N',
    min: 1,
    field: 'maxPaths',
    description: 'largest number of paths enumerated for z = phi(theta) (default 1000000; any integer)',
  },
  'max-unknowns': {
    name: 'max-unknowns',
    type: 'integer',
    value: 'N',
    min: 1,
    field: 'maxUnknowns',
    description: 'largest number of unknown coefficients of --formulas (default 4000)',
  },
} as const satisfies Record<string, OptionSpec>;

/**
 * The budget options every command takes (memory and work). `--max-paths` and `--max-unknowns`
 * belong to the commands that enumerate paths or solve for formulas.
 */
export const BUDGET_OPTIONS: readonly OptionSpec[] = [OPTIONS['max-memory'], OPTIONS['max-work']];

/** The name of a declared option. */
export type OptionName = keyof typeof OPTIONS;

/**
 * A declared option as a command uses it, with its own description (e.g. its default).
 * @param name - the option's name in {@link OPTIONS}
 * @param description - the command's description of it (default: the declared one)
 */
export function option(name: OptionName, description?: string): OptionSpec {
  const spec: OptionSpec = OPTIONS[name];
  return description === undefined ? spec : { ...spec, description };
}
