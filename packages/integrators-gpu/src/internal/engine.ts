import type { IntegrationStatus } from '@idyn/integrators';
import type { Settings } from './settings.js';

/** What one trajectory's stepper hands back when it stops. */
export interface TrajectoryResult {
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

/**
 * One trajectory's explicit Runge–Kutta stepper as a generator: it yields each state at which it
 * needs f and is resumed with f there (a view that it copies at once). The batch driver runs B of
 * them in lock step, so one kernel launch evaluates f for every trajectory, while each keeps its
 * own t, step size h, error history, accept/reject decision, divergence and stop status.
 *
 * All of this runs in float64 on the CPU; only f is float32 (see the README).
 */
export function* trajectory(
  n: number,
  y0: Float64Array,
  s: Settings,
  out: Float64Array,
): Generator<Float64Array, TrajectoryResult, Float64Array> {
  const tab = s.tableau;
  const S = tab.stages;
  const adaptive = s.step === null;
  const times = s.times;
  const nOut = times.length;
  const tEnd = nOut > 0 ? (times[nOut - 1] as number) : s.t0;
  const k = Array.from({ length: S }, () => new Float64Array(n));
  const fNew = new Float64Array(n);
  const yStage = new Float64Array(n);
  const yNew = new Float64Array(n);
  const yInterp = new Float64Array(n);
  let y = Float64Array.from(y0);
  let t = s.t0;
  let oi = 0;
  let nfev = 0;
  let accepted = 0;
  let rejected = 0;
  let status: IntegrationStatus = 'success';
  let message = '';

  function* evaluate(yy: Float64Array, dst: Float64Array): Generator<Float64Array, void, Float64Array> {
    const f = yield yy;
    dst.set(f);
    nfev++;
  }
  const record = (yy: Float64Array): void => {
    out.set(yy, oi * n);
    oi++;
  };
  const finish = (): TrajectoryResult => ({
    status,
    message,
    reached: oi,
    tStop: t,
    yStop: y,
    nfev,
    accepted,
    rejected,
  });

  while (oi < nOut && (times[oi] as number) === t) record(y);
  if (maxAbs(y) > s.maxNorm) {
    status = 'diverged';
    message = `diverged: max |y| = ${maxAbs(y)} exceeds maxNorm = ${s.maxNorm} at t = ${t}`;
    return finish();
  }
  if (oi >= nOut) {
    message = `reached t = ${t}`;
    return finish();
  }
  const k0 = k[0] as Float64Array;
  yield* evaluate(y, k0);
  if (!allFinite(k0)) {
    status = 'non-finite';
    message = `non-finite right-hand side at t = ${t}`;
    return finish();
  }

  // Initial step of Hairer, Nørsett & Wanner (Solving ODEs I, §II.4).
  const scaledRms = (v: Float64Array, ref: Float64Array): number => {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const q = (v[i] as number) / (s.atol + s.rtol * Math.abs(ref[i] as number));
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
    yield* evaluate(yStage, fNew);
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

  // Dense output on [t, t + hStep] at fraction th: the continuous extension, else cubic Hermite.
  const dense = tab.dense;
  const interpolate = (th: number, dst: Float64Array): void => {
    if (th === 1) {
      dst.set(yNew);
      return;
    }
    if (dense !== null) {
      dst.set(y);
      for (let st = 0; st < S; st++) {
        const poly = dense[st] as readonly number[];
        let w = 0;
        for (let j = poly.length - 1; j >= 0; j--) w = (w + (poly[j] as number)) * th;
        if (w === 0) continue;
        const kw = k[st] as Float64Array;
        const hw = hStep * w;
        for (let i = 0; i < n; i++) dst[i] = (dst[i] as number) + hw * (kw[i] as number);
      }
      return;
    }
    const th2 = th * th;
    const th3 = th2 * th;
    const h00 = 2 * th3 - 3 * th2 + 1;
    const h10 = (th3 - 2 * th2 + th) * hStep;
    const h01 = -2 * th3 + 3 * th2;
    const h11 = (th3 - th2) * hStep;
    for (let i = 0; i < n; i++) {
      dst[i] =
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

    for (let st = 1; st < S; st++) {
      const row = tab.a[st] as readonly number[];
      yStage.set(y);
      for (let j = 0; j < st; j++) {
        const a = row[j] as number;
        if (a === 0) continue;
        const ha = hStep * a;
        const kj = k[j] as Float64Array;
        for (let i = 0; i < n; i++) yStage[i] = (yStage[i] as number) + ha * (kj[i] as number);
      }
      yield* evaluate(yStage, k[st] as Float64Array);
    }
    if (tab.fsal) {
      yNew.set(yStage);
      fNew.set(k[S - 1] as Float64Array);
    } else {
      yNew.set(y);
      for (let st = 0; st < S; st++) {
        const hb = hStep * (tab.b[st] as number);
        if (hb === 0) continue;
        const ks = k[st] as Float64Array;
        for (let i = 0; i < n; i++) yNew[i] = (yNew[i] as number) + hb * (ks[i] as number);
      }
    }
    const finiteTrial = allFinite(yNew) && (!tab.fsal || allFinite(fNew));

    if (adaptive) {
      let err = Number.POSITIVE_INFINITY;
      if (finiteTrial) {
        const e = tab.e as readonly number[];
        let sum = 0;
        for (let i = 0; i < n; i++) {
          let d = 0;
          for (let st = 0; st < S; st++) {
            const ei = e[st] as number;
            if (ei !== 0) d += ei * ((k[st] as Float64Array)[i] as number);
          }
          d *= hStep;
          const sc = s.atol + s.rtol * Math.max(Math.abs(y[i] as number), Math.abs(yNew[i] as number));
          const q = d / sc;
          sum += q * q;
        }
        err = Math.sqrt(sum / n);
      }
      if (!(err <= 1)) {
        rejected++;
        lastNonFinite = !finiteTrial;
        const fac11 = Number.isFinite(err) ? err ** errExp : Number.POSITIVE_INFINITY;
        h = hStep / Math.min(1 / s.minFactor, fac11 / s.safety);
        lastRejected = true;
        continue;
      }
      lastNonFinite = false;
      let fac = err ** errExp / errOld ** s.beta;
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
    accepted++;
    const tNew = landing ? (adaptive ? tEnd : (times[oi] as number)) : t + hStep;
    if (!tab.fsal) yield* evaluate(yNew, fNew);

    // Divergence: the first θ in (0, 1] where max_i |y_i| reaches maxNorm on the dense output.
    let stopTheta = 1;
    let diverged = false;
    if (maxAbs(yNew) > s.maxNorm) {
      const tol = Math.max(
        4 * Number.EPSILON,
        (4 * Number.EPSILON * Math.max(Math.abs(t), Math.abs(tNew))) / hStep,
      );
      const g = (th: number): number => {
        interpolate(th, yInterp);
        return maxAbs(yInterp) - s.maxNorm;
      };
      stopTheta = illinois(g, maxAbs(y) - s.maxNorm, maxAbs(yNew) - s.maxNorm, tol);
      diverged = true;
    }
    const tStopStep = stopTheta === 1 ? tNew : t + stopTheta * hStep;
    while (oi < nOut && (times[oi] as number) <= tStopStep) {
      const to = times[oi] as number;
      if (to === tNew) record(yNew);
      else {
        interpolate((to - t) / hStep, yInterp);
        record(yInterp);
      }
    }
    if (diverged) {
      const yStop = new Float64Array(n);
      interpolate(stopTheta, yStop);
      y = yStop;
      t = tStopStep;
      status = 'diverged';
      message = `diverged: max |y| reached maxNorm = ${s.maxNorm} at t = ${t}`;
      break;
    }
    if (!allFinite(fNew)) {
      y = Float64Array.from(yNew);
      t = tNew;
      status = 'non-finite';
      message = `non-finite right-hand side at t = ${t}`;
      break;
    }
    y.set(yNew);
    k0.set(fNew);
    t = tNew;
    if (oi >= nOut) {
      message = `reached t = ${t}`;
      break;
    }
  }
  return finish();
}

function allFinite(x: Float64Array): boolean {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i] as number)) return false;
  return true;
}

function maxAbs(x: Float64Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const a = Math.abs(x[i] as number);
    if (a > m || Number.isNaN(a)) m = a;
  }
  return m;
}

/**
 * Root on [0, 1] of g with g(0), g(1) of opposite signs, by the Illinois variant of regula falsi;
 * returns the far end of the final bracket, so the located crossing has really happened.
 */
function illinois(g: (theta: number) => number, g0: number, g1: number, tol: number): number {
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
