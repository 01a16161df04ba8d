import type {
  Backend,
  BatchIntegrateOptions,
  BatchIntegrateResult,
  DataProblem,
  IntegrateOptions,
  IntegrateResult,
} from '@idyn/integrators';
import {
  batchNeuronLaws,
  batchResultOf,
  checkFloat32Rtol,
  FLOAT32_RTOL_FLOOR,
  FLOAT32_TOLERANCES,
  memberRunResult,
  resolveFloat32Batch,
  type StepSettings,
  show,
} from '@idyn/integrators/backend';
import type { WebGpuAdapterInfo } from './availableWebGpu.js';
import { adapterInfo, adapterLabel, type Environment, requestAdapter } from './internal/adapter.js';
import { gpuProblem } from './internal/problem.js';
import {
  createLayouts,
  type DeviceContext,
  type RawBatch,
  type RunLimits,
  runBatch,
} from './internal/runner.js';

/**
 * Smallest `rtol` of adaptive (DOPRI5) runs (1e-5) and the default tolerances `{ rtol: 1e-5, atol:
 * 1e-7 }` of this float32 backend: those of every float32 backend (`FLOAT32_RTOL_FLOOR` and
 * `FLOAT32_TOLERANCES` of @idyn/integrators/backend, shared with the gpu.js backend).
 */
export { FLOAT32_RTOL_FLOOR, FLOAT32_TOLERANCES };

/** Device limits that may be lowered for a backend (to test the splitting, or to leave room). */
export interface WebGpuLimits {
  /** Largest storage binding, bytes. @default the device's */
  readonly maxStorageBufferBindingSize?: number;
  /** Largest buffer, bytes. @default the device's */
  readonly maxBufferSize?: number;
  /** Largest workgroup count per dispatch dimension. @default the device's */
  readonly maxComputeWorkgroupsPerDimension?: number;
  /** Workgroup memory, bytes. @default the device's */
  readonly maxComputeWorkgroupStorageSize?: number;
}

/** Options of {@link createWebGpuBackend}. */
export interface WebGpuBackendOptions {
  /** The GPU object (`navigator.gpu`, or Dawn's in Node). @default globalThis.navigator?.gpu */
  readonly gpu?: GPU;
  /** A device to use instead of requesting one (its adapter's identity is then `adapter`). @default a new device */
  readonly device?: GPUDevice;
  /** Identity of `device`'s adapter, when a device is passed. @default read from device.adapterInfo */
  readonly adapter?: WebGpuAdapterInfo;
  /** Adapter preference. @default 'high-performance' */
  readonly powerPreference?: GPUPowerPreference;
  /** Accept a fallback (software) adapter such as SwiftShader; results name it. @default true */
  readonly allowFallbackAdapter?: boolean;
  /** Lower limits than the device's (never higher). @default the device's limits */
  readonly limits?: WebGpuLimits;
  /** Device memory one run may hold at once, bytes; larger batches run in groups. @default 1 GiB */
  readonly memoryBudget?: number;
}

/** What the WebGPU backend adds to a batch result. */
export interface WebGpuBatchIntegrateResult extends BatchIntegrateResult {
  /** The adapter that ran (also named in `backend`). */
  readonly adapter: WebGpuAdapterInfo;
  /** States where each member stopped, row-major `[batch, dim]`. */
  readonly yStop: Float64Array;
  /** Accepted steps per member. */
  readonly accepted: Float64Array;
  /** Rejected steps per member. */
  readonly rejected: Float64Array;
  /** Buffer read-backs (mapAsync): one per status poll, one per chunk (or three when split) at the end. */
  readonly readbacks: number;
  /** Compute dispatches in all. */
  readonly dispatches: number;
  /** Queue submissions in all. */
  readonly submits: number;
  /** Chunks the batch was split into (buffers and dispatches under the device limits). */
  readonly chunks: number;
  /** Groups of chunks run one after another (memory budget). */
  readonly groups: number;
  /** Members per chunk. */
  readonly chunkSize: number;
}

/** What the WebGPU backend adds to a single-run result. */
export interface WebGpuIntegrateResult extends IntegrateResult {
  /** The adapter that ran. */
  readonly adapter: WebGpuAdapterInfo;
  /** `webgpu:vendor/architecture`, as in batch results. */
  readonly backend: string;
  /** Buffer read-backs. */
  readonly readbacks: number;
  /** Compute dispatches. */
  readonly dispatches: number;
}

/** The WebGPU backend: a {@link Backend} for data-described problems, float32 on the GPU. */
export interface WebGpuBackend extends Backend {
  /** `webgpu:vendor/architecture` (plus ` (fallback adapter)`). */
  readonly name: string;
  /** Everything on the device is float32. */
  readonly precision: 'float32';
  /** Data-described problems only. */
  readonly kinds: readonly ('linear' | 'layered-flow')[];
  /** The adapter that runs every call. */
  readonly adapter: WebGpuAdapterInfo;
  /** The limits the backend obeys (the device's, possibly lowered by `options.limits`). */
  readonly limits: Readonly<Required<WebGpuLimits>>;
  /** One flow, as a batch of one. */
  integrate(
    problem: DataProblem,
    y0: ArrayLike<number>,
    options: IntegrateOptions,
  ): Promise<WebGpuIntegrateResult>;
  /** `batch` independent flows from the rows of y0, each with its own step-size control. */
  integrateBatch(
    problem: DataProblem,
    y0: ArrayLike<number>,
    batch: number,
    options: BatchIntegrateOptions,
  ): Promise<WebGpuBatchIntegrateResult>;
  /** Destroys the device (when the backend created it); later calls throw. */
  destroy(): void;
}

function lowered(fn: string, device: GPUDevice, options: WebGpuLimits | undefined): RunLimits {
  const d = device.limits;
  const pick = (name: keyof WebGpuLimits): number => {
    const v = options?.[name];
    if (v === undefined) return d[name];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
      throw new RangeError(`${fn}: options.limits.${name} must be a positive integer, got ${show(v)}`);
    }
    return Math.min(v, d[name]);
  };
  return {
    maxStorageBufferBindingSize: pick('maxStorageBufferBindingSize'),
    maxBufferSize: pick('maxBufferSize'),
    maxComputeWorkgroupsPerDimension: pick('maxComputeWorkgroupsPerDimension'),
    maxComputeWorkgroupStorageSize: pick('maxComputeWorkgroupStorageSize'),
  };
}

/** Shared by the browser and Node entries (the environment only changes the messages). */
export async function createBackend(
  options: WebGpuBackendOptions,
  env: Environment,
  vulkanLoader: string | null,
  keepAlive: unknown,
): Promise<WebGpuBackend> {
  const fn = 'createWebGpuBackend';
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`${fn}: options must be an object, got ${show(options)}`);
  }
  const memoryBudget = options.memoryBudget ?? 2 ** 30;
  if (typeof memoryBudget !== 'number' || !(memoryBudget > 0)) {
    throw new RangeError(
      `${fn}: options.memoryBudget must be a number of bytes > 0, got ${show(memoryBudget)}`,
    );
  }
  let device: GPUDevice;
  let info: WebGpuAdapterInfo;
  let owns = false;
  if (options.device !== undefined) {
    device = options.device;
    const fromDevice = (device as { adapterInfo?: GPUAdapterInfo }).adapterInfo;
    info = options.adapter ?? {
      vendor: fromDevice?.vendor ?? '',
      architecture: fromDevice?.architecture ?? '',
      device: fromDevice?.device ?? '',
      description: fromDevice?.description ?? '',
      isFallbackAdapter:
        (fromDevice as { isFallbackAdapter?: boolean } | undefined)?.isFallbackAdapter === true,
    };
  } else {
    const gpu = options.gpu ?? (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
    const adapter = await requestAdapter(
      gpu,
      env,
      options.powerPreference ?? 'high-performance',
      vulkanLoader,
    );
    info = adapterInfo(adapter);
    if (info.isFallbackAdapter && options.allowFallbackAdapter === false) {
      throw new RangeError(
        `${fn}: the only adapter is a fallback (software) adapter ${adapterLabel(info)} and options.allowFallbackAdapter is false`,
      );
    }
    const a = adapter.limits;
    device = await adapter.requestDevice({
      requiredLimits: {
        maxStorageBufferBindingSize: a.maxStorageBufferBindingSize,
        maxBufferSize: a.maxBufferSize,
        maxComputeWorkgroupStorageSize: a.maxComputeWorkgroupStorageSize,
        maxComputeWorkgroupsPerDimension: a.maxComputeWorkgroupsPerDimension,
      },
    });
    owns = true;
  }
  const limits = lowered(fn, device, options.limits);
  const { layout, pipelineLayout } = createLayouts(device);
  const ctx: DeviceContext = { device, limits, memoryBudget, layout, pipelineLayout, pipelines: new Map() };
  const name = adapterLabel(info);
  let lost: string | null = null;
  void device.lost.then((l) => {
    lost = `${l.reason}: ${l.message}`;
  });
  let destroyed = false;
  // Runs on one device are serialized: each run pushes and pops its own error scopes.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(job: () => Promise<T>): Promise<T> => {
    const next = queue.then(job, job);
    queue = next.catch(() => undefined);
    return next;
  };

  const run = async (
    fnName: string,
    problem: DataProblem,
    y0: ArrayLike<number>,
    batch: number,
    options: BatchIntegrateOptions,
    single: boolean,
  ): Promise<{ raw: RawBatch; settings: StepSettings; D: number; wantLaws: boolean }> => {
    // The validation every float32 backend shares (problem, batch, y0, batch options, budget,
    // settings), then this backend's rtol floor.
    const v = resolveFloat32Batch(fnName, problem, y0, batch, options, 'WebGPU', { single });
    const { B, all, settings } = v;
    checkFloat32Rtol(fnName, settings);
    const resolved = gpuProblem(v.resolved);
    const D = resolved.dim;
    if (destroyed) throw new Error(`${fnName}: the backend was destroyed`);
    if (lost !== null) throw new Error(`${fnName}: the WebGPU device was lost (${lost})`);
    void keepAlive;
    const raw = await serial(() => runBatch(ctx, fnName, resolved, all, B, settings));
    return { raw, settings, D, wantLaws: v.wantLaws };
  };

  const integrateBatch = async (
    problem: DataProblem,
    y0: ArrayLike<number>,
    batch: number,
    options: BatchIntegrateOptions,
  ): Promise<WebGpuBatchIntegrateResult> => {
    const fnName = `${fn}.integrateBatch`;
    const { raw, settings, D, wantLaws } = await run(fnName, problem, y0, batch, options, false);
    const nt = settings.times.length;
    const neuronLaws =
      wantLaws && problem.kind === 'layered-flow'
        ? batchNeuronLaws(problem, raw.y, nt, raw.members)
        : undefined;
    const { y, members, tile: _tile, ...counters } = raw;
    return {
      ...batchResultOf(settings.times, y, D, members, name, neuronLaws),
      adapter: info,
      ...counters,
    };
  };

  const integrate = async (
    problem: DataProblem,
    y0: ArrayLike<number>,
    options: IntegrateOptions,
  ): Promise<WebGpuIntegrateResult> => {
    const fnName = `${fn}.integrate`;
    const { raw, settings, D } = await run(fnName, problem, y0, 1, options, true);
    return {
      ...memberRunResult(raw.members[0]!, settings.times, raw.y, D, raw.yStop, settings.method),
      adapter: info,
      backend: name,
      readbacks: raw.readbacks,
      dispatches: raw.dispatches,
    };
  };

  return Object.freeze({
    name,
    precision: 'float32' as const,
    kinds: Object.freeze(['linear', 'layered-flow'] as const),
    adapter: info,
    limits: Object.freeze({ ...limits }),
    integrate,
    integrateBatch,
    destroy() {
      destroyed = true;
      if (owns) device.destroy();
    },
  });
}

/**
 * Creates the WebGPU backend: B independent flows of a data-described problem (`linear`, or
 * `layered-flow` with MSE or the synthetic loss, ReLU/identity layers, biases) integrated
 * entirely on the GPU in WGSL compute kernels, float32: per-member weights and activations tiled
 * in workgroup memory for the forward and backward passes, the Runge–Kutta stage combinations,
 * per-member scaled error norms and PI step-size control with the CPU engine's rules, dense
 * output, divergence location and masking of finished members. States are read back only at the
 * end of a run (plus a small count of running members after each round of steps); results report
 * `readbacks` and `dispatches` and name the adapter that ran. Batches are split into chunks whose
 * buffers and dispatches stay under the device limits.
 *
 * In a browser it uses `navigator.gpu`; in Node import `createWebGpuBackend` from
 * `@idyn/integrators-webgpu/node` (Dawn). Without an adapter it throws
 * {@link WebGpuUnavailableError} naming what is missing; it never falls back to the CPU.
 *
 * @param options - GPU object or device, limits, memory budget, see {@link WebGpuBackendOptions}
 * @returns the backend (its `integrate`/`integrateBatch` return promises)
 * @throws WebGpuUnavailableError when no adapter is found; RangeError for a fallback adapter with
 *   `allowFallbackAdapter: false` or bad limits; the runs throw RangeError for an adaptive rtol
 *   below {@link FLOAT32_RTOL_FLOOR} or a problem too large for the workgroup memory
 * @example
 * const gpu = await createWebGpuBackend();
 * const r = await gpu.integrateBatch({ kind: 'linear', dim: 1, A: [-1] }, [1, 2], 2, { times: [0, 1] });
 * r.backend; // e.g. 'webgpu:google/swiftshader (fallback adapter)' in headless Chromium
 * r.y[1];    // ≈ 0.36788 (= e^{-1}), to float32 accuracy
 * @see MATH.md §5 (linear networks, synthetic loss), §6 (numerics)
 */
export async function createWebGpuBackend(options: WebGpuBackendOptions = {}): Promise<WebGpuBackend> {
  return createBackend(options, 'browser', null, null);
}
