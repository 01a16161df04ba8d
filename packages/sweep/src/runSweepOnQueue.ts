import { type Job, Queue, Worker } from 'bullmq';
import type { SweepStore } from './openSweepStore.js';
import type { RunSweepResult } from './runSweep.js';
import { finishRun, pendingJobs } from './runSweep.js';
import type { SweepRow } from './SweepRow.js';
import type { SweepSpec } from './SweepSpec.js';
import { codeVersion } from './codeVersion.js';
import { canonicalJson } from './jobKey.js';
import { createProgress, type SweepProgress } from './internal/progress.js';
import { failedRow, type QueueJobData, queueJobId, resultsQueueName } from './internal/queueJob.js';
import { checkQueueName, checkReachable, checkRedisUrl, createRedis } from './internal/redis.js';

/** Options of {@link runSweepOnQueue}. */
export interface RunSweepOnQueueOptions {
  /** The result store (opened by the caller, who closes it): the coordinator alone writes it. */
  readonly store: SweepStore;
  /** The Redis server: `redis://host:port`. */
  readonly connection: string;
  /** The BullMQ queue the workers listen to. @default 'idyn-sweep' */
  readonly queueName?: string;
  /** Rerun the jobs recorded as failed. @default false */
  readonly retryFailed?: boolean;
  /** Stop: queued jobs not yet taken are withdrawn, running ones finish and are recorded. @default undefined */
  readonly drain?: AbortSignal;
  /** Stop now: queued jobs are withdrawn; results of running ones wait in Redis for the next run. @default undefined */
  readonly signal?: AbortSignal;
  /** Called as results arrive (at most every 100 ms, and once at the end). @default undefined */
  readonly onProgress?: (progress: SweepProgress) => void;
  /** Called with connection errors (Redis restarting, …); the run goes on. @default undefined */
  readonly onError?: (error: Error) => void;
  /** How often failed jobs are collected from the queue, in ms. @default 500 */
  readonly pollMs?: number;
  /** How long the first connection may take, in ms. @default 5000 */
  readonly connectTimeoutMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs a sweep through a BullMQ queue on Redis, for workers on any number of machines
 * (`startSweepWorker`, `idyn worker`). This process is the coordinator: it puts every job without a
 * row in the store on the queue (job id = store id + job key, so a job is queued at most once),
 * takes the rows the workers send back through the store's results queue and writes them
 * (a done row is never replaced: exactly one row per job however many times BullMQ ran it), and
 * records as failed the jobs that exhausted their attempts. BullMQ's stalled-job check hands the
 * job of a dead worker to another one; rows that arrive while no coordinator runs wait in Redis, so
 * a restarted coordinator resumes from the store and the queue.
 *
 * @param spec - a spec checked by `parseSweepSpec`
 * @param options - the store, the Redis URL, queue name, stop signals, progress
 * @returns counts of the run (as runSweep's; `workers` is 0: they are elsewhere)
 * @throws RangeError when the URL is malformed or Redis cannot be reached within `connectTimeoutMs`
 * @example
 * const store = await openSweepStore('laws.duckdb');
 * const r = await runSweepOnQueue(spec, { store, connection: 'redis://127.0.0.1:6379' });
 * // with `idyn worker --queue redis://127.0.0.1:6379` running somewhere: r.done 10000
 * await store.close();
 */
export async function runSweepOnQueue(
  spec: SweepSpec,
  options: RunSweepOnQueueOptions,
): Promise<RunSweepResult> {
  const fn = 'runSweepOnQueue';
  const url = checkRedisUrl(fn, options.connection);
  const queueName = checkQueueName(fn, options.queueName);
  const { store, signal, drain, onProgress } = options;
  const onError = options.onError ?? (() => {});
  const pollMs = options.pollMs ?? 500;
  const connection = createRedis(url, onError);
  const workerConnection = createRedis(url, onError);
  const closeConnections = () => {
    connection.disconnect();
    workerConnection.disconnect();
  };
  try {
    await checkReachable(connection, url, options.connectTimeoutMs ?? 5000);
  } catch (error) {
    closeConnections();
    throw error;
  }
  const resultsName = resultsQueueName(queueName, store.id);
  const jobs = new Queue<QueueJobData>(queueName, { connection });
  const results = new Queue<SweepRow>(resultsName, { connection });
  jobs.on('error', onError);
  results.on('error', onError);
  const version = codeVersion();
  const attempts = spec.attempts ?? 3;
  const writes: Promise<unknown>[] = [];
  let writeError: unknown = null;
  let counting: Set<string> | null = null;
  let progress: ReturnType<typeof createProgress> | null = null;
  let wake: () => void = () => {};
  const record = (row: SweepRow): Promise<boolean> => {
    const p = store.add(row).then((taken) => {
      if (counting?.delete(row.key)) {
        progress?.finished(row.status === 'done');
        if (counting.size === 0) wake();
      }
      return taken;
    });
    writes.push(
      p.catch((error: unknown) => {
        writeError ??= error;
      }),
    );
    return p;
  };
  // Rows come back through the results queue; a result job completes once its row is committed.
  const consumer = new Worker<SweepRow>(
    resultsName,
    async (job: Job<SweepRow>) => {
      await record(job.data);
    },
    {
      connection: workerConnection,
      concurrency: 256,
      removeOnComplete: { count: 0 },
      removeOnFail: { count: 0 },
      // A row is written within a batch interval: a short lock hands the rows of a killed
      // coordinator to the next one soon.
      lockDuration: 10_000,
      stalledInterval: 5_000,
    },
  );
  consumer.on('error', onError);
  const ours = (job: Job<QueueJobData> | undefined): job is Job<QueueJobData> =>
    job?.data?.resultsQueue === resultsName;
  const collectFailed = async () => {
    for (const job of await jobs.getFailed(0, 999)) {
      if (!ours(job)) continue;
      await record(failedRow(job.data, job.failedReason || 'failed', job.attemptsMade, 'queue', version));
      await job.remove().catch(() => {});
    }
  };
  const withdraw = async () => {
    const waiting = await jobs.getJobs(['waiting', 'delayed', 'prioritized']);
    await Promise.all(waiting.filter(ours).map((job) => job.remove().catch(() => {})));
  };
  try {
    // Rows that arrived while no coordinator ran go in first, so their jobs are not queued again:
    // the waiting ones through the consumer, and those a killed coordinator was writing (still
    // active under its lock) from their data; the consumer meets them again later, a no-op.
    for (const job of await results.getJobs(['active'])) if (job?.data) await record(job.data);
    for (let i = 0; i < 200; i++) {
      const c = await results.getJobCounts('waiting', 'delayed');
      if ((c.waiting ?? 0) + (c.delayed ?? 0) === 0) break;
      await sleep(25);
    }
    await Promise.all(writes);
    await collectFailed();
    const { jobs: all, pending } = pendingJobs(spec, store, options.retryFailed ?? false);
    const skipped = all.length - pending.length;
    const run = await store.startRun({
      mode: 'queue',
      spec: canonicalJson(spec),
      planned: all.length,
      skipped,
    });
    counting = new Set(pending.map((j) => j.key));
    progress = createProgress(pending.length, skipped, onProgress, () => counting?.size ?? 0);
    const timeoutMs = spec.timeout === undefined ? undefined : spec.timeout * 1000;
    for (let i = 0; i < pending.length && !signal?.aborted && !drain?.aborted; i += 1000) {
      await jobs.addBulk(
        pending.slice(i, i + 1000).map((job) => ({
          name: job.study,
          data: {
            key: job.key,
            index: job.index,
            study: job.study,
            input: job.input,
            axes: job.axes,
            ...(spec.outputs ? { outputs: spec.outputs } : {}),
            ...(timeoutMs === undefined ? {} : { timeoutMs }),
            resultsQueue: resultsName,
            coordinator: version,
          },
          opts: {
            jobId: queueJobId(store.id, job.key),
            attempts,
            backoff: { type: 'fixed', delay: 200 },
            removeOnComplete: true,
            removeOnFail: false,
          },
        })),
      );
    }
    let withdrawn = false;
    const aborted = signal ? abortPromise(signal) : null;
    while (counting.size > 0 && writeError === null) {
      if (signal?.aborted || drain?.aborted) {
        if (!withdrawn) await withdraw();
        withdrawn = true;
        if (signal?.aborted) break;
        const active = (await jobs.getActive()).filter(ours);
        if (active.length === 0) break;
      }
      const finished = new Promise<void>((r) => {
        wake = r;
      });
      await Promise.race([sleep(pollMs), finished, ...(aborted ? [aborted] : [])]);
      await collectFailed();
    }
    await consumer.close(Boolean(signal?.aborted));
    await Promise.all(writes);
    if (writeError !== null) throw writeError;
    const remaining = counting.size;
    const result = await finishRun(store, run, progress, {
      planned: all.length,
      skipped,
      remaining,
      workers: 0,
    });
    if (remaining === 0 && (await results.getJobCounts('waiting', 'active')).waiting === 0)
      await results.obliterate({ force: true }).catch(() => {});
    return result;
  } finally {
    await consumer.close(true).catch(() => {});
    await jobs.close().catch(() => {});
    await results.close().catch(() => {});
    closeConnections();
  }
}

function abortPromise(signal: AbortSignal): Promise<void> {
  return new Promise((resolveAbort) => {
    if (signal.aborted) resolveAbort();
    else signal.addEventListener('abort', () => resolveAbort(), { once: true });
  });
}
