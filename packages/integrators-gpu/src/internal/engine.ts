import type { IntegrationStatus } from '@idyn/integrators';
import {
  RkWorkspace,
  StepSizeController,
  type StopReason,
  allFinite,
  initialStepFromProbe,
  initialStepProbe,
  locateTolerance,
  maxAbs,
  maxNormCrossing,
  presetFirstStep,
  recordOutputs,
} from '@idyn/integrators/backend';
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
 * All of this runs in float64 on the CPU; only f is float32 (see the README). Step-size control,
 * stage combinations, error norm and dense output are the CPU engine's own (from
 * `@idyn/integrators/backend`), so both backends step identically given the same f.
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
  const tEnd = nOut > 0 ? times[nOut - 1]! : s.t0;
  const w = new RkWorkspace(tab, n);
  const { k, fNew, yStage, yNew, yInterp } = w;
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
  const record = (_t: number, yy: Float64Array): void => {
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

  while (oi < nOut && times[oi]! === t) record(t, y);
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
  let h = presetFirstStep(s);
  if (h === null) {
    const h0 = initialStepProbe(y, k0, s, tEnd - t, yStage, n);
    yield* evaluate(yStage, fNew);
    h = initialStepFromProbe(h0, y, k0, fNew, s, tab.order, yInterp, n);
  }
  const ctl = new StepSizeController(s, tab, h, tEnd);
  let hStep = h;

  // Dense output on [t, t + hStep] at fraction th: the continuous extension, else cubic Hermite.
  const interpolate = (th: number, dst: Float64Array): void => w.interpolate(th, hStep, y, dst);

  for (;;) {
    if (!ctl.propose(t, adaptive ? tEnd : times[oi]!)) {
      ({ status, message } = ctl.stop as StopReason);
      break;
    }
    hStep = ctl.hStep;
    const landing = ctl.landing;

    for (let st = 1; st < S; st++) {
      yield* evaluate(w.stage(st, y, hStep), k[st] as Float64Array);
    }
    const finiteTrial = w.complete(y, hStep);

    if (adaptive) {
      let err = Number.POSITIVE_INFINITY;
      if (finiteTrial) err = w.errorNorm(y, hStep, s.atol, s.rtol);
      if (!ctl.judge(err, finiteTrial)) {
        rejected++;
        continue;
      }
    } else if (!finiteTrial) {
      status = 'non-finite';
      message = `non-finite: the step from t = ${t} with h = ${hStep} produced non-finite values`;
      break;
    }
    accepted++;
    const tNew = landing ? (adaptive ? tEnd : times[oi]!) : t + hStep;
    if (!tab.fsal) yield* evaluate(yNew, fNew);

    // Divergence: the first θ in (0, 1] where max_i |y_i| reaches maxNorm on the dense output.
    let stopTheta = 1;
    let diverged = false;
    if (maxAbs(yNew) > s.maxNorm) {
      const tol = locateTolerance(t, tNew, hStep);
      stopTheta = maxNormCrossing(interpolate, y, yNew, s.maxNorm, tol, yInterp);
      diverged = true;
    }
    const tStopStep = stopTheta === 1 ? tNew : t + stopTheta * hStep;
    recordOutputs(times, oi, tStopStep, t, tNew, hStep, yNew, interpolate, yInterp, record);
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
