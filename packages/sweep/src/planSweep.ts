import { availableParallelism } from 'node:os';
import { runStudy, StudyInputError, studyCost } from '@idyn/studies';
import { axisFields } from './parseSweepSpec.js';
import type { SweepAxis, SweepSpec, SweepZip } from './SweepSpec.js';
import { expandSweep, type SweepJob } from './expandSweep.js';
import { axisValues } from './internal/axisValues.js';

/** Options of {@link planSweep}. */
export interface PlanSweepOptions {
  /** Jobs whose cost is estimated (evenly spaced over the grid; all when fewer). @default 200 */
  readonly estimate?: number;
  /** Jobs run here, one after another, to time them (0: none). @default 0 */
  readonly sample?: number;
  /** Keys already in a store: counted as finished. @default undefined */
  readonly finished?: (key: string) => boolean;
  /** Workers the time estimate divides by. @default os.availableParallelism() */
  readonly workers?: number;
}

/** One axis in a plan. */
export interface PlanAxis {
  /** Its name. */
  readonly name: string;
  /** The input fields it sets. */
  readonly fields: readonly string[];
  /** Number of values. */
  readonly count: number;
  /** Its first values (at most 5). */
  readonly head: readonly unknown[];
  /** Name of the zip group it belongs to (its first axis), or null. */
  readonly zip: string | null;
}

/** What a sweep would do, before it runs (result of {@link planSweep}). */
export interface SweepPlan {
  /** `idyn.sweep-plan/1`. */
  readonly schema: 'idyn.sweep-plan/1';
  /** The spec's name, or null. */
  readonly name: string | null;
  /** The study. */
  readonly study: string;
  /** The axes. */
  readonly axes: readonly PlanAxis[];
  /** Grid points in all. */
  readonly gridPoints: number;
  /** Distinct jobs (grid points whose inputs repeat are run once). */
  readonly jobs: number;
  /** Jobs already finished (in the store), 0 without one. */
  readonly finished: number;
  /** Jobs a run would start. */
  readonly toRun: number;
  /** The cost of the jobs to run, from the package estimators (null when the study has none). */
  readonly cost: {
    /** Jobs estimated (extrapolated to all when fewer). */
    readonly estimated: number;
    /** Jobs whose input was refused while estimating (they would be recorded as failed). */
    readonly invalid: number;
    /** The first refusal: the job index and the message. */
    readonly firstInvalid: { readonly index: number; readonly message: string } | null;
    /** Total work of the jobs to run (~1e9 per second of one core). */
    readonly work: number;
    /** Work of one job: smallest, median, largest. */
    readonly workPerJob: { readonly min: number; readonly median: number; readonly max: number };
    /** Largest memory of one job, in bytes (each worker thread holds one job at a time). */
    readonly maxMemoryBytes: number;
    /** work / 1e9 / workers: the estimators' wall time on `workers` threads, in s. */
    readonly seconds: number;
  } | null;
  /** Timed jobs run here (`sample`), or null. */
  readonly sample: {
    /** Jobs run. */
    readonly jobs: number;
    /** Mean wall time of one, in s. */
    readonly secondsPerJob: number;
    /** secondsPerJob × toRun / workers, in s. */
    readonly seconds: number;
  } | null;
  /** Workers the time estimates divide by. */
  readonly workers: number;
}

function spread<T>(items: readonly T[], n: number): T[] {
  if (items.length <= n) return [...items];
  return Array.from({ length: n }, (_, i) => items[Math.floor((i * items.length) / n)]!);
}

function planAxes(spec: SweepSpec): PlanAxis[] {
  const out: PlanAxis[] = [];
  for (const entry of spec.axes ?? []) {
    const axes = 'zip' in entry ? (entry as SweepZip).zip : [entry as SweepAxis];
    const zip = 'zip' in entry ? axes[0]!.name : null;
    for (const axis of axes) {
      const values = axisValues(axis);
      out.push({
        name: axis.name,
        fields: axisFields(axis),
        count: values.length,
        head: values.slice(0, 5),
        zip,
      });
    }
  }
  return out;
}

/**
 * The plan of a sweep: its axes, the number of jobs (distinct inputs), how many a store already
 * holds, and the cost of the rest from the package estimators (`studyCost` of @idyn/studies:
 * `countLawsCost`, `compareFlowsCost`, …) on up to `estimate` jobs spread over the grid,
 * extrapolated; with `sample`, the measured time of that many jobs run here. Nothing is stored.
 *
 * @param spec - a spec checked by `parseSweepSpec`
 * @param options - how many jobs to estimate and to time, the finished keys, the workers
 * @returns the plan (`idyn.sweep-plan/1`)
 * @throws StudyInputError only for a study unknown to the registry (bad job inputs are counted)
 * @example
 * const plan = await planSweep(parseSweepSpec(text));
 * // plan.jobs 10000, plan.cost.work ~3e9, plan.cost.seconds ~1.5 on 2 workers
 */
export async function planSweep(spec: SweepSpec, options: PlanSweepOptions = {}): Promise<SweepPlan> {
  const { jobs, gridPoints } = expandSweep(spec);
  const workers = options.workers ?? availableParallelism();
  const todo = options.finished === undefined ? [...jobs] : jobs.filter((j) => !options.finished!(j.key));
  const chosen = spread(todo, options.estimate ?? 200);
  const works: number[] = [];
  let maxMemoryBytes = 0;
  let invalid = 0;
  let firstInvalid: { index: number; message: string } | null = null;
  let noEstimator = false;
  for (const job of chosen) {
    try {
      const c = studyCost(job.study, job.input);
      if (c === null) {
        noEstimator = true;
        break;
      }
      works.push(c.work);
      maxMemoryBytes = Math.max(maxMemoryBytes, c.memoryBytes);
    } catch (error) {
      if (!(error instanceof TypeError || error instanceof RangeError)) throw error;
      invalid++;
      firstInvalid ??= { index: job.index, message: error.message };
    }
  }
  works.sort((a, b) => a - b);
  const mean = works.length === 0 ? 0 : works.reduce((s, w) => s + w, 0) / works.length;
  const work = mean * (todo.length - (chosen.length > 0 ? (invalid * todo.length) / chosen.length : 0));
  const cost =
    noEstimator || chosen.length === 0
      ? null
      : {
          estimated: chosen.length,
          invalid,
          firstInvalid,
          work,
          workPerJob: {
            min: works[0] ?? 0,
            median: works[Math.floor(works.length / 2)] ?? 0,
            max: works[works.length - 1] ?? 0,
          },
          maxMemoryBytes,
          seconds: work / 1e9 / workers,
        };
  let sample: SweepPlan['sample'] = null;
  const sampleCount = options.sample ?? 0;
  if (sampleCount > 0 && todo.length > 0) {
    const timed: SweepJob[] = spread(todo, sampleCount);
    const start = performance.now();
    for (const job of timed)
      await runStudy(job.study, job.input).catch((e: unknown) => {
        if (!(e instanceof StudyInputError || e instanceof TypeError || e instanceof RangeError)) throw e;
      });
    const secondsPerJob = (performance.now() - start) / 1000 / timed.length;
    sample = { jobs: timed.length, secondsPerJob, seconds: (secondsPerJob * todo.length) / workers };
  }
  return {
    schema: 'idyn.sweep-plan/1',
    name: spec.name ?? null,
    study: spec.study,
    axes: planAxes(spec),
    gridPoints,
    jobs: jobs.length,
    finished: jobs.length - todo.length,
    toRun: todo.length,
    cost,
    sample,
    workers,
  };
}
