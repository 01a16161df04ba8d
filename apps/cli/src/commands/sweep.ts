import { dirname, extname, resolve } from 'node:path';
import { lstatSync } from 'node:fs';
import { renderSvg } from '@idyn/plot';
import type { JsonSchema, Study, StudyOptions } from '@idyn/studies';
import type { ExportFormat, RunSweepResult, SweepPlan, SweepProgress, SweepReport } from '@idyn/sweep';
import { parseSweepSpec, SWEEP_SCHEMAS, type SweepSpec } from '@idyn/sweep/spec';
import { type CommandContext, defineCommand } from '../internal/command.js';
import { EXIT_CHECK_FAILED, EXIT_OK, UsageError } from '../internal/errors.js';
import { fmt, fmtE, keyValues, table } from '../internal/format.js';
import { readTextFile } from '../internal/inputs.js';
import { option } from '../internal/options.js';
import { type OutputDir, prepareOutputDir, writeOutputFile } from '../internal/output.js';

/** Exit code of a run stopped by Ctrl-C (128 + SIGINT), as shells report it. */
export const EXIT_INTERRUPTED = 130;

const ACTIONS = ['plan', 'run', 'report', 'export'] as const;
type Action = (typeof ACTIONS)[number];

/** What the command hands to its runner: the action and everything it needs, files read. */
export interface SweepCommandInput {
  readonly action: Action;
  /** The spec file as given, or null (report/export of a store). */
  readonly specFile: string | null;
  readonly spec: SweepSpec | null;
  /** The store path (absolute), or null (a plan without one). */
  readonly store: string | null;
  readonly workers?: number;
  readonly queue?: string;
  readonly queueName?: string;
  readonly retryFailed: boolean;
  readonly sample?: number;
  readonly by?: string[];
  readonly x?: string[];
  readonly y?: string[];
  /** Report: the figures directory (created before the work). */
  readonly outDir?: OutputDir;
  /** Export: the file (absolute) and its format. */
  readonly file?: string;
  readonly format?: ExportFormat;
  /** Writes a line to stderr (the Ctrl-C notice, queue connection errors). */
  readonly warn: (line: string) => void;
}

/** The `idyn.sweep/1` document. */
export interface SweepCommandResult {
  readonly schema: 'idyn.sweep/1';
  readonly action: Action;
  readonly spec: string | null;
  readonly store: string | null;
  readonly plan?: SweepPlan;
  readonly run?: RunSweepResult & { readonly mode: 'local' | 'queue'; readonly queue?: string };
  readonly report?: Omit<SweepReport, 'figures'> & {
    readonly figures: readonly (Omit<SweepReport['figures'][number], 'figure'> & {
      readonly file: string;
      readonly replaced: boolean;
    })[];
  };
  readonly export?: {
    readonly path: string;
    readonly format: ExportFormat;
    readonly rows: number;
    readonly replaced: boolean;
  };
}

const SPEC_RE = /\.(json|ya?ml)$/i;

/** Whether a path exists (a link counts). */
function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
const FORMATS: Record<string, ExportFormat> = {
  '.csv': 'csv',
  '.parquet': 'parquet',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
};

function list(text: string | undefined): string[] | undefined {
  return text === undefined
    ? undefined
    : text
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0);
}

/** The store of a spec: `laws.yaml` → `laws.duckdb` next to it. */
function defaultStore(specPath: string): string {
  return resolve(
    dirname(specPath),
    `${specPath.slice(dirname(specPath).length + 1).replace(SPEC_RE, '')}.duckdb`,
  );
}

/**
 * Ctrl-C while a sweep runs: the first stops taking jobs (running ones finish and are kept), the
 * second stops at once. Returns the two signals and a function that removes the handler.
 */
function interrupts(warn: (line: string) => void): {
  drain: AbortController;
  stop: AbortController;
  off(): void;
} {
  const drain = new AbortController();
  const stop = new AbortController();
  const onSigint = () => {
    if (!drain.signal.aborted) {
      drain.abort();
      warn('stopping: the running jobs finish and are kept (Ctrl-C again to stop them now)');
    } else stop.abort();
  };
  process.on('SIGINT', onSigint);
  return { drain, stop, off: () => process.off('SIGINT', onSigint) };
}

/** Runs the action (the "study" of the command: it has no study of @idyn/studies behind it). */
async function runAction(input: SweepCommandInput, options: StudyOptions): Promise<SweepCommandResult> {
  // Loaded here, not at start-up: DuckDB, BullMQ and piscina are for this command only.
  const sweep = await import('@idyn/sweep');
  const head = {
    schema: 'idyn.sweep/1' as const,
    action: input.action,
    spec: input.specFile,
    store: input.store,
  };
  const progress = options.onProgress;
  if (input.action === 'plan') {
    const store =
      input.store !== null && (await import('node:fs')).existsSync(input.store)
        ? await sweep.openSweepStore(input.store, { readOnly: true })
        : null;
    try {
      const plan = await sweep.planSweep(input.spec!, {
        ...(store ? { finished: (k: string) => store.status(k) !== undefined } : {}),
        ...(input.sample !== undefined ? { sample: input.sample } : {}),
        ...(input.workers !== undefined ? { workers: input.workers } : {}),
      });
      return { ...head, store: store === null ? null : input.store, plan };
    } finally {
      await store?.close();
    }
  }
  if (input.action === 'run') {
    const store = await sweep.openSweepStore(input.store!);
    const { drain, stop, off } = interrupts(input.warn);
    try {
      const onProgress = (p: SweepProgress) =>
        progress?.({
          study: 'sweep',
          done: p.done + p.failed,
          total: p.total,
          label: `${p.failed} failed, ${p.running} ${input.queue ? 'queued' : 'running'}${p.skipped > 0 ? `, ${p.skipped} already in the store` : ''}`,
        });
      const common = {
        store,
        retryFailed: input.retryFailed,
        drain: drain.signal,
        signal: stop.signal,
        onProgress,
      };
      const run =
        input.queue === undefined
          ? {
              mode: 'local' as const,
              ...(await sweep.runSweep(input.spec!, {
                ...common,
                ...(input.workers ? { workers: input.workers } : {}),
              })),
            }
          : {
              mode: 'queue' as const,
              queue: input.queue,
              ...(await sweep.runSweepOnQueue(input.spec!, {
                ...common,
                connection: input.queue,
                ...(input.queueName ? { queueName: input.queueName } : {}),
                onError: (e) => input.warn(`queue: ${e.message} (retrying)`),
              })),
            };
      return { ...head, run };
    } finally {
      off();
      await store.close();
    }
  }
  const store = await sweep.openSweepStore(input.store!, { readOnly: true });
  try {
    if (input.action === 'export') {
      const replaced = exists(input.file!);
      const r = await sweep.exportSweep(store, input.format!, input.file!);
      return { ...head, export: { ...r, replaced } };
    }
    const report = await sweep.reportSweep(store, {
      ...(input.by ? { by: input.by } : {}),
      ...(input.x ? { x: input.x } : {}),
      ...(input.y ? { y: input.y } : {}),
    });
    const figures = report.figures.map(({ figure, ...f }) => {
      const written = writeOutputFile(input.outDir!, `${f.name}.svg`, renderSvg(figure));
      return { ...f, file: written.path, replaced: written.replaced };
    });
    return { ...head, report: { ...report, figures } };
  } finally {
    await store.close();
  }
}

const study: Study<SweepCommandInput, SweepCommandResult, StudyOptions> = {
  name: 'sweep',
  summary: 'plan, run, report and export sweeps of a study over grids of inputs',
  inputSchema: { type: 'object' },
  resultSchema: SWEEP_SCHEMAS.sweep as JsonSchema,
  describe: (input) => `sweep ${input.action} ${input.specFile ?? input.store}`,
  run: (input, options = {}) => runAction(input, options),
};

function fmtSeconds(s: number): string {
  if (s < 120) return `${fmt(s)} s`;
  if (s < 7200) return `${fmt(s / 60)} min`;
  return `${fmt(s / 3600)} h`;
}

function fmtBytes(b: number): string {
  return b < 1024 ** 2
    ? `${fmt(b / 1024)} KiB`
    : b < 1024 ** 3
      ? `${fmt(b / 1024 ** 2)} MiB`
      : `${fmt(b / 1024 ** 3)} GiB`;
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '-';
  if (typeof v === 'number')
    return Number.isInteger(v) ? String(v) : Math.abs(v) < 1e-3 && v !== 0 ? fmtE(v) : fmt(v);
  return String(v);
}

function printPlan(ctx: CommandContext, plan: SweepPlan): void {
  ctx.out(
    keyValues([
      ['study', plan.study + (plan.name ? ` (${plan.name})` : '')],
      [
        'axes',
        plan.axes
          .map((a) => `${a.name} (${a.count}${a.zip && a.zip !== a.name ? `, zipped with ${a.zip}` : ''})`)
          .join(' x ') || 'none',
      ],
      [
        'jobs',
        `${plan.jobs}${plan.gridPoints > plan.jobs ? ` distinct (${plan.gridPoints} grid points)` : ''}`,
      ],
      ['finished', `${plan.finished} already in the store, ${plan.toRun} to run`],
      ...(plan.cost === null
        ? ([['cost', `no estimator for the ${plan.study} study`]] as const)
        : ([
            [
              'cost',
              `${fmtE(plan.cost.work)} operations (estimators on ${plan.cost.estimated} jobs): ~${fmtSeconds(plan.cost.seconds)} on ${plan.workers} workers`,
            ],
            [
              'per job',
              `work ${fmtE(plan.cost.workPerJob.min)} .. ${fmtE(plan.cost.workPerJob.max)}, memory up to ${fmtBytes(plan.cost.maxMemoryBytes)}`,
            ],
            ...(plan.cost.invalid > 0
              ? ([
                  [
                    'invalid',
                    `${plan.cost.invalid} of ${plan.cost.estimated} estimated jobs are refused, e.g. job ${plan.cost.firstInvalid!.index}: ${plan.cost.firstInvalid!.message}`,
                  ],
                ] as const)
              : []),
          ] as const)),
      ...(plan.sample === null
        ? []
        : ([
            [
              'measured',
              `${fmt(plan.sample.secondsPerJob * 1000)} ms per job (${plan.sample.jobs} run here): ~${fmtSeconds(plan.sample.seconds)} on ${plan.workers} workers`,
            ],
          ] as const)),
    ]),
  );
}

/** `idyn sweep plan|run|report|export`: sweeps of a study over grids of inputs. */
export const sweepCommand = defineCommand<SweepCommandInput, SweepCommandResult>({
  name: 'sweep',
  summary: 'sweeps: plan, run (all cores, or a Redis queue), report and export a grid of study runs',
  usage: 'sweep plan|run <spec> [options] | sweep report|export <store|spec> [FILE] [options]',
  description: `A sweep runs one study (laws, flow, lift, …) on a base input with fields varied along
axes: a spec file in JSON or YAML (schema: schemas/sweep-spec.schema.json of @idyn/sweep) with
"study", "base" and "axes" (values, range, linspace, logspace, or seeded random draws; top-level
axes form a grid, a {"zip": [...]} entry advances its axes together; "field" or "set" with
templates like "random:{}" name the input fields). Networks can be named by seed:
random:SEED[:layers=2,width=1-3,...] is the reproducible random DAG of @idyn/graph.

  plan    the number of jobs and their cost from the package estimators (--sample N: time N here)
  run     run the jobs without a row in the store: worker threads on every core (--workers N), or
          through a BullMQ queue on Redis (--queue redis://host:port) served by 'idyn worker'
          processes on any machines; a job's key is the hash of its input, so a rerun resumes;
          a failing job is recorded with its error. Ctrl-C stops taking jobs and keeps what
          finished (twice: stop now). Exit 1 when some job failed, 130 when stopped.
  report  a summary table grouped by the axes (--by), and SVG figures in --out DIR: a histogram
          of each result column, the mean of each against each numeric axis (log-log with the
          fitted slope when both span a decade)
  export  the rows to FILE: .csv, .parquet or .jsonl (or --format)

The store (default: the spec's name with .duckdb) is a DuckDB file with one row per job: key,
status, error, duration_ms, worker, code_version, then axis.*, in.* and out.* columns.`,
  options: [
    option('store'),
    option('workers'),
    option('queue'),
    option('queue-name'),
    option('retry-failed'),
    option('sample'),
    option('by'),
    option('x'),
    option('y'),
    option('format'),
    option('out', 'report: write the figures to DIR (default: <store>-report)'),
  ],
  positionals: { min: 2, max: 3, names: '<action> <spec|store> [FILE]' },
  examples: [
    ['idyn sweep plan examples/laws-random.yaml', 'jobs and estimated cost of 10,000 law counts'],
    ['idyn sweep run examples/laws-random.yaml --workers 2', 'run on two worker threads; rerun to resume'],
    [
      'idyn sweep run flows.yaml --queue redis://127.0.0.1:6379',
      "coordinate; 'idyn worker' processes run the jobs",
    ],
    ['idyn sweep report laws-random.duckdb --by axis.layers --out report', 'summary table and figures'],
    ['idyn sweep export laws-random.duckdb laws.parquet', 'every row as Parquet'],
  ],
  study,
  input(ctx) {
    const [actionText, target, file] = ctx.args.positionals as [string, string, string | undefined];
    if (!(ACTIONS as readonly string[]).includes(actionText))
      throw new UsageError(
        `unknown action '${actionText}' (actions: ${ACTIONS.join(', ')}; see idyn sweep --help)`,
      );
    const action = actionText as Action;
    const cwd = ctx.io.cwd;
    const isSpec = SPEC_RE.test(target);
    const only = (name: string, actions: readonly Action[]) => {
      if (ctx.args.options.has(name) && !actions.includes(action))
        throw new UsageError(`--${name} is an option of idyn sweep ${actions.join('/')}, not of ${action}`);
    };
    only('workers', ['plan', 'run']);
    only('queue', ['run']);
    only('queue-name', ['run']);
    only('retry-failed', ['run']);
    only('sample', ['plan']);
    for (const o of ['by', 'x', 'y', 'out']) only(o, ['report']);
    only('format', ['export']);
    if (ctx.string('queue-name') !== undefined && ctx.string('queue') === undefined)
      throw new UsageError('--queue-name needs --queue redis://host:port');
    if (file !== undefined && action !== 'export')
      throw new UsageError(`unexpected argument '${file}' (see idyn sweep --help)`);
    if ((action === 'plan' || action === 'run') && !isSpec)
      throw new UsageError(
        `<spec> '${target}': idyn sweep ${action} takes a spec file (.json, .yaml or .yml)`,
      );
    const spec: SweepSpec | null =
      isSpec && (action === 'plan' || action === 'run')
        ? parseSweepSpec(readTextFile('<spec>', target, cwd), { source: target })
        : null;
    const storeText = ctx.string('store');
    const store =
      storeText !== undefined
        ? resolve(cwd, storeText)
        : isSpec
          ? defaultStore(resolve(cwd, target))
          : resolve(cwd, target);
    let format: ExportFormat | undefined;
    let exportFile: string | undefined;
    if (action === 'export') {
      if (file === undefined)
        throw new UsageError('missing argument FILE: idyn sweep export <store|spec> FILE');
      const f = ctx.string('format');
      if (f !== undefined && !['csv', 'parquet', 'jsonl'].includes(f))
        throw new UsageError(`--format must be csv, parquet or jsonl, got '${f}'`);
      format = (f as ExportFormat | undefined) ?? FORMATS[extname(file).toLowerCase()];
      if (format === undefined)
        throw new UsageError(`FILE '${file}': give a .csv, .parquet or .jsonl name, or --format`);
      exportFile = resolve(cwd, file);
      // As every output file of the CLI: never written through a symbolic link, never over a
      // directory (DuckDB writes the file next to it; it is renamed into place).
      if (exists(exportFile)) {
        const st = lstatSync(exportFile);
        if (st.isSymbolicLink())
          throw new UsageError(
            `FILE '${file}' is a symbolic link; refusing to write through it (remove the link or choose another FILE)`,
          );
        if (!st.isFile()) throw new UsageError(`FILE '${file}' exists and is not a regular file`);
      }
    }
    const outDir =
      action !== 'report'
        ? undefined
        : (ctx.outDir ?? prepareOutputDir(cwd, `${store.replace(/\.duckdb$/, '')}-report`));
    return {
      action,
      specFile: isSpec ? target : null,
      spec,
      store: action === 'plan' && storeText === undefined && !isSpec ? null : store,
      ...(ctx.number('workers') !== undefined ? { workers: ctx.number('workers')! } : {}),
      ...(ctx.string('queue') !== undefined ? { queue: ctx.string('queue')! } : {}),
      ...(ctx.string('queue-name') !== undefined ? { queueName: ctx.string('queue-name')! } : {}),
      retryFailed: ctx.flag('retry-failed'),
      ...(ctx.number('sample') !== undefined ? { sample: ctx.number('sample')! } : {}),
      ...(list(ctx.string('by')) ? { by: list(ctx.string('by'))! } : {}),
      ...(list(ctx.string('x')) ? { x: list(ctx.string('x'))! } : {}),
      ...(list(ctx.string('y')) ? { y: list(ctx.string('y'))! } : {}),
      ...(outDir ? { outDir } : {}),
      ...(exportFile ? { file: exportFile, format: format! } : {}),
      warn: (line) => {
        ctx.progress.clear();
        ctx.io.stderr.write(`idyn sweep: ${line}\n`);
      },
    };
  },
  output(r, ctx) {
    if (ctx.json) ctx.printJson(r);
    else if (r.plan) printPlan(ctx, r.plan);
    else if (r.run) {
      const x = r.run;
      ctx.out(
        keyValues([
          ['store', r.store ?? ''],
          ['mode', x.mode === 'local' ? `local, ${x.workers} worker threads` : `queue ${x.queue}`],
          ['jobs', `${x.planned} in the spec, ${x.skipped} already in the store`],
          [
            'this run',
            `${x.done} done, ${x.failed} failed in ${fmtSeconds(x.seconds)} (${fmt(x.jobsPerSecond)} jobs/s)`,
          ],
          ...(x.stopped
            ? ([['stopped', `${x.remaining} jobs left: run the same command again to resume`]] as const)
            : []),
        ]),
      );
    } else if (r.report) {
      const rep = r.report;
      ctx.out(`${rep.jobs.done} done, ${rep.jobs.failed} failed (${r.store})`);
      ctx.out();
      const headers = [...rep.by, 'rows', 'failed', ...rep.y.flatMap((y) => [`${y} mean`, 'min', 'max'])];
      ctx.out(
        table(
          headers,
          rep.groups.map((g) => [
            ...rep.by.map((b) => cell(g.key[b])),
            String(g.rows),
            String(g.failed),
            ...rep.y.flatMap((y) => {
              const s = g.stats[y]!;
              return [cell(s.mean), cell(s.min), cell(s.max)];
            }),
          ]),
        ),
      );
      if (rep.errors.length > 0) {
        ctx.out();
        ctx.out(
          table(
            ['failed jobs', 'error'],
            rep.errors.map((e) => [String(e.count), e.error]),
            [undefined, 90],
          ),
        );
      }
      for (const f of rep.figures)
        if (f.slope !== null) ctx.out(`${f.y} against ${f.x}: fitted log-log slope ${f.slope.toFixed(3)}`);
    } else if (r.export) ctx.out(`${r.export.rows} rows (${r.export.format})`);
    // Files written outside --out (the default report directory, the export) are listed too.
    for (const f of r.report?.figures ?? [])
      if (!ctx.written.some((w) => w.path === f.file))
        ctx.written.push({ path: f.file, replaced: f.replaced });
    if (r.export) ctx.written.push({ path: r.export.path, replaced: r.export.replaced });
    if (r.run?.stopped) return EXIT_INTERRUPTED;
    if (r.run && r.run.failed > 0) return EXIT_CHECK_FAILED;
    return EXIT_OK;
  },
});
