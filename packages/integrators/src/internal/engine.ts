import { recordOutputs } from './denseOutput.js';
import { initialStepFromProbe, initialStepProbe, presetFirstStep } from './initialStep.js';
import { allFinite } from './norms.js';
import { RkWorkspace } from './rkWorkspace.js';
import { illinois, locateTolerance, maxNormCrossing } from './rootFinding.js';
import {
  divergedStop,
  eventStop,
  exceedsMaxNorm,
  nonFiniteRhsStop,
  reachedMessage,
  type StopReason,
  startStop,
  stepEnd,
} from './runStatus.js';
import { judgeTrial, StepSizeController } from './stepSizeController.js';
import type { StepSettings } from './settings.js';
import type { EventRecord, EventSpec, IntegrateResult, IntegrationStatus, Observer } from '../types.js';

/** Fully resolved settings of one run (validated by the caller). */
export interface EngineSettings extends StepSettings {
  readonly events: readonly EventSpec[];
  readonly observer: Observer | null;
}

type Rhs = (t: number, y: Float64Array, dydt: Float64Array) => void;

/**
 * The explicit Runge–Kutta engine shared by the CPU backend: fixed or adaptive steps, dense output
 * (the tableau's continuous extension, else cubic Hermite), events, divergence and non-finite
 * detection.
 */
export function runEngine(n: number, f: Rhs, y0: Float64Array, s: EngineSettings): IntegrateResult {
  const tab = s.tableau;
  const S = tab.stages;
  const adaptive = s.step === null;
  const times = s.times;
  const nOut = times.length;
  const tEnd = nOut > 0 ? times[nOut - 1]! : s.t0;
  const outY = new Float64Array(nOut * n);
  const stats = { nfev: 0, accepted: 0, rejected: 0 };
  const events: EventRecord[] = [];
  const w = new RkWorkspace(tab, n);
  const { k, fNew, yStage, yNew, yInterp } = w;
  const watchNorm = Number.isFinite(s.maxNorm);
  const pending: { index: number; theta: number }[] = [];
  let y = Float64Array.from(y0);
  let t = s.t0;
  let oi = 0;
  let status: IntegrationStatus = 'success';
  let message = '';
  const stopWith = (reason: StopReason): void => {
    ({ status, message } = reason);
  };

  const eval_ = (tt: number, yy: Float64Array, out: Float64Array): void => {
    f(tt, yy, out);
    stats.nfev++;
  };

  const record = (tt: number, yy: Float64Array): void => {
    outY.set(yy, oi * n);
    if (s.observer) s.observer(tt, outY.subarray(oi * n, (oi + 1) * n), oi);
    oi++;
  };

  const finish = (t: number, y: Float64Array): IntegrateResult => ({
    status,
    message,
    t: times.slice(0, oi),
    y: outY.slice(0, oi * n),
    shape: [oi, n] as const,
    tStop: t,
    yStop: y,
    events,
    stats,
    method: s.method,
  });

  while (oi < nOut && times[oi]! === t) record(t, y);

  // Initial checks: divergence at t0, user event values at t0.
  const atStart = startStop(y, s.maxNorm, t);
  if (atStart !== null) {
    stopWith(atStart);
    return finish(t, y);
  }
  const gPrev = s.events.map((e) => e.g(t, y));
  const gNext = new Float64Array(gPrev.length);

  if (oi >= nOut) {
    message = reachedMessage(t);
    return finish(t, y);
  }

  const k0 = k[0] as Float64Array;
  eval_(t, y, k0);
  if (!allFinite(k0)) {
    stopWith(nonFiniteRhsStop(t));
    return finish(t, y);
  }

  // Step-size selection of Hairer, Nørsett & Wanner (Solving ODEs I, §II.4).
  let h = presetFirstStep(s);
  if (h === null) {
    const h0 = initialStepProbe(y, k0, s, tEnd - t, yStage, n);
    eval_(t + h0, yStage, fNew);
    h = initialStepFromProbe(h0, y, k0, fNew, s, tab.order, yInterp, n);
  }
  const ctl = new StepSizeController(s, tab, h, tEnd);

  // Dense output of the current step [t, t + hStep] at fraction th. The step length sits in a
  // typed-array cell: a closure over a mutable double would make V8 box every assignment to it.
  const hCell = new Float64Array(1);
  const interpolate = (th: number, out: Float64Array): void => w.interpolate(th, hCell[0]!, y, out);

  for (;;) {
    const target = adaptive ? tEnd : times[oi]!;
    if (!ctl.propose(t, target)) {
      stopWith(ctl.stop as StopReason);
      break;
    }
    const hStep = ctl.hStep;

    // Stages.
    for (let st = 1; st < S; st++) {
      eval_(t + tab.c[st]! * hStep, w.stage(st, y, hStep), k[st] as Float64Array);
    }
    // ‖h Σ e_i k_i‖ in the scaled norm, in one pass (the estimate is not stored).
    const verdict = judgeTrial(ctl, w.complete(y, hStep), () => w.errorNorm(y, hStep, s.atol, s.rtol), t);
    if (verdict === 'rejected') {
      stats.rejected++;
      continue;
    }
    if (verdict !== 'accepted') {
      stopWith(verdict);
      break;
    }
    stats.accepted++;
    hCell[0] = hStep;
    const tNew = stepEnd(t, hStep, ctl.landing, target);
    if (!tab.fsal) eval_(tNew, yNew, fNew);

    // Events inside (t, tNew]: divergence bound first, then user events; the earliest terminal wins.
    let stopTheta = 1;
    let stopKind: 'diverged' | 'event' | null = null;
    let stopEvent = -1;
    const tol = locateTolerance(t, tNew, hStep);
    if (watchNorm && exceedsMaxNorm(yNew, s.maxNorm)) {
      stopTheta = maxNormCrossing(interpolate, y, yNew, s.maxNorm, tol, yInterp);
      stopKind = 'diverged';
    }
    if (pending.length > 0) pending.length = 0;
    for (let ev = 0; ev < s.events.length; ev++) {
      const spec = s.events[ev] as EventSpec;
      const gv = spec.g(tNew, yNew);
      gNext[ev] = gv;
      const gp = gPrev[ev]!;
      const crossed = (gp < 0 && gv >= 0) || (gp > 0 && gv <= 0);
      if (!crossed) continue;
      const dir = spec.direction ?? 0;
      const rising = gv > gp;
      if ((dir === 1 && !rising) || (dir === -1 && rising)) continue;
      // Block-scoped copies: closures must not capture the loop's mutable doubles (V8 would then
      // box every assignment to them).
      const tt = t;
      const hh = hStep;
      const theta = illinois(
        (th) => {
          interpolate(th, yInterp);
          return spec.g(tt + th * hh, yInterp);
        },
        gp,
        gv,
        tol,
      );
      pending.push({ index: ev, theta });
    }
    if (pending.length > 1) pending.sort((p, q) => p.theta - q.theta);
    for (const p of pending) {
      if (p.theta > stopTheta) break;
      const spec = s.events[p.index] as EventSpec;
      if (stopKind === 'diverged' && p.theta === stopTheta) break;
      const tEv = p.theta === 1 ? tNew : t + p.theta * hStep;
      const yEv = new Float64Array(n);
      interpolate(p.theta, yEv);
      events.push({ name: spec.name ?? `event${p.index}`, index: p.index, t: tEv, y: yEv });
      if (spec.terminal ?? true) {
        stopTheta = p.theta;
        stopKind = 'event';
        stopEvent = p.index;
        break;
      }
    }
    const tStopStep = stopTheta === 1 ? tNew : t + stopTheta * hStep;

    // Outputs in (t, tStopStep].
    recordOutputs(times, oi, tStopStep, t, tNew, hStep, yNew, interpolate, yInterp, record);

    if (stopKind !== null) {
      const yStop = new Float64Array(n);
      interpolate(stopTheta, yStop);
      y = yStop;
      t = tStopStep;
      if (stopKind === 'diverged') stopWith(divergedStop(s.maxNorm, t));
      else stopWith(eventStop((s.events[stopEvent] as EventSpec).name ?? `event${stopEvent}`, t));
      break;
    }
    if (!allFinite(fNew)) {
      y = Float64Array.from(yNew);
      t = tNew;
      stopWith(nonFiniteRhsStop(t));
      break;
    }

    // Advance: k0 ← f(tNew, yNew).
    y.set(yNew);
    t = tNew;
    k0.set(fNew);
    for (let ev = 0; ev < gPrev.length; ev++) gPrev[ev] = gNext[ev]!;
    if (oi >= nOut) {
      message = reachedMessage(t);
      break;
    }
  }
  return finish(t, y);
}
