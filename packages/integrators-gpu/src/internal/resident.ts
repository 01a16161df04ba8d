import type { IntegrationStatus } from '@idyn/integrators';
import {
  divergedStop,
  exceedsMaxNorm,
  maxStepsStop,
  nonFiniteRhsStop,
  nonFiniteStepStop,
  reachedMessage,
  StepSizeController,
  type StopReason,
  startStop,
  tooSmallStop,
} from '@idyn/integrators/backend';
import type { GPU } from 'gpu.js';
import { kernelClassName } from './modes.js';
import type { ResolvedProblem } from './problem.js';
import { createResidentRhs } from './rhs.js';
import {
  CTRL_FIELDS,
  F,
  type RkKernels,
  type RkShape,
  STATUS_CODES,
  compileRk,
  denseStages,
} from './rkKernels.js';
import type { Settings } from './settings.js';
import { type Kernel, type Tensor, createLoader, input, readBack, release } from './tensor.js';

/** What one member's run hands back. */
export interface MemberResult {
  readonly status: IntegrationStatus;
  readonly message: string;
  /** Output rows reached (a prefix of the requested times). */
  readonly reached: number;
  readonly tStop: number;
  readonly yStop: Float64Array;
  readonly nfev: number;
  readonly accepted: number;
  readonly rejected: number;
}

/** How a member ended: a status and its message (a `StopReason`, or success). */
type MemberEnd = Pick<MemberResult, 'status' | 'message'>;

/** Progress of a resident run, reported at every status summary. */
export interface ResidentProgress {
  /** Members that have stopped (success or otherwise). */
  readonly membersDone: number;
  /** Trial steps taken so far, summed over the members (accepted + rejected). */
  readonly trajectorySteps: number;
  /** Rounds so far (one trial step of every active member per round). */
  readonly rounds: number;
}

/** The result of a resident run of one chunk of members. */
export interface ResidentResult {
  /** `[B, nt, dim]`, NaN in rows a member did not reach. */
  readonly y: Float64Array;
  readonly members: readonly MemberResult[];
  readonly rounds: number;
  readonly evaluations: number;
  readonly kernelLaunches: number;
  /** Read-backs from the device (each one a synchronisation point). */
  readonly readbacks: number;
  /** Output read-backs among them. */
  readonly outputReadbacks: number;
  /** Status-summary read-backs among them. */
  readonly summaryReadbacks: number;
  readonly kernelClasses: readonly string[];
}

/** Knobs of a resident run. */
export interface ResidentOptions {
  /** Rounds between status summaries. */
  readonly statusEvery: number;
  /** Output tensors live at once (a step records at most this many output times). */
  readonly outputSlots: number;
}

function cached<T>(cache: Map<string, unknown>, key: string, make: () => T): T {
  let v = cache.get(key) as T | undefined;
  if (v === undefined) {
    v = make();
    cache.set(key, v);
  }
  return v;
}

/** Splits x into a float32 head and a float32 tail: x ≈ hi + lo to ~2^−48 relative. */
function split32(x: number): [number, number] {
  const hi = Math.fround(x);
  return [hi, Math.fround(x - hi)];
}

/**
 * Runs B members of one problem with the whole integration on the device: the state, the stages,
 * the per-member step-size control and the outputs are gpu.js tensors (pipeline textures on GL)
 * from the upload of y0 to the end. The host reads back only the output rows (once per output
 * time, when every running member has passed it), a small status summary every `statusEvery`
 * rounds (yielded as progress), and at the end the control records and the final states.
 *
 * Adaptive DOPRI5 keeps, per member, t, h, the PI controller's memory, the counters and the status
 * in a control tensor; fixed-step methods share the CPU's step sequence (StepSizeController of
 * @idyn/integrators/backend in float64), and only the stops are per member.
 */
export function* runResident(
  gpu: GPU,
  cache: Map<string, unknown>,
  resolved: ResolvedProblem,
  y0: Float64Array,
  B: number,
  s: Settings,
  o: ResidentOptions,
): Generator<ResidentProgress, ResidentResult, void> {
  const D = resolved.dim;
  const times = s.times;
  const nt = times.length;
  const t0 = s.t0;
  const tEnd = times[nt - 1]!;
  const tab = s.tableau;
  const S = tab.stages;
  const adaptive = s.step === null;
  const y = new Float64Array(B * nt * D).fill(Number.NaN);
  let oi0 = 0;
  while (oi0 < nt && times[oi0]! === t0) oi0++;
  // Outputs at t0 and the divergence check at t0 are the CPU engine's, in float64.
  const pre = new Float32Array(B);
  for (let b = 0; b < B; b++) {
    const row = y0.subarray(b * D, (b + 1) * D);
    for (let j = 0; j < oi0; j++) y.set(row, (b * nt + j) * D);
    if (exceedsMaxNorm(row, s.maxNorm)) pre[b] = 2;
  }
  // Every status and message below is a named rule of @idyn/integrators/backend (runStatus), as
  // on the CPU; only the times come from the device.
  const atStart = (b: number, stop: MemberEnd, nfev: number): MemberResult => ({
    ...stop,
    reached: oi0,
    tStop: t0,
    yStop: y0.slice(b * D, (b + 1) * D),
    nfev,
    accepted: 0,
    rejected: 0,
  });
  const divergedAtStart = (b: number) =>
    atStart(b, startStop(y0.subarray(b * D, (b + 1) * D), s.maxNorm, t0)!, 0);
  const nonFiniteAtStart = (b: number, yStop: Float64Array): MemberResult => ({
    ...atStart(b, nonFiniteRhsStop(t0), 1),
    yStop,
  });
  const empty = { rounds: 0, evaluations: 0, kernelLaunches: 0, readbacks: 0, outputReadbacks: 0 };
  if (oi0 >= nt) {
    const members = Array.from({ length: B }, (_, b) =>
      pre[b] === 2 ? divergedAtStart(b) : atStart(b, { status: 'success', message: reachedMessage(t0) }, 0),
    );
    return { y, members, ...empty, summaryReadbacks: 0, kernelClasses: [] };
  }

  const maxNorm = Number.isFinite(s.maxNorm) && s.maxNorm < 3e38 ? s.maxNorm : null;
  const shape: RkShape = {
    D,
    B,
    tableau: tab,
    adaptive,
    nt,
    slots: Math.max(1, Math.min(o.outputSlots, nt - oi0)),
    rtol: s.rtol,
    atol: s.atol,
    maxSteps: s.maxSteps,
    safety: s.safety,
    minFactor: s.minFactor,
    maxFactor: s.maxFactor,
    beta: s.beta,
    maxNorm,
    initialStep: s.initialStep,
    oi0,
  };
  const rk: RkKernels = cached(cache, `rk:${JSON.stringify({ ...shape, tableau: tab.name })}`, () =>
    compileRk(gpu, shape),
  );
  const rhs = createResidentRhs(gpu, resolved, B, cache);
  const loadState = cached(cache, `load:${D}:${B}`, () => createLoader(gpu, [D, 1, B]));
  const loadTable = cached(cache, `table:${nt}`, () => createLoader(gpu, [nt + 1, 1, 2]));
  const used = new Set<Kernel>(rhs.kernels);
  let launches = 0;
  let evaluations = 0;
  let readbacks = 0;
  let outputReadbacks = 0;
  let summaryReadbacks = 0;
  const call = (k: Kernel | null, ...args: unknown[]): Tensor => {
    if (k === null) throw new Error('resident run: missing kernel');
    used.add(k);
    launches++;
    return (k as unknown as (...a: unknown[]) => Tensor)(...args);
  };
  const read = (t: Tensor, count: number): Float32Array => {
    readbacks++;
    return readBack(t, count);
  };
  const bound = rhs.bind();
  launches += resolved.kind === 'linear' ? 1 : 2;
  const f = (state: Tensor): Tensor => {
    evaluations++;
    launches += rhs.launches;
    return bound.evaluate(state);
  };
  const live = new Set<Tensor>();
  const keep = <T>(t: T): T => {
    live.add(t);
    return t;
  };
  const drop = (...ts: Tensor[]): void => {
    for (const t of ts) {
      if (t === undefined || t === null) continue;
      live.delete(t);
      release(t);
    }
  };
  // base(m) − t0 (m = 0: t0, else times[m − 1]) as float32 head and tail, so that t_j − base(m) is
  // exact to float32 rounding of the difference itself, however large t is.
  const tableHost = new Float32Array(2 * (nt + 1));
  for (let m = 0; m <= nt; m++) {
    const [hi, lo] = split32(m === 0 ? 0 : times[m - 1]! - t0);
    tableHost[m] = hi;
    tableHost[nt + 1 + m] = lo;
  }
  const rounds = { n: 0 };
  const denseIdx = denseStages(tab);
  const slots = new Map<number, Tensor>();
  try {
    const table = adaptive ? keep(call(loadTable, input(tableHost, [nt + 1, 1, 2]))) : null;
    let Y = keep(call(loadState, input(Float32Array.from(y0), [D, 1, B])));
    let k0 = keep(f(Y));
    const parts = keep(call(rk.partsInit, Y, k0));
    let ctrl = keep(call(rk.initCtrl, input(pre, [B]), parts, tEnd - t0, s.maxStep));
    const probe = adaptive && s.initialStep === null;
    if (probe) {
      const yP = keep(call(rk.probe, Y, ctrl, k0));
      const f1 = keep(f(yP));
      const parts2 = keep(call(rk.partsProbe, Y, k0, f1));
      const next = keep(call(rk.initCtrl2, ctrl, parts, parts2, s.maxStep));
      drop(yP, f1, parts2, ctrl);
      ctrl = next;
    }
    drop(parts);

    const stages: Tensor[] = new Array(S + 1);
    // One trial step of every member: the stage points and f there. Returns yNew (and fNew in
    // stages[fNewIndex]).
    const trial = (hArg: Tensor | number): Tensor => {
      stages[0] = k0;
      let yS: Tensor = null;
      for (let st = 1; st < S; st++) {
        if (yS !== null) drop(yS);
        const ks = termIndices(tab.a[st]!).map((j) => stages[j]);
        yS = keep(call(rk.combine[st]!, Y, hArg, ...ks));
        stages[st] = keep(f(yS));
      }
      if (tab.fsal) return yS;
      if (yS !== null) drop(yS);
      const yNew = keep(call(rk.combine[S]!, Y, hArg, ...termIndices(tab.b).map((j) => stages[j])));
      stages[S] = keep(f(yNew));
      return yNew;
    };
    const fNewIndex = tab.fsal ? S - 1 : S;
    const releaseStages = () => {
      for (let st = 1; st <= S; st++) {
        if (st !== fNewIndex && stages[st] !== undefined) drop(stages[st]);
        stages[st] = undefined;
      }
    };

    if (adaptive) {
      const W = shape.slots;
      let jLo = oi0;
      const outRows = (j: number, t: Tensor) => {
        const v = read(t, B * (D + 1));
        outputReadbacks++;
        for (let b = 0; b < B; b++) {
          if (v[b * (D + 1) + D]! > 0) {
            for (let p = 0; p < D; p++) y[(b * nt + j) * D + p] = v[b * (D + 1) + p]!;
          }
        }
      };
      const openSlots = () => {
        for (let j = jLo; j < Math.min(nt, jLo + W); j++) {
          if (!slots.has(j)) slots.set(j, keep(call(rk.zeros)));
        }
      };
      openSlots();
      for (;;) {
        const jHi = Math.min(nt - 1, jLo + W - 1);
        const ctrlP = keep(call(rk.propose, ctrl, table, jHi, s.maxStep));
        const prevK0 = k0;
        const yNew = trial(ctrlP);
        const fNew = stages[fNewIndex];
        const parts = keep(call(rk.partsStep, Y, yNew, ctrlP, ...rk.errorStages.map((j) => stages[j])));
        const denseArgs = denseIdx.map((j) => (j === fNewIndex ? fNew : stages[j]));
        const theta = rk.locate === null ? null : keep(call(rk.locate, Y, yNew, ctrlP, parts, ...denseArgs));
        const ctrlJ = keep(
          theta === null ? call(rk.judge, ctrlP, parts, table) : call(rk.judge, ctrlP, parts, table, theta),
        );
        for (const [j, out] of slots) {
          if (j > jHi) continue;
          const next = keep(call(rk.record, out, Y, yNew, ctrlP, ctrlJ, table, j, ...denseArgs));
          drop(out);
          slots.set(j, next);
        }
        const Y2 = keep(call(rk.advance, Y, yNew, ctrlJ, ...denseArgs));
        const k02 = keep(call(rk.keepK0, prevK0, fNew, ctrlJ));
        releaseStages();
        drop(fNew, yNew, parts, theta, ctrlP, ctrl, Y, prevK0);
        ctrl = ctrlJ;
        Y = Y2;
        k0 = k02;
        rounds.n++;
        if (rounds.n % o.statusEvery !== 0) continue;
        const sum = summarize(ctrl);
        yield { membersDone: B - sum.running, trajectorySteps: sum.steps, rounds: rounds.n };
        if (sum.running === 0) break;
        for (const [j, out] of slots) {
          if (j < sum.minOi) {
            outRows(j, out);
            drop(out);
            slots.delete(j);
          }
        }
        jLo = sum.minOi;
        openSlots();
      }
      for (const [j, out] of [...slots].sort((a, b) => a[0] - b[0])) {
        outRows(j, out);
        drop(out);
        slots.delete(j);
      }
    } else {
      // Fixed steps: the CPU engine's own step sequence (float64), shared by every member.
      const ctl = new StepSizeController(s, tab, s.step as number, tEnd);
      let t = t0;
      let oi = oi0;
      let stop: StopReason | null = null;
      const log: { t: number; h: number; tNew: number; outputs: number[]; rows: Float32Array | null }[] = [];
      for (;;) {
        if (!ctl.propose(t, times[oi]!)) {
          stop = ctl.stop;
          break;
        }
        const hs = ctl.hStep;
        const tNew = ctl.landing ? times[oi]! : t + hs;
        const prevK0 = k0;
        const yNew = trial(hs);
        const fNew = stages[fNewIndex];
        const parts = keep(call(rk.partsStep, Y, yNew, ctrl, ...rk.errorStages.map((j) => stages[j])));
        const denseArgs = denseIdx.map((j) => (j === fNewIndex ? fNew : stages[j]));
        const theta =
          rk.locate === null ? null : keep(call(rk.locate, Y, yNew, ctrl, parts, hs, ...denseArgs));
        const round = log.length;
        const ctrlN = keep(
          theta === null ? call(rk.judge, ctrl, parts, round) : call(rk.judge, ctrl, parts, round, theta),
        );
        const Y2 = keep(call(rk.advance, Y, yNew, ctrlN, hs, ...denseArgs));
        releaseStages();
        drop(yNew, parts, theta, ctrl, Y, prevK0);
        ctrl = ctrlN;
        Y = Y2;
        k0 = fNew;
        const outputs: number[] = [];
        while (oi < nt && times[oi]! <= tNew) outputs.push(oi++);
        const entry = { t, h: hs, tNew, outputs, rows: null as Float32Array | null };
        if (outputs.length > 0) {
          entry.rows = read(Y, B * D);
          outputReadbacks++;
        }
        log.push(entry);
        t = tNew;
        rounds.n++;
        if (oi >= nt) break;
        if (rounds.n % o.statusEvery !== 0) continue;
        const sum = summarize(ctrl);
        yield { membersDone: B - sum.running, trajectorySteps: sum.steps, rounds: rounds.n };
        if (sum.running === 0) break;
      }
      const c = read(ctrl, B * CTRL_FIELDS);
      const yEnd = read(Y, B * D);
      const members: MemberResult[] = [];
      for (let b = 0; b < B; b++) {
        const cf = (field: number) => c[b * CTRL_FIELDS + field]!;
        const code = cf(F.STATUS);
        const yStop = Float64Array.from(yEnd.subarray(b * D, (b + 1) * D));
        if (pre[b] === 2) {
          members.push(divergedAtStart(b));
          continue;
        }
        const steps = cf(F.STEPS);
        const acc = cf(F.ACC);
        const nfev = 1 + (S - 1) * steps + (tab.fsal ? 0 : acc);
        if (code === 3 && steps === 0) {
          members.push(nonFiniteAtStart(b, yStop));
          continue;
        }
        const sr = code === 0 ? log.length : cf(F.CROSS);
        const theta = cf(F.THETA);
        let reached = oi0;
        for (let r = 0; r < log.length; r++) {
          const e = log[r]!;
          const ok = r < sr || (r === sr && ((code === 2 && theta >= 1) || (code === 3 && cf(F.KIND) > 0)));
          if (!ok || e.rows === null) continue;
          for (const j of e.outputs) {
            y.set(e.rows.subarray(b * D, (b + 1) * D), (b * nt + j) * D);
            reached = j + 1;
          }
        }
        let end: MemberEnd;
        let tStop: number;
        if (code === 0) {
          // The shared step sequence's own stop (max-steps), else the end of the run.
          end = stop ?? { status: 'success', message: reachedMessage(t) };
          tStop = t;
        } else {
          const e = log[sr]!;
          if (code === 2) {
            tStop = theta >= 1 ? e.tNew : e.t + theta * e.h;
            end = divergedStop(s.maxNorm, tStop);
          } else if (cf(F.KIND) > 0) {
            tStop = e.tNew;
            end = nonFiniteRhsStop(tStop);
          } else {
            tStop = e.t;
            end = nonFiniteStepStop(e.t, e.h);
          }
        }
        members.push({ ...end, reached, tStop, yStop, nfev, accepted: acc, rejected: 0 });
      }
      return finish(members);
    }

    // Adaptive: the control records and the final states.
    const c = read(ctrl, B * CTRL_FIELDS);
    const yEnd = read(Y, B * D);
    const members: MemberResult[] = [];
    for (let b = 0; b < B; b++) {
      const cf = (field: number) => c[b * CTRL_FIELDS + field]!;
      if (pre[b] === 2) {
        members.push(divergedAtStart(b));
        continue;
      }
      const yStop = Float64Array.from(yEnd.subarray(b * D, (b + 1) * D));
      const code = cf(F.STATUS);
      const steps = cf(F.STEPS);
      if (code === 3 && steps === 0) {
        members.push(nonFiniteAtStart(b, yStop));
        continue;
      }
      const oi = cf(F.OI);
      const tStop = code === 1 ? tEnd : (oi === 0 ? t0 : times[oi - 1]!) + cf(F.TAU);
      let reached = oi0;
      while (reached < nt && !Number.isNaN(y[(b * nt + reached) * D]!)) reached++;
      members.push({
        ...adaptiveEnd(STATUS_CODES[code] as IntegrationStatus, tStop, cf(F.HSTEP), s, tEnd),
        reached,
        tStop,
        yStop,
        nfev: 1 + (probe ? 1 : 0) + (S - 1) * steps,
        accepted: cf(F.ACC),
        rejected: cf(F.REJ),
      });
    }
    return finish(members);
  } finally {
    for (const t of live) release(t);
    live.clear();
    bound.release();
  }

  function summarize(c: Tensor): { running: number; minOi: number; steps: number } {
    const t = call(rk.summary, c);
    const v = read(t, 4 * rk.groups);
    release(t);
    summaryReadbacks++;
    let running = 0;
    let minOi = nt;
    let steps = 0;
    for (let g = 0; g < rk.groups; g++) {
      running += v[4 * g]!;
      minOi = Math.min(minOi, v[4 * g + 1]!);
      steps += v[4 * g + 2]!;
    }
    return { running, minOi, steps };
  }

  function finish(members: MemberResult[]): ResidentResult {
    return {
      y,
      members,
      rounds: rounds.n,
      evaluations,
      kernelLaunches: launches,
      readbacks,
      outputReadbacks,
      summaryReadbacks,
      kernelClasses: [...new Set([...used].map(kernelClassName))],
    };
  }
}

/**
 * The status and message of an adaptive member from its device status, by the named rules of
 * @idyn/integrators/backend: the kernel's propose step applies `belowTimeResolution` in float32
 * (h ≤ 16·ε₃₂·|τ|, documented there), and a member whose rejected trials were all non-finite
 * stops as `tooSmallStop` with its last rejection non-finite, as on the CPU.
 */
function adaptiveEnd(
  status: IntegrationStatus,
  tStop: number,
  hStep: number,
  s: Settings,
  tEnd: number,
): MemberEnd {
  switch (status) {
    case 'success':
      return { status, message: reachedMessage(tStop) };
    case 'diverged':
      return divergedStop(s.maxNorm, tStop);
    case 'non-finite':
      return tooSmallStop(hStep, tStop, true);
    case 'max-steps':
      return maxStepsStop(s.maxSteps, tStop, tEnd);
    case 'step-too-small':
      return tooSmallStop(hStep, tStop, false);
    default:
      return { status, message: `stopped with status ${status} at t = ${tStop}` };
  }
}

function termIndices(row: readonly number[]): number[] {
  const out: number[] = [];
  row.forEach((c, j) => {
    if (c !== 0) out.push(j);
  });
  return out;
}
