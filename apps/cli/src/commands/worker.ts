import type { JsonSchema, Study, StudyOptions } from '@idyn/studies';
import type { SweepWorkerEvent } from '@idyn/sweep';
import { SWEEP_SCHEMAS } from '@idyn/sweep/spec';
import { defineCommand } from '../internal/command.js';
import { EXIT_OK, UsageError } from '../internal/errors.js';
import { fmt, keyValues } from '../internal/format.js';
import { option } from '../internal/options.js';

/** What `idyn worker` hands to its runner. */
export interface WorkerCommandInput {
  readonly queue: string;
  readonly queueName?: string;
  readonly threads?: number;
  readonly name?: string;
  readonly lockMs?: number;
  readonly stalledMs?: number;
  readonly idleExitMs?: number;
  /** One line per job on stderr. */
  readonly verbose: boolean;
  /** Writes a line to stderr. */
  readonly log: (line: string) => void;
}

/** The `idyn.worker/1` document. */
export interface WorkerCommandResult {
  readonly schema: 'idyn.worker/1';
  readonly queue: string;
  readonly queueName: string;
  readonly name: string;
  readonly threads: number;
  readonly done: number;
  readonly failed: number;
  readonly retried: number;
  readonly seconds: number;
}

async function serve(input: WorkerCommandInput): Promise<WorkerCommandResult> {
  const { startSweepWorker } = await import('@idyn/sweep');
  let lastError = 0;
  const onEvent = (e: SweepWorkerEvent) => {
    if (e.type === 'error') {
      // Connection errors repeat while Redis is away: one line every 5 s is enough.
      const now = Date.now();
      if (now - lastError > 5000) input.log(`queue: ${e.error} (retrying)`);
      lastError = now;
    } else if (input.verbose) {
      if (e.type === 'start') input.log(`start ${e.key} (attempt ${e.attempt})`);
      else if (e.type === 'retry') input.log(`retry ${e.key}: ${e.error}`);
      else input.log(`${e.type} ${e.key} ${fmt(e.ms)} ms`);
    }
  };
  const worker = await startSweepWorker({
    connection: input.queue,
    ...(input.queueName !== undefined ? { queueName: input.queueName } : {}),
    ...(input.threads !== undefined ? { threads: input.threads } : {}),
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.lockMs !== undefined ? { lockDurationMs: input.lockMs } : {}),
    ...(input.stalledMs !== undefined ? { stalledIntervalMs: input.stalledMs } : {}),
    ...(input.idleExitMs !== undefined ? { idleExitMs: input.idleExitMs } : {}),
    onEvent,
  });
  input.log(
    `serving ${input.queue} (queue ${input.queueName ?? 'idyn-sweep'}) as ${worker.name} with ${worker.threads} threads`,
  );
  // SIGTERM / Ctrl-C: finish the running jobs, then stop; a second Ctrl-C stops them now (BullMQ
  // hands them to another worker once their lock expires).
  let signals = 0;
  const onSignal = () => {
    signals++;
    if (signals === 1) input.log('stopping after the running jobs (Ctrl-C again to stop now)');
    void worker.close(signals > 1);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const s = await worker.closed;
    return {
      schema: 'idyn.worker/1',
      queue: input.queue,
      queueName: input.queueName ?? 'idyn-sweep',
      name: s.name,
      threads: worker.threads,
      done: s.done,
      failed: s.failed,
      retried: s.retried,
      seconds: s.seconds,
    };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

const study: Study<WorkerCommandInput, WorkerCommandResult, StudyOptions> = {
  name: 'worker',
  summary: 'serve sweep jobs from a Redis queue',
  inputSchema: { type: 'object' },
  resultSchema: SWEEP_SCHEMAS.worker as JsonSchema,
  describe: (input) => `worker ${input.queue}`,
  run: (input) => serve(input),
};

/** `idyn worker --queue redis://…`: runs the jobs of `idyn sweep run --queue` on this machine. */
export const workerCommand = defineCommand<WorkerCommandInput, WorkerCommandResult>({
  name: 'worker',
  summary: "run sweep jobs from a Redis queue (the other end of 'idyn sweep run --queue')",
  usage: 'worker --queue redis://host:port [--threads N] [--name NAME] [--idle-exit S] [--json]',
  description: `Takes the jobs that 'idyn sweep run SPEC --queue URL' puts on a BullMQ queue in Redis,
runs each on a worker thread of this machine and sends its row back through the queue; the
coordinator writes the store. Start any number of workers on any number of machines. A job that
throws (a crash, the spec's time limit) goes back to the queue and is retried up to the spec's
"attempts"; bad input is recorded at once. A worker killed in the middle of a job loses nothing:
once its lock expires (--lock-ms) another worker takes the job. Connections are retried for
ever, so a restarted Redis is picked up again.

SIGTERM or Ctrl-C: finish the running jobs, print what was done, exit (Ctrl-C twice: now).`,
  options: [
    option('queue', 'the Redis server: redis://host:port (required)'),
    option('queue-name'),
    option('threads', 'worker threads, one job each (default: every core)'),
    option('name'),
    option('lock-ms'),
    option('stalled-ms'),
    option('idle-exit'),
    option('verbose'),
  ],
  positionals: { min: 0, max: 0, names: '' },
  examples: [
    ['idyn worker --queue redis://10.0.0.5:6379', 'serve the queue with every core of this machine'],
    [
      'idyn worker --queue redis://127.0.0.1:6379 --threads 1 --idle-exit 30',
      'one thread; exit after 30 s without a job',
    ],
  ],
  study,
  input(ctx) {
    const queue = ctx.string('queue');
    if (queue === undefined) throw new UsageError('--queue redis://host:port is required');
    const n = (name: string) => ctx.number(name);
    return {
      queue,
      ...(ctx.string('queue-name') !== undefined ? { queueName: ctx.string('queue-name')! } : {}),
      ...(n('threads') !== undefined ? { threads: n('threads')! } : {}),
      ...(ctx.string('name') !== undefined ? { name: ctx.string('name')! } : {}),
      ...(n('lock-ms') !== undefined ? { lockMs: n('lock-ms')! } : {}),
      ...(n('stalled-ms') !== undefined ? { stalledMs: n('stalled-ms')! } : {}),
      ...(n('idle-exit') !== undefined ? { idleExitMs: n('idle-exit')! * 1000 } : {}),
      verbose: ctx.flag('verbose'),
      log: (line) => ctx.io.stderr.write(`idyn worker: ${line}\n`),
    };
  },
  output(r, ctx) {
    if (ctx.json) ctx.printJson(r);
    else
      ctx.out(
        keyValues([
          ['worker', `${r.name} (${r.threads} threads) on ${r.queue}`],
          ['jobs', `${r.done} done, ${r.failed} failed (bad input), ${r.retried} runs retried`],
          ['time', `${fmt(r.seconds)} s`],
        ]),
      );
    return EXIT_OK;
  },
});
