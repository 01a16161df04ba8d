import { hostname } from 'node:os';
import { type Job, Queue, Worker } from 'bullmq';
import type { SweepRow } from './SweepRow.js';
import { outcomeRow } from './runSweep.js';
import { codeVersion } from './codeVersion.js';
import { createJobPool, threadCount } from './internal/pool.js';
import type { QueueJobData } from './internal/queueJob.js';
import { checkQueueName, checkReachable, checkRedisUrl, createRedis } from './internal/redis.js';

/** Options of {@link startSweepWorker}. */
export interface SweepWorkerOptions {
  /** The Redis server: `redis://host:port`. */
  readonly connection: string;
  /** The BullMQ queue to take jobs from. @default 'idyn-sweep' */
  readonly queueName?: string;
  /** Worker threads, one job each at a time. @default os.availableParallelism() */
  readonly threads?: number;
  /** Names the worker in the rows (`NAME/tN`). @default 'host:pid' */
  readonly name?: string;
  /** BullMQ lock of a running job, renewed every half of it; a dead worker's job is taken again after it expires, in ms. @default 30000 */
  readonly lockDurationMs?: number;
  /** How often this worker looks for stalled jobs (of dead workers), in ms. @default 30000 */
  readonly stalledIntervalMs?: number;
  /** Times a job may stall (its worker died) before it is failed. @default 1 */
  readonly maxStalledCount?: number;
  /** How long the first connection may take, in ms. @default 5000 */
  readonly connectTimeoutMs?: number;
  /** Closes the worker once no job has run for this long, in ms (batch schedulers, scripts). @default never */
  readonly idleExitMs?: number;
  /** Closes the worker (running jobs finish first). @default undefined */
  readonly signal?: AbortSignal;
  /** Called on each job's start and end, and on connection errors. @default undefined */
  readonly onEvent?: (event: SweepWorkerEvent) => void;
}

/** What a worker reports as it runs. */
export type SweepWorkerEvent =
  | { readonly type: 'start'; readonly jobId: string; readonly key: string; readonly attempt: number }
  | { readonly type: 'done' | 'failed'; readonly jobId: string; readonly key: string; readonly ms: number }
  | { readonly type: 'retry'; readonly jobId: string; readonly key: string; readonly error: string }
  | { readonly type: 'error'; readonly error: string };

/** What a worker did, when it closes. */
export interface SweepWorkerSummary {
  /** The worker's name. */
  readonly name: string;
  /** Jobs done. */
  readonly done: number;
  /** Jobs that ended with a recorded error (bad input). */
  readonly failed: number;
  /** Runs that threw (crash, timeout) and were handed back to the queue for a retry. */
  readonly retried: number;
  /** Seconds from start to close. */
  readonly seconds: number;
}

/** A running queue worker. */
export interface SweepWorker {
  /** Its name in the rows. */
  readonly name: string;
  /** Its threads. */
  readonly threads: number;
  /**
   * Stops taking jobs, lets the running ones finish (or stops them with `force`), and disconnects.
   * @param force - stop running jobs now (BullMQ gives them to another worker later)
   * @returns what it did
   */
  close(force?: boolean): Promise<SweepWorkerSummary>;
  /** Resolves when the worker has closed (by `close` or `signal`). */
  readonly closed: Promise<SweepWorkerSummary>;
}

/**
 * Starts a sweep worker: takes jobs from the BullMQ queue on Redis, runs each on a worker thread
 * (a piscina pool, so the lock of a long job is renewed while it runs) and sends the row back
 * through the results queue of the job's store. A job that throws (a crash, a timeout) is handed
 * back to BullMQ, which retries it up to the spec's `attempts`; bad input is recorded at once. Any
 * number of workers on any number of machines may serve one queue; a worker killed mid-job loses
 * nothing but time (another one takes the job once its lock expires). Connections are retried
 * for ever after the first one, so a restarted Redis is picked up again.
 *
 * @param options - the Redis URL, queue, threads, name, lock and stall settings, stop signal
 * @returns the running worker
 * @throws RangeError when the URL is malformed or Redis cannot be reached within `connectTimeoutMs`
 * @example
 * const worker = await startSweepWorker({ connection: 'redis://127.0.0.1:6379', threads: 2 });
 * // … later
 * await worker.close(); // { name: 'host:1234', done: 5000, failed: 0, retried: 0, seconds: 61.2 }
 */
export async function startSweepWorker(options: SweepWorkerOptions): Promise<SweepWorker> {
  const fn = 'startSweepWorker';
  const url = checkRedisUrl(fn, options.connection);
  const queueName = checkQueueName(fn, options.queueName);
  const threads = threadCount(fn, 'threads', options.threads);
  const name = options.name ?? `${hostname()}:${process.pid}`;
  const onEvent = options.onEvent ?? (() => {});
  const onError = (error: Error) => onEvent({ type: 'error', error: error.message });
  const connection = createRedis(url, onError);
  const senderConnection = createRedis(url, onError);
  try {
    await checkReachable(connection, url, options.connectTimeoutMs ?? 5000);
  } catch (error) {
    connection.disconnect();
    senderConnection.disconnect();
    throw error;
  }
  const start = performance.now();
  const version = codeVersion();
  const pool = createJobPool(threads);
  const senders = new Map<string, Queue<SweepRow>>();
  const sender = (queue: string): Queue<SweepRow> => {
    let q = senders.get(queue);
    if (q === undefined) {
      q = new Queue<SweepRow>(queue, { connection: senderConnection });
      q.on('error', onError);
      senders.set(queue, q);
    }
    return q;
  };
  let done = 0;
  let failed = 0;
  let retried = 0;
  let active = 0;
  let lastActive = performance.now();
  const processor = async (job: Job<QueueJobData>) => {
    active++;
    try {
      return await runOne(job);
    } finally {
      active--;
      lastActive = performance.now();
    }
  };
  const runOne = async (job: Job<QueueJobData>) => {
    const data = job.data;
    const jobId = job.id ?? '';
    onEvent({ type: 'start', jobId, key: data.key, attempt: job.attemptsMade + 1 });
    const outcome = await pool.run(
      { study: data.study, input: data.input, ...(data.outputs ? { outputs: data.outputs } : {}) },
      data.timeoutMs === undefined ? {} : { timeoutMs: data.timeoutMs },
    );
    if (!outcome.ok && outcome.kind !== 'input') {
      retried++;
      onEvent({ type: 'retry', jobId, key: data.key, error: outcome.error });
      throw new Error(outcome.error);
    }
    const slash = outcome.worker.lastIndexOf('/');
    const thread = slash < 0 ? '' : outcome.worker.slice(slash);
    const row = outcomeRow(data, { ...outcome, worker: `${name}${thread}` }, job.attemptsMade + 1, version);
    // A row of a job run twice (its first worker died) arrives twice: the store keeps one.
    await sender(data.resultsQueue).add('row', row, { removeOnComplete: true, removeOnFail: true });
    outcome.ok ? done++ : failed++;
    onEvent({ type: outcome.ok ? 'done' : 'failed', jobId, key: data.key, ms: outcome.durationMs });
    return { ok: outcome.ok };
  };
  const worker = new Worker<QueueJobData>(queueName, processor, {
    connection,
    // Two jobs per thread: the next one waits in the pool while a row goes back to Redis.
    concurrency: 2 * threads,
    lockDuration: options.lockDurationMs ?? 30_000,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
    maxStalledCount: options.maxStalledCount ?? 1,
    removeOnComplete: { count: 0 },
  });
  worker.on('error', onError);
  let closing: Promise<SweepWorkerSummary> | null = null;
  let resolveClosed: (s: SweepWorkerSummary) => void = () => {};
  const closed = new Promise<SweepWorkerSummary>((r) => {
    resolveClosed = r;
  });
  let idleTimer: ReturnType<typeof setInterval> | null = null;
  const close = (force = false): Promise<SweepWorkerSummary> => {
    if (idleTimer !== null) clearInterval(idleTimer);
    closing ??= (async () => {
      await worker.close(force).catch(() => {});
      await Promise.all([...senders.values()].map((q) => q.close().catch(() => {})));
      await pool.destroy();
      connection.disconnect();
      senderConnection.disconnect();
      const summary = { name, done, failed, retried, seconds: (performance.now() - start) / 1000 };
      resolveClosed(summary);
      return summary;
    })();
    return closing;
  };
  const idleExitMs = options.idleExitMs;
  if (idleExitMs !== undefined) {
    if (!(idleExitMs > 0)) throw new RangeError(`${fn}: options.idleExitMs must be > 0, got ${idleExitMs}`);
    idleTimer = setInterval(
      () => {
        if (active === 0 && performance.now() - lastActive >= idleExitMs) void close();
      },
      Math.min(1000, idleExitMs / 4),
    );
  }
  if (options.signal !== undefined) {
    if (options.signal.aborted) void close();
    else options.signal.addEventListener('abort', () => void close(), { once: true });
  }
  return { name, threads, close, closed };
}
