import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { cpuBackend } from './cpuBackend.js';
import { abortError, batchProgress, resolveBatchInput } from './internal/batchInput.js';
import { show } from './internal/validate.js';
import { workerScript } from './workerScript.js';
import type { ChunkTask } from './threadsWorker.js';
import type {
  Backend,
  BatchIntegrateOptions,
  BatchIntegrateResult,
  DataProblem,
  IntegrateOptions,
  IntegrateResult,
  IntegrationStatus,
  Problem,
} from './types.js';

/** Options of {@link createThreadedCpuBackend}. */
export interface ThreadedCpuBackendOptions {
  /** Worker threads (one chunk of members each). @default os.availableParallelism() */
  readonly threads?: number;
  /**
   * Batches with fewer members run on the calling thread (starting workers costs tens of ms).
   * @default 32
   */
  readonly minBatch?: number;
}

/** The threaded CPU backend: {@link Backend} with an asynchronous `integrateBatch`. */
export interface ThreadedCpuBackend extends Backend {
  /** `'cpu-float64'`: the results are bit-identical to cpuBackend's. */
  readonly name: 'cpu-float64';
  /** Always `'float64'`. */
  readonly precision: 'float64';
  /** Worker threads of the pool. */
  readonly threads: number;
  /** Batches below this size run on the calling thread. */
  readonly minBatch: number;
  /** One run, on the calling thread (cpuBackend.integrate). */
  integrate(problem: Problem, y0: ArrayLike<number>, options: IntegrateOptions): IntegrateResult;
  /**
   * `batch` members split into one chunk per worker thread; `options.onProgress` is called as each
   * chunk finishes, `options.signal` terminates the workers (rejecting with `signal.reason`).
   */
  integrateBatch(
    problem: DataProblem,
    y0: ArrayLike<number>,
    batch: number,
    options: BatchIntegrateOptions,
  ): Promise<BatchIntegrateResult>;
  /** Stops the worker threads (a later batch starts them again). */
  destroy(): Promise<void>;
}

function positiveInteger(fn: string, name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new RangeError(`${fn}: options.${name} must be a positive integer, got ${show(value)}`);
  }
  return value;
}

/**
 * Creates a CPU float64 backend that integrates batches on all cores: the members are split into
 * one contiguous chunk per worker thread (a piscina pool), each chunk runs exactly as
 * `cpuBackend.integrateBatch` runs it, and the chunks are put back in order, so the result is
 * bit-identical to the single-thread one. Batches below `minBatch` members run on the calling
 * thread. Node only (import `@idyn/integrators/threads`); browsers use `cpuBackend`.
 *
 * @param options - number of threads and the smallest batch sent to them
 * @returns the backend; call `destroy()` to stop its threads
 * @throws RangeError when `threads` or `minBatch` is not a positive integer
 * @example
 * const pool = createThreadedCpuBackend({ threads: 4 });
 * const r = await pool.integrateBatch(problem, theta0, 256, { times: [0, 1] });
 * r.status.length; // 256, equal to cpuBackend.integrateBatch(problem, theta0, 256, { times: [0, 1] })
 * await pool.destroy();
 * @see MATH.md §6
 */
export function createThreadedCpuBackend(options: ThreadedCpuBackendOptions = {}): ThreadedCpuBackend {
  const fn = 'createThreadedCpuBackend';
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`${fn}: options must be an object, got ${show(options)}`);
  }
  const threads = positiveInteger(fn, 'threads', options.threads, availableParallelism());
  const minBatch = positiveInteger(fn, 'minBatch', options.minBatch, 32);
  let pool: Piscina | null = null;
  const getPool = (): Piscina => {
    if (pool === null) {
      // The worker module next to this one: TypeScript from source, JS when built.
      const { filename, execArgv } = workerScript(import.meta.url, {
        source: './threadsWorker.ts',
        built: './threadsWorker.js',
      });
      pool = new Piscina({ filename, execArgv, minThreads: 0, maxThreads: threads, idleTimeout: 2000 });
    }
    return pool;
  };

  const integrateBatch = async (
    problem: DataProblem,
    y0: ArrayLike<number>,
    batch: number,
    opts: BatchIntegrateOptions,
  ): Promise<BatchIntegrateResult> => {
    const name = 'threadedCpuBackend.integrateBatch';
    const { resolved, B, all, settings, plain } = resolveBatchInput(name, problem, y0, batch, opts);
    if (B < minBatch || threads === 1) return cpuBackend.integrateBatch(problem, all, B, opts);
    const { onProgress, signal } = opts;
    if (signal?.aborted) throw abortError(signal);
    const n = resolved.n;
    const nt = settings.times.length;
    const chunks = Math.min(threads, B);
    const start = performance.now();
    let done = 0;
    let steps = 0;
    const p = getPool();
    const runs: Promise<BatchIntegrateResult>[] = [];
    for (let c = 0; c < chunks; c++) {
      // Contiguous chunks of ⌊B/chunks⌋ or ⌈B/chunks⌉ members.
      const from = Math.floor((c * B) / chunks);
      const to = Math.floor(((c + 1) * B) / chunks);
      const task: ChunkTask = { problem, y0: all.slice(from * n, to * n), batch: to - from, options: plain };
      runs.push(
        (p.run(task, signal === undefined ? {} : { signal }) as Promise<BatchIntegrateResult>).then((r) => {
          done += to - from;
          steps += r.stats.accepted + r.stats.rejected;
          onProgress?.(batchProgress(done, B, steps, start));
          return r;
        }),
      );
    }
    let parts: BatchIntegrateResult[];
    try {
      parts = await Promise.all(runs);
    } catch (error) {
      if (signal?.aborted) throw abortError(signal);
      throw error;
    }
    const y = new Float64Array(B * nt * n);
    const tStop = new Float64Array(B);
    const status: IntegrationStatus[] = [];
    const message: string[] = [];
    const stats = { nfev: 0, accepted: 0, rejected: 0 };
    const lawParts: Float64Array[] = [];
    let offset = 0;
    for (const r of parts) {
      y.set(r.y, offset * nt * n);
      tStop.set(r.tStop, offset);
      for (const s of r.status) status.push(s);
      for (const m of r.message) message.push(m);
      stats.nfev += r.stats.nfev;
      stats.accepted += r.stats.accepted;
      stats.rejected += r.stats.rejected;
      if (r.neuronLaws !== undefined) lawParts.push(r.neuronLaws);
      offset += r.shape[0];
    }
    let neuronLaws: Float64Array | undefined;
    if (lawParts.length > 0) {
      neuronLaws = new Float64Array(lawParts.reduce((s, l) => s + l.length, 0));
      let at = 0;
      for (const l of lawParts) {
        neuronLaws.set(l, at);
        at += l.length;
      }
    }
    return {
      t: settings.times.slice(),
      y,
      shape: [B, nt, n] as const,
      status,
      message,
      tStop,
      stats,
      ...(neuronLaws ? { neuronLaws } : {}),
      backend: 'cpu-float64',
    };
  };

  return Object.freeze({
    name: 'cpu-float64' as const,
    precision: 'float64' as const,
    kinds: cpuBackend.kinds,
    threads,
    minBatch,
    integrate: cpuBackend.integrate,
    integrateBatch,
    async destroy() {
      const p = pool;
      pool = null;
      if (p !== null) await p.destroy();
    },
  });
}
