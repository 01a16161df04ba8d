import type { IntegrationStatus } from '@idyn/integrators';
import {
  divergedStop,
  float32TimeResolution,
  maxStepsStop,
  nonFiniteRhsStop,
  nonFiniteStepStop,
  reachedMessage,
  type StepSettings,
  StepSizeController,
  startStop,
  tooSmallStop,
} from '@idyn/integrators/backend';
import type { WebGpuBatchIntegrateResult } from '../createWebGpuBackend.js';
import { type BatchLimits, pieces, planBatch } from './plan.js';
import type { GpuProblem } from './problem.js';
import {
  CTL_BYTES,
  STAGE_STRIDE,
  STATUS,
  UNIFORM_BYTES,
  WG,
  WHY,
  completeSource,
  countSource,
  finishSource,
  initASource,
  initBSource,
  proposeSource,
} from './wgsl.js';

// WebGPU flag values (spec constants), written out so that no global GPUBufferUsage is needed.
const MAP_READ = 0x0001;
const COPY_SRC = 0x0004;
const COPY_DST = 0x0008;
const UNIFORM = 0x0040;
const STORAGE = 0x0080;
const COMPUTE = 0x4;
const MAP_MODE_READ = 0x0001;

/** Uploads and copies are cut into pieces of at most this many bytes. */
export const MAX_TRANSFER_BYTES = 16 * 1024 * 1024;
/** 2^31 ticks span [t0, tEnd] in adaptive runs: member times are exact integers. */
const Q = 2 ** 31;
const F32_MAX = 3.4028234663852886e38;

/** Limits the runner obeys: the device's, possibly lowered by the caller. */
export interface RunLimits extends BatchLimits {
  /** Workgroup memory of one workgroup, bytes. */
  readonly maxComputeWorkgroupStorageSize: number;
}

/** The device and what is compiled on it, shared by every run of one backend. */
export interface DeviceContext {
  readonly device: GPUDevice;
  readonly limits: RunLimits;
  readonly memoryBudget: number;
  readonly layout: GPUBindGroupLayout;
  readonly pipelineLayout: GPUPipelineLayout;
  readonly pipelines: Map<string, Promise<GPUComputePipeline>>;
}

/** One member's end, as read back. */
export interface MemberResult {
  readonly status: IntegrationStatus;
  readonly message: string;
  readonly reached: number;
  readonly tStop: number;
  readonly nfev: number;
  readonly accepted: number;
  readonly rejected: number;
}

/** What a batched run hands back before the public result is assembled: the result's counters too. */
export type RawBatch = {
  readonly y: Float64Array;
  readonly members: readonly MemberResult[];
  /** Samples per workgroup tile of the right-hand side. */
  readonly tile: number;
} & Pick<
  WebGpuBatchIntegrateResult,
  'yStop' | 'readbacks' | 'dispatches' | 'submits' | 'chunks' | 'groups' | 'chunkSize'
>;

/**
 * Creates the bind group layout shared by every kernel: the uniform `u`, the control records,
 * Y, Y_new, the stage vectors, the outputs, the problem data, the output ticks / step schedule,
 * the running counters and the per-evaluation stage record (dynamic offset).
 */
export function createLayouts(device: GPUDevice): {
  layout: GPUBindGroupLayout;
  pipelineLayout: GPUPipelineLayout;
} {
  const storage = (binding: number, type: GPUBufferBindingType) => ({
    binding,
    visibility: COMPUTE,
    buffer: { type },
  });
  const layout = device.createBindGroupLayout({
    label: 'idyn-webgpu',
    entries: [
      { binding: 0, visibility: COMPUTE, buffer: { type: 'uniform' } },
      storage(1, 'storage'),
      storage(2, 'storage'),
      storage(3, 'storage'),
      storage(4, 'storage'),
      storage(5, 'storage'),
      storage(6, 'read-only-storage'),
      storage(7, 'read-only-storage'),
      storage(8, 'storage'),
      { binding: 9, visibility: COMPUTE, buffer: { type: 'uniform', hasDynamicOffset: true } },
    ],
  });
  return { layout, pipelineLayout: device.createPipelineLayout({ bindGroupLayouts: [layout] }) };
}

async function pipeline(ctx: DeviceContext, key: string, code: string): Promise<GPUComputePipeline> {
  let p = ctx.pipelines.get(key);
  if (p === undefined) {
    p = (async () => {
      const module = ctx.device.createShaderModule({ label: key, code });
      const info = await module.getCompilationInfo();
      const errors = info.messages.filter((m) => m.type === 'error');
      if (errors.length > 0) {
        throw new Error(
          `WGSL compilation of kernel ${key} failed: ${errors.map((e) => `${e.lineNum}:${e.linePos} ${e.message}`).join('; ')}`,
        );
      }
      return ctx.device.createComputePipelineAsync({
        label: key,
        layout: ctx.pipelineLayout,
        compute: { module, entryPoint: 'main' },
      });
    })();
    ctx.pipelines.set(key, p);
    p.catch(() => ctx.pipelines.delete(key));
  }
  return p;
}

interface Schedule {
  readonly h: Float64Array;
  readonly tStart: Float64Array;
  readonly tNew: Float64Array;
  readonly words: Uint32Array;
}

/**
 * The fixed-step schedule, in float64 exactly as the CPU engine steps it (its own step-size
 * controller in fixed mode): every member takes the same steps, so only f and the states are
 * per member on the GPU.
 */
function fixedSchedule(s: StepSettings, oi0: number): Schedule {
  const times = s.times;
  const nt = times.length;
  const tEnd = times[nt - 1]!;
  const ctl = new StepSizeController(s, s.tableau, s.step as number, tEnd);
  const h: number[] = [];
  const tStart: number[] = [];
  const tNew: number[] = [];
  const o: number[] = [];
  let t = s.t0;
  let oi = oi0;
  while (oi < nt) {
    if (!ctl.propose(t, times[oi]!)) break;
    const next = ctl.landing ? times[oi]! : t + ctl.hStep;
    const o0 = oi;
    while (oi < nt && times[oi]! <= next) oi++;
    h.push(ctl.hStep);
    tStart.push(t);
    tNew.push(next);
    o.push(o0, oi);
    t = next;
  }
  const buf = new ArrayBuffer(Math.max(16, h.length * 16));
  const f = new Float32Array(buf);
  const words = new Uint32Array(buf);
  h.forEach((hj, j) => {
    f[4 * j] = hj;
    words[4 * j + 1] = o[2 * j]!;
    words[4 * j + 2] = o[2 * j + 1]!;
  });
  return { h: Float64Array.from(h), tStart: Float64Array.from(tStart), tNew: Float64Array.from(tNew), words };
}

function uniformData(
  s: StepSettings,
  p: GpuProblem,
  count: number,
  chunk: number,
  nSched: number,
): ArrayBuffer {
  const buf = new ArrayBuffer(UNIFORM_BYTES);
  const w = new Uint32Array(buf);
  const f = new Float32Array(buf);
  const tab = s.tableau;
  const nt = s.times.length;
  const t0 = s.t0;
  const tEnd = s.times[nt - 1]!;
  const span = tEnd - t0;
  const adaptive = s.step === null;
  const S = tab.stages;
  w.set([
    count,
    chunk,
    nt,
    nSched,
    Math.min(s.maxSteps, 2 ** 32 - 1),
    Q,
    adaptive ? 1 : 0,
    p.dim,
    S,
    tab.fsal ? 1 : 0,
    tab.dense === null ? 0 : 1,
    tab.fsal ? S - 1 : S,
    tab.order,
    Number.isFinite(s.maxNorm) && s.maxNorm < F32_MAX ? 1 : 0,
    s.initialStep === null ? 0 : 1,
    adaptive && s.initialStep === null ? 1 : 0,
  ]);
  f.set(
    [
      s.rtol,
      s.atol,
      Math.min(s.maxStep, F32_MAX),
      s.safety,
      s.minFactor,
      s.maxFactor,
      s.beta,
      1 / (Math.max(tab.embeddedOrder, 1) + 1) - 0.75 * s.beta,
      Math.min(s.maxNorm, F32_MAX),
      span > 0 ? Q / span : 0,
      float32TimeResolution(Math.max(Math.abs(t0), Math.abs(tEnd))),
      span,
      s.initialStep ?? 0,
      p.scale,
      p.quartic,
      0,
    ],
    16,
  );
  tab.b.forEach((b, i) => {
    f[32 + i] = b;
  });
  tab.e?.forEach((e, i) => {
    f[40 + i] = e;
  });
  tab.dense?.forEach((poly, st) => {
    poly.forEach((c, j) => {
      f[48 + 4 * st + j] = c;
    });
  });
  return buf;
}

/** The per-evaluation stage records: k_0, the probe, stages 1..S−1, f(y_new). */
function stageTable(s: StepSettings): {
  data: ArrayBuffer;
  probe: number;
  stage: (st: number) => number;
  fNew: number;
} {
  const tab = s.tableau;
  const S = tab.stages;
  const entries = S + 2;
  const data = new ArrayBuffer(entries * STAGE_STRIDE);
  const put = (e: number, terms: [number, number][], out: number, source: number, writeYN: boolean) => {
    const w = new Uint32Array(data, e * STAGE_STRIDE, 20);
    const f = new Float32Array(data, e * STAGE_STRIDE, 20);
    w[0] = terms.length;
    w[1] = out;
    w[2] = source;
    w[3] = writeYN ? 1 : 0;
    terms.forEach(([c, j], t) => {
      f[4 + t] = c;
      w[12 + t] = j;
    });
  };
  put(0, [], 0, 0, false);
  put(1, [[1, 0]], 1, 0, false);
  for (let st = 1; st < S; st++) {
    const terms: [number, number][] = [];
    tab.a[st]!.forEach((c, j) => {
      if (c !== 0) terms.push([c, j]);
    });
    put(1 + st, terms, st, 0, tab.fsal && st === S - 1);
  }
  put(S + 1, [], tab.fsal ? S - 1 : S, 1, false);
  return {
    data,
    probe: STAGE_STRIDE,
    stage: (st) => (1 + st) * STAGE_STRIDE,
    fNew: (S + 1) * STAGE_STRIDE,
  };
}

/**
 * Runs `batch` members of one data problem on the device: uploads, the init pass (f(y0), the
 * initial step), then rounds of steps with a count of running members read back after each
 * round, and one read-back of the outputs, end states and control records per chunk.
 */
export async function runBatch(
  ctx: DeviceContext,
  fn: string,
  problem: GpuProblem,
  y0: Float64Array,
  batch: number,
  s: StepSettings,
): Promise<RawBatch> {
  const device = ctx.device;
  const D = problem.dim;
  const times = s.times;
  const nt = times.length;
  const t0 = s.t0;
  const tEnd = times[nt - 1]!;
  const span = tEnd - t0;
  const tab = s.tableau;
  const S = tab.stages;
  const adaptive = s.step === null;
  const slots = tab.fsal ? S : S + 1;
  let oi0 = 0;
  while (oi0 < nt && times[oi0]! === t0) oi0++;

  const y = new Float64Array(batch * nt * D).fill(Number.NaN);
  const yStop = new Float64Array(batch * D);
  const members: (MemberResult | undefined)[] = new Array(batch);
  // Rows at t0 are y0 itself; the divergence bound is checked at t0 in float64, as on the CPU.
  const runs: boolean[] = [];
  for (let b = 0; b < batch; b++) {
    const row = y0.subarray(b * D, (b + 1) * D);
    for (let i = 0; i < oi0; i++) y.set(row, (b * nt + i) * D);
    yStop.set(row, b * D);
    const start = startStop(row, s.maxNorm, t0);
    if (start !== null) {
      members[b] = {
        ...start,
        reached: oi0,
        tStop: t0,
        nfev: 0,
        accepted: 0,
        rejected: 0,
      };
    } else if (oi0 >= nt) {
      members[b] = {
        status: 'success',
        message: reachedMessage(t0),
        reached: oi0,
        tStop: t0,
        nfev: 0,
        accepted: 0,
        rejected: 0,
      };
    }
    runs.push(members[b] === undefined);
  }
  const counters = { readbacks: 0, dispatches: 0, submits: 0 };
  const src = problem.source(fn, ctx.limits.maxComputeWorkgroupStorageSize);
  const plan = planBatch({ batch, dim: D, outputs: nt, slots, memoryBudget: ctx.memoryBudget }, ctx.limits);
  if (!runs.some((r) => r)) {
    return {
      y,
      yStop,
      members: members as MemberResult[],
      ...counters,
      chunks: 0,
      groups: 0,
      chunkSize: plan.chunkSize,
      tile: src.tile,
    };
  }

  const [rhs, propose, initA, initB, complete, finish, count] = await Promise.all([
    pipeline(ctx, src.key, src.code),
    pipeline(ctx, 'propose', proposeSource()),
    pipeline(ctx, 'initA', initASource()),
    pipeline(ctx, 'initB', initBSource()),
    pipeline(ctx, 'complete', completeSource()),
    pipeline(ctx, 'finish', finishSource()),
    pipeline(ctx, 'count', countSource()),
  ]);

  const schedule = adaptive ? null : fixedSchedule(s, oi0);
  const nSched = schedule === null ? 0 : schedule.h.length;
  let timesWords: Uint32Array;
  if (schedule !== null) timesWords = schedule.words;
  else {
    timesWords = new Uint32Array(Math.max(4, nt));
    for (let i = 0; i < nt; i++) {
      timesWords[i] = i === nt - 1 ? Q : Math.min(Q, Math.max(0, Math.round(((times[i]! - t0) / span) * Q)));
    }
  }
  const table = stageTable(s);

  const owned: GPUBuffer[] = [];
  const buffer = (size: number, usage: number, label: string): GPUBuffer => {
    const b = device.createBuffer({ size: Math.max(16, Math.ceil(size / 4) * 4), usage, label });
    owned.push(b);
    return b;
  };
  const upload = (dst: GPUBuffer, data: ArrayBufferView): void => {
    const bytes = new Uint8Array(data.buffer as ArrayBuffer, data.byteOffset, data.byteLength);
    for (const [o, n] of pieces(bytes.byteLength, MAX_TRANSFER_BYTES)) {
      device.queue.writeBuffer(dst, o, bytes, o, n);
    }
  };
  const readBack = async (buf: GPUBuffer, size: number): Promise<ArrayBuffer> => {
    await buf.mapAsync(MAP_MODE_READ, 0, size);
    counters.readbacks++;
    const copy = buf.getMappedRange(0, size).slice(0);
    buf.unmap();
    return copy;
  };

  device.pushErrorScope('validation');
  device.pushErrorScope('out-of-memory');
  let failure: unknown = null;
  try {
    const dataBuf = buffer(problem.data.byteLength, STORAGE | COPY_DST, 'data');
    upload(dataBuf, problem.data);
    const timesBuf = buffer(timesWords.byteLength, STORAGE | COPY_DST, 'times');
    upload(timesBuf, timesWords);
    const stageBuf = buffer(table.data.byteLength, UNIFORM | COPY_DST, 'stages');
    upload(stageBuf, new Uint8Array(table.data));

    for (const group of plan.groups) {
      const statusBuf = buffer(group.length * 4, STORAGE | COPY_SRC | COPY_DST, 'status');
      const statusRead = buffer(group.length * 4, MAP_READ | COPY_DST, 'status-read');
      const chunks = group.map((ci, gi) => {
        const { start, count: n } = plan.chunks[ci]!;
        const u = buffer(UNIFORM_BYTES, UNIFORM | COPY_DST, 'u');
        upload(u, new Uint8Array(uniformData(s, problem, n, gi, nSched)));
        const ctlData = new ArrayBuffer(n * CTL_BYTES);
        const cw = new Uint32Array(ctlData);
        const cf = new Float32Array(ctlData);
        for (let m = 0; m < n; m++) {
          const w0 = (m * CTL_BYTES) / 4;
          cw[w0 + 3] = oi0;
          cf[w0 + 10] = 1e-4;
          if (runs[start + m]) cw[w0 + 11] = 1;
          else cw[w0 + 2] = STATUS.success; // settled on the CPU: the kernels skip it
        }
        const ctlBuf = buffer(ctlData.byteLength, STORAGE | COPY_SRC | COPY_DST, 'ctl');
        upload(ctlBuf, new Uint8Array(ctlData));
        const yBuf = buffer(n * D * 4, STORAGE | COPY_SRC | COPY_DST, 'y');
        upload(yBuf, Float32Array.from(y0.subarray(start * D, (start + n) * D)));
        const ynBuf = buffer(n * D * 4, STORAGE, 'ynew');
        const kBuf = buffer(slots * n * D * 4, STORAGE, 'k');
        const outBuf = buffer(n * nt * D * 4, STORAGE | COPY_SRC, 'out');
        const bind = device.createBindGroup({
          layout: ctx.layout,
          entries: [
            { binding: 0, resource: { buffer: u } },
            { binding: 1, resource: { buffer: ctlBuf } },
            { binding: 2, resource: { buffer: yBuf } },
            { binding: 3, resource: { buffer: ynBuf } },
            { binding: 4, resource: { buffer: kBuf } },
            { binding: 5, resource: { buffer: outBuf } },
            { binding: 6, resource: { buffer: dataBuf } },
            { binding: 7, resource: { buffer: timesBuf } },
            { binding: 8, resource: { buffer: statusBuf } },
            { binding: 9, resource: { buffer: stageBuf, size: 80 } },
          ],
        });
        return { start, n, ctlBuf, yBuf, outBuf, bind };
      });

      type Chunk = (typeof chunks)[number];
      const perMember = (pass: GPUComputePassEncoder, p: GPUComputePipeline, c: Chunk, stage = 0) => {
        pass.setPipeline(p);
        pass.setBindGroup(0, c.bind, [stage]);
        pass.dispatchWorkgroups(c.n);
        counters.dispatches++;
      };
      const perThread = (pass: GPUComputePassEncoder, p: GPUComputePipeline, c: Chunk) => {
        pass.setPipeline(p);
        pass.setBindGroup(0, c.bind, [0]);
        pass.dispatchWorkgroups(Math.ceil(c.n / WG));
        counters.dispatches++;
      };
      const submit = (enc: GPUCommandEncoder) => {
        device.queue.submit([enc.finish()]);
        counters.submits++;
      };

      // Init: f(y0) into slot 0, the non-finite check and the initial step.
      {
        const enc = device.createCommandEncoder();
        const pass = enc.beginComputePass();
        for (const c of chunks) perMember(pass, rhs, c, 0);
        for (const c of chunks) perMember(pass, initA, c);
        if (adaptive && s.initialStep === null) {
          for (const c of chunks) perMember(pass, rhs, c, table.probe);
          for (const c of chunks) perMember(pass, initB, c);
        }
        pass.end();
        submit(enc);
      }

      // Rounds of steps; the number of steps per round adapts to a quarter of a second.
      let perRound = 4;
      let done = 0;
      const cap = adaptive ? Number.POSITIVE_INFINITY : nSched + 1;
      for (;;) {
        const k = Math.min(perRound, cap - done);
        const t1 = performance.now();
        const enc = device.createCommandEncoder();
        if (k > 0) {
          const pass = enc.beginComputePass();
          for (let it = 0; it < k; it++) {
            for (const c of chunks) perThread(pass, propose, c);
            for (let st = 1; st < S; st++) for (const c of chunks) perMember(pass, rhs, c, table.stage(st));
            for (const c of chunks) perMember(pass, complete, c);
            if (!tab.fsal) for (const c of chunks) perMember(pass, rhs, c, table.fNew);
            for (const c of chunks) perMember(pass, finish, c);
          }
          pass.end();
        }
        done += k;
        enc.clearBuffer(statusBuf);
        const cpass = enc.beginComputePass();
        for (const c of chunks) perThread(cpass, count, c);
        cpass.end();
        enc.copyBufferToBuffer(statusBuf, 0, statusRead, 0, group.length * 4);
        submit(enc);
        const running = new Uint32Array(await readBack(statusRead, group.length * 4)).reduce(
          (a, b) => a + b,
          0,
        );
        if (running === 0) break;
        if (done >= cap) {
          throw new Error(`${fn}: internal error: ${running} members still running after the whole schedule`);
        }
        const perStep = (performance.now() - t1) / Math.max(k, 1);
        perRound = Math.max(1, Math.min(256, Math.round(250 / Math.max(perStep, 1e-3))));
      }

      // One read-back per chunk: outputs, end states and control records.
      const reads = chunks.map((c) => {
        const outBytes = c.n * nt * D * 4;
        const yBytes = c.n * D * 4;
        const ctlBytes = c.n * CTL_BYTES;
        const total = outBytes + yBytes + ctlBytes;
        const split = total > ctx.limits.maxBufferSize;
        const parts = split
          ? [
              [c.outBuf, outBytes],
              [c.yBuf, yBytes],
              [c.ctlBuf, ctlBytes],
            ]
          : [[null, total]];
        const staging = parts.map(([, size]) => buffer(size as number, MAP_READ | COPY_DST, 'read'));
        const enc = device.createCommandEncoder();
        const srcs: [GPUBuffer, number][] = [
          [c.outBuf, outBytes],
          [c.yBuf, yBytes],
          [c.ctlBuf, ctlBytes],
        ];
        let offset = 0;
        srcs.forEach(([b, size], i) => {
          const dst = split ? staging[i]! : staging[0]!;
          const at = split ? 0 : offset;
          for (const [o, len] of pieces(size, MAX_TRANSFER_BYTES))
            enc.copyBufferToBuffer(b, o, dst, at + o, len);
          offset += size;
        });
        submit(enc);
        return { c, staging, sizes: srcs.map(([, size]) => size), split };
      });
      for (const r of reads) {
        let buf: ArrayBuffer;
        if (r.split) {
          const partsRead = [];
          for (let i = 0; i < 3; i++) partsRead.push(await readBack(r.staging[i]!, r.sizes[i]!));
          const joined = new Uint8Array(r.sizes.reduce((a, b) => a + b, 0));
          let o = 0;
          for (const p of partsRead) {
            joined.set(new Uint8Array(p), o);
            o += p.byteLength;
          }
          buf = joined.buffer;
        } else {
          buf = await readBack(
            r.staging[0]!,
            r.sizes.reduce((a, b) => a + b, 0),
          );
        }
        const outF = new Float32Array(buf, 0, r.c.n * nt * D);
        const yF = new Float32Array(buf, r.sizes[0]!, r.c.n * D);
        const ctlW = new Uint32Array(buf, r.sizes[0]! + r.sizes[1]!, (r.c.n * CTL_BYTES) / 4);
        const ctlF = new Float32Array(buf, r.sizes[0]! + r.sizes[1]!, (r.c.n * CTL_BYTES) / 4);
        for (let m = 0; m < r.c.n; m++) {
          const b = r.c.start + m;
          if (!runs[b]) continue;
          const w0 = (m * CTL_BYTES) / 4;
          const reached = ctlW[w0 + 3]!;
          for (let i = oi0; i < reached; i++) {
            const src = (m * nt + i) * D;
            const dst = (b * nt + i) * D;
            for (let q = 0; q < D; q++) y[dst + q] = outF[src + q]!;
          }
          for (let q = 0; q < D; q++) yStop[b * D + q] = yF[m * D + q]!;
          members[b] = memberResult(s, schedule, ctlW, ctlF, w0, reached);
        }
      }
      for (const b of owned.splice(3)) b.destroy();
    }
  } catch (e) {
    failure = e;
  }
  // A device error explains a failure better than its consequences: report it first.
  const oom = await device.popErrorScope();
  const invalid = await device.popErrorScope();
  for (const b of owned) b.destroy();
  if (oom !== null) {
    throw new RangeError(
      `${fn}: the device ran out of memory (${oom.message}); pass a smaller memoryBudget to createWebGpuBackend (the batch then runs in more groups)`,
    );
  }
  if (invalid !== null) throw new Error(`${fn}: WebGPU validation error: ${invalid.message}`);
  if (failure !== null) throw failure;
  return {
    y,
    yStop,
    members: members as MemberResult[],
    ...counters,
    chunks: plan.chunks.length,
    groups: plan.groups.length,
    chunkSize: plan.chunkSize,
    tile: src.tile,
  };
}

function memberResult(
  s: StepSettings,
  schedule: Schedule | null,
  w: Uint32Array,
  f: Float32Array,
  w0: number,
  reached: number,
): MemberResult {
  const status = w[w0 + 2]!;
  const steps = w[w0 + 4]!;
  const theta = f[w0 + 12]!;
  const why = w[w0 + 13]!;
  const hStep = f[w0 + 9]!;
  const nt = s.times.length;
  const t0 = s.t0;
  const tEnd = s.times[nt - 1]!;
  let t: number;
  let tStep = t0;
  let hLast = hStep;
  if (schedule === null) {
    const tau = w[w0]!;
    const ticks = w[w0 + 1]!;
    const at = status === STATUS.diverged ? tau + theta * ticks : tau;
    t = at === 2 ** 31 ? tEnd : t0 + (at / 2 ** 31) * (tEnd - t0);
    tStep = t0 + (tau / 2 ** 31) * (tEnd - t0);
    if (status === STATUS.success) t = tEnd;
  } else {
    const j = steps - 1;
    if (steps === 0) t = t0;
    else if (status === STATUS.maxSteps || status === STATUS.success) t = schedule.tNew[j]!;
    else if (theta === 0) t = schedule.tStart[j]!;
    else if (theta === 1) t = schedule.tNew[j]!;
    else t = schedule.tStart[j]! + theta * schedule.h[j]!;
    if (j >= 0) {
      tStep = schedule.tStart[j]!;
      hLast = schedule.h[j]!;
    }
  }
  const base = { reached, tStop: t, nfev: w[w0 + 7]!, accepted: w[w0 + 5]!, rejected: w[w0 + 6]! };
  // Each status and message is a named rule of @idyn/integrators/backend, as on the CPU; the one
  // deviation is the resolution of time (2^31 float32-converted ticks over [t0, tEnd]: the kernels'
  // belowTimeResolution is h ≤ 16 ε₃₂ max(|t0|, |tEnd|), see float32TimeResolution), which the
  // step-too-small message names with its value.
  switch (status) {
    case STATUS.success:
      return { ...base, status: 'success', message: reachedMessage(t) };
    case STATUS.diverged:
      return { ...base, ...divergedStop(s.maxNorm, t) };
    case STATUS.maxSteps:
      return { ...base, ...maxStepsStop(s.maxSteps, t, tEnd) };
    case STATUS.stepTooSmall: {
      const resolution = float32TimeResolution(Math.max(Math.abs(t0), Math.abs(tEnd)));
      return {
        ...base,
        ...tooSmallStop(hStep, t, false, `the float32 resolution 16 ε₃₂ max(|t0|, |tEnd|) = ${resolution}`),
      };
    }
    case STATUS.nonFinite:
      return {
        ...base,
        ...(why === WHY.trial
          ? nonFiniteStepStop(tStep, hLast)
          : why === WHY.shrank
            ? tooSmallStop(hStep, t, true)
            : nonFiniteRhsStop(t)),
      };
    default:
      throw new Error(`internal error: member status ${status} after the run`);
  }
}
