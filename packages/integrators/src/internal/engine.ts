import type { ButcherTableau, MethodName } from '../tableaux.js';
import { type Terms, combine, scaledErrorNorm, termsOf } from './combine.js';
import type { EventRecord, EventSpec, IntegrateResult, IntegrationStatus, Observer } from '../types.js';

/** Fully resolved settings of one run (validated by the caller). */
export interface EngineSettings {
  readonly method: MethodName;
  readonly tableau: ButcherTableau;
  readonly t0: number;
  /** Output times, nondecreasing, ≥ t0. */
  readonly times: Float64Array;
  /** Fixed step, or null for adaptive. */
  readonly step: number | null;
  readonly rtol: number;
  readonly atol: number;
  readonly initialStep: number | null;
  readonly maxStep: number;
  readonly safety: number;
  readonly minFactor: number;
  readonly maxFactor: number;
  readonly beta: number;
  readonly maxSteps: number;
  readonly maxNorm: number;
  readonly events: readonly EventSpec[];
  readonly observer: Observer | null;
}

type Rhs = (t: number, y: Float64Array, dydt: Float64Array) => void;

function allFinite(x: Float64Array): boolean {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i] as number)) return false;
  return true;
}

function maxAbs(x: Float64Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const a = Math.abs(x[i] as number);
    if (a > m) m = a;
  }
  return m;
}

/**
 * Root of a continuous function on [0, 1] with g(0) and g(1) of opposite signs (or g(1) = 0), by
 * the Illinois variant of regula falsi; returns θ with the sign change in [θ − tol, θ].
 * The returned point is on the far side (g(θ) has the sign of g(1) or is 0), so a located event
 * has really happened at the reported time.
 */
export function illinois(g: (theta: number) => number, g0: number, g1: number, tol: number): number {
  let a = 0;
  let b = 1;
  let ga = g0;
  let gb = g1;
  let side = 0;
  for (let iter = 0; iter < 200 && b - a > tol; iter++) {
    let c = (a * gb - b * ga) / (gb - ga);
    if (!(c > a && c < b)) c = 0.5 * (a + b);
    const gc = g(c);
    if (gc === 0 || Math.sign(gc) === Math.sign(gb)) {
      b = c;
      gb = gc;
      if (side === 1) ga /= 2;
      side = 1;
    } else {
      a = c;
      ga = gc;
      if (side === -1) gb /= 2;
      side = -1;
    }
    if (gb === 0 && b - a <= tol) break;
  }
  return b;
}

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
  const tEnd = nOut > 0 ? (times[nOut - 1] as number) : s.t0;
  const outY = new Float64Array(nOut * n);
  const stats = { nfev: 0, accepted: 0, rejected: 0 };
  const events: EventRecord[] = [];
  const k = Array.from({ length: S }, () => new Float64Array(n));
  const fNew = new Float64Array(n);
  const yStage = new Float64Array(n);
  const yNew = new Float64Array(n);
  const yInterp = new Float64Array(n);
  const errVec = new Float64Array(n);
  const watchNorm = Number.isFinite(s.maxNorm);
  const pending: { index: number; theta: number }[] = [];
  const aTerms = tab.a.map(termsOf);
  const bTerms = termsOf(tab.b);
  const eTerms = tab.e === null ? null : termsOf(tab.e);
  let y = Float64Array.from(y0);
  let t = s.t0;
  let oi = 0;
  let status: IntegrationStatus = 'success';
  let message = '';

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

  while (oi < nOut && (times[oi] as number) === t) record(t, y);

  // Initial checks: divergence at t0, user event values at t0.
  if (maxAbs(y) > s.maxNorm) {
    status = 'diverged';
    message = `diverged: max |y| = ${maxAbs(y)} exceeds maxNorm = ${s.maxNorm} at t = ${t}`;
    return finish(t, y);
  }
  const gPrev = s.events.map((e) => e.g(t, y));
  const gNext = new Float64Array(gPrev.length);

  if (oi >= nOut) {
    message = `reached t = ${t}`;
    return finish(t, y);
  }

  const k0 = k[0] as Float64Array;
  eval_(t, y, k0);
  if (!allFinite(k0)) {
    status = 'non-finite';
    message = `non-finite right-hand side at t = ${t}`;
    return finish(t, y);
  }

  // Step-size selection of Hairer, Nørsett & Wanner (Solving ODEs I, §II.4).
  const scaledRms = (v: Float64Array, ref: Float64Array): number => {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const sc = s.atol + s.rtol * Math.abs(ref[i] as number);
      const q = (v[i] as number) / sc;
      sum += q * q;
    }
    return Math.sqrt(sum / n);
  };
  let h: number;
  if (!adaptive) h = s.step as number;
  else if (s.initialStep !== null) h = s.initialStep;
  else {
    const d0 = scaledRms(y, y);
    const d1 = scaledRms(k0, y);
    let h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : (0.01 * d0) / d1;
    h0 = Math.min(h0, s.maxStep, tEnd - t);
    for (let i = 0; i < n; i++) yStage[i] = (y[i] as number) + h0 * (k0[i] as number);
    eval_(t + h0, yStage, fNew);
    for (let i = 0; i < n; i++) yInterp[i] = (fNew[i] as number) - (k0[i] as number);
    const d2 = scaledRms(yInterp, y) / h0;
    const m = Math.max(d1, d2);
    const h1 = !(m > 1e-15) ? Math.max(1e-6, h0 * 1e-3) : (0.01 / m) ** (1 / (tab.order + 1));
    h = Math.min(100 * h0, h1, s.maxStep);
    if (!Number.isFinite(h) || h <= 0) h = h0;
  }

  const errExp = 1 / (Math.max(tab.embeddedOrder, 1) + 1) - 0.75 * s.beta;
  let errOld = 1e-4;
  let lastRejected = false;
  let lastNonFinite = false;
  let stepsTaken = 0;
  let hStep = h;
  let landing = false;

  // Dense output of the current step [t, t + hStep] at fraction th.
  const dense = tab.dense;
  const interpolate = (th: number, hh: number, out: Float64Array): void => {
    if (th === 1) {
      out.set(yNew);
      return;
    }
    if (dense !== null) {
      for (let i = 0; i < n; i++) out[i] = y[i] as number;
      for (let st = 0; st < S; st++) {
        const poly = dense[st] as readonly number[];
        let w = 0;
        for (let j = poly.length - 1; j >= 0; j--) w = (w + (poly[j] as number)) * th;
        if (w === 0) continue;
        const kw = k[st] as Float64Array;
        const hw = hh * w;
        for (let i = 0; i < n; i++) out[i] = (out[i] as number) + hw * (kw[i] as number);
      }
      return;
    }
    const th2 = th * th;
    const th3 = th2 * th;
    const h00 = 2 * th3 - 3 * th2 + 1;
    const h10 = (th3 - 2 * th2 + th) * hh;
    const h01 = -2 * th3 + 3 * th2;
    const h11 = (th3 - th2) * hh;
    for (let i = 0; i < n; i++) {
      out[i] =
        h00 * (y[i] as number) +
        h10 * (k0[i] as number) +
        h01 * (yNew[i] as number) +
        h11 * (fNew[i] as number);
    }
  };

  for (;;) {
    if (stepsTaken >= s.maxSteps) {
      status = 'max-steps';
      message = `max-steps: ${s.maxSteps} steps taken, stopped at t = ${t} before t = ${tEnd}`;
      break;
    }
    if (adaptive) {
      hStep = Math.min(h, s.maxStep);
      landing = t + 1.01 * hStep >= tEnd;
      if (landing) hStep = tEnd - t;
      if (hStep <= 16 * Number.EPSILON * Math.max(Math.abs(t), Math.abs(tEnd))) {
        status = lastNonFinite ? 'non-finite' : 'step-too-small';
        message = lastNonFinite
          ? `non-finite: every trial step from t = ${t} produced non-finite values (step shrank to ${hStep})`
          : `step-too-small: step ${hStep} at t = ${t} is below the resolution of t`;
        break;
      }
    } else {
      const target = times[oi] as number;
      hStep = h;
      landing = t + hStep >= target || target - (t + hStep) <= 1e-9 * h;
      if (landing) hStep = target - t;
    }
    stepsTaken++;

    // Stages.
    for (let st = 1; st < S; st++) {
      combine(yStage, y, hStep, aTerms[st] as Terms, k, n);
      eval_(t + (tab.c[st] as number) * hStep, yStage, k[st] as Float64Array);
    }
    if (tab.fsal) {
      // The last stage was evaluated at y_1 itself.
      yNew.set(yStage);
      fNew.set(k[S - 1] as Float64Array);
    } else {
      combine(yNew, y, hStep, bTerms, k, n);
    }
    const finiteTrial = allFinite(yNew) && (!tab.fsal || allFinite(fNew));

    if (adaptive) {
      let err = Number.POSITIVE_INFINITY;
      if (finiteTrial) {
        // ‖h Σ e_i k_i‖ in the scaled norm, in one pass (the estimate is not stored).
        err = scaledErrorNorm(hStep, eTerms as Terms, k, y, yNew, s.atol, s.rtol, n, errVec);
      }
      if (!(err <= 1)) {
        stats.rejected++;
        lastNonFinite = !finiteTrial;
        const fac11 = Number.isFinite(err) ? err ** errExp : Number.POSITIVE_INFINITY;
        h = hStep / Math.min(1 / s.minFactor, fac11 / s.safety);
        lastRejected = true;
        continue;
      }
      lastNonFinite = false;
      const fac11 = err ** errExp;
      let fac = fac11 / errOld ** s.beta;
      fac = Math.max(1 / s.maxFactor, Math.min(1 / s.minFactor, fac / s.safety));
      let hNew = hStep / fac;
      if (lastRejected) hNew = Math.min(hNew, hStep);
      errOld = Math.max(err, 1e-4);
      lastRejected = false;
      h = hNew;
    } else if (!finiteTrial) {
      status = 'non-finite';
      message = `non-finite: the step from t = ${t} with h = ${hStep} produced non-finite values`;
      break;
    }
    stats.accepted++;
    const tNew = landing ? (adaptive ? tEnd : (times[oi] as number)) : t + hStep;
    if (!tab.fsal) eval_(tNew, yNew, fNew);

    // Events inside (t, tNew]: divergence bound first, then user events; the earliest terminal wins.
    let stopTheta = 1;
    let stopKind: 'diverged' | 'event' | null = null;
    let stopEvent = -1;
    const tol = Math.max(
      4 * Number.EPSILON,
      (4 * Number.EPSILON * Math.max(Math.abs(t), Math.abs(tNew))) / hStep,
    );
    if (watchNorm && maxAbs(yNew) > s.maxNorm) {
      const hh = hStep;
      const g = (th: number): number => {
        interpolate(th, hh, yInterp);
        return maxAbs(yInterp) - s.maxNorm;
      };
      stopTheta = illinois(g, maxAbs(y) - s.maxNorm, maxAbs(yNew) - s.maxNorm, tol);
      stopKind = 'diverged';
    }
    if (pending.length > 0) pending.length = 0;
    for (let ev = 0; ev < s.events.length; ev++) {
      const spec = s.events[ev] as EventSpec;
      const gv = spec.g(tNew, yNew);
      gNext[ev] = gv;
      const gp = gPrev[ev] as number;
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
          interpolate(th, hh, yInterp);
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
      interpolate(p.theta, hStep, yEv);
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
    while (oi < nOut && (times[oi] as number) <= tStopStep) {
      const to = times[oi] as number;
      if (to === tNew) record(to, yNew);
      else {
        interpolate((to - t) / hStep, hStep, yInterp);
        record(to, yInterp);
      }
    }

    if (stopKind !== null) {
      const yStop = new Float64Array(n);
      interpolate(stopTheta, hStep, yStop);
      y = yStop;
      t = tStopStep;
      if (stopKind === 'diverged') {
        status = 'diverged';
        message = `diverged: max |y| reached maxNorm = ${s.maxNorm} at t = ${t}`;
      } else {
        status = 'event';
        const spec = s.events[stopEvent] as EventSpec;
        message = `event '${spec.name ?? `event${stopEvent}`}' at t = ${t}`;
      }
      break;
    }
    if (!allFinite(fNew)) {
      y = Float64Array.from(yNew);
      t = tNew;
      status = 'non-finite';
      message = `non-finite right-hand side at t = ${t}`;
      break;
    }

    // Advance: k0 ← f(tNew, yNew).
    y.set(yNew);
    t = tNew;
    k0.set(fNew);
    for (let ev = 0; ev < gPrev.length; ev++) gPrev[ev] = gNext[ev] as number;
    if (oi >= nOut) {
      message = `reached t = ${t}`;
      break;
    }
  }
  return finish(t, y);
}
