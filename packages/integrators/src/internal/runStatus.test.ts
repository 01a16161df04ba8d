import { describe, expect, it } from 'vitest';
import * as backend from '../backend.js';
import { integrate } from '../integrate.js';
import {
  divergedStop,
  eventStop,
  exceedsMaxNorm,
  nonFiniteRhsStop,
  reachedMessage,
  startStop,
  stepEnd,
  tooSmallStop,
} from './runStatus.js';

describe('run status rules', () => {
  it('exceedsMaxNorm compares max |y_i| with the bound; startStop reports y0 beyond it', () => {
    expect(exceedsMaxNorm(Float64Array.of(3, -5), 4)).toBe(true);
    expect(exceedsMaxNorm(Float64Array.of(3, -4), 4)).toBe(false);
    expect(startStop(Float64Array.of(1), Number.POSITIVE_INFINITY, 0)).toBeNull();
    expect(startStop(Float64Array.of(10), 1, 0)).toEqual({
      status: 'diverged',
      message: 'diverged: max |y| = 10 exceeds maxNorm = 1 at t = 0',
    });
  });

  it('each stop carries its status and a message naming the time', () => {
    expect(nonFiniteRhsStop(0.5)).toEqual({
      status: 'non-finite',
      message: 'non-finite right-hand side at t = 0.5',
    });
    expect(divergedStop(100, 2.5).message).toBe('diverged: max |y| reached maxNorm = 100 at t = 2.5');
    expect(eventStop('hit', 0.75)).toEqual({ status: 'event', message: "event 'hit' at t = 0.75" });
    expect(tooSmallStop(1e-17, 1, false).status).toBe('step-too-small');
    expect(tooSmallStop(1e-17, 1, true).status).toBe('non-finite');
    expect(reachedMessage(2)).toBe('reached t = 2');
    expect(stepEnd(0.9, 0.1, true, 1)).toBe(1);
    expect(stepEnd(0.25, 0.5, false, 1)).toBe(0.75);
  });

  it('the CPU engine reports exactly these statuses and messages', () => {
    const growth = {
      dim: 1,
      rhs: (_t: number, y: Float64Array, dy: Float64Array) => {
        dy[0] = y[0]!;
      },
    };
    expect(integrate(growth, [10], { tEnd: 1, maxNorm: 1 }).message).toBe(
      startStop(Float64Array.of(10), 1, 0)!.message,
    );
    const r = integrate(growth, [1], { tEnd: 10, maxNorm: 100 });
    expect(r.message).toBe(divergedStop(100, r.tStop).message);
    expect(integrate(growth, [1], { tEnd: 1 }).message).toBe(reachedMessage(1));
    const nan = {
      dim: 1,
      rhs: (_t: number, _y: Float64Array, dy: Float64Array) => {
        dy[0] = Number.NaN;
      },
    };
    expect(integrate(nan, [1], { tEnd: 1 }).message).toBe(nonFiniteRhsStop(0).message);
  });

  it('@idyn/integrators/backend exports every name by name, those of the former export * included', () => {
    const names = [
      // validation and settings
      'show',
      'assertPositiveInteger',
      'assertPositiveFinite',
      'assertFiniteNumber',
      'isArrayLikeNumbers',
      'finiteVector',
      'FLOAT64_TOLERANCES',
      'resolveStepSettings',
      // the former stepControl and combine modules
      'allFinite',
      'maxAbs',
      'illinois',
      'locateTolerance',
      'scaledRms',
      'presetFirstStep',
      'initialStepProbe',
      'initialStepFromProbe',
      'StepSizeController',
      'denseOutput',
      'completeStep',
      'maxNormCrossing',
      'recordOutputs',
      'RkWorkspace',
      'termsOf',
      'combine',
      'scaledErrorNorm',
      // the rules now exposed one by one
      'acceptsError',
      'controllerExponent',
      'stepAfterRejection',
      'stepAfterAcceptance',
      'errorMemory',
      'INITIAL_ERROR_MEMORY',
      'proposeAdaptiveStep',
      'proposeFixedStep',
      'belowTimeResolution',
      'judgeTrial',
      'startStop',
      'exceedsMaxNorm',
      'nonFiniteRhsStop',
      'nonFiniteStepStop',
      'maxStepsStop',
      'tooSmallStop',
      'divergedStop',
      'eventStop',
      'reachedMessage',
      'stepEnd',
      // batch calls: option checks, progress, cancellation (GPU-resident ensembles)
      'checkBatchOptions',
      'batchProgress',
      'abortError',
      'requestedTimes',
      'TIME_RESOLUTION_ULPS',
      // batch results (per-member totals, neuron laws of every reached row)
      'memberTotals',
      'batchNeuronLaws',
      'batchResultOf',
      'memberRunResult',
      // float32 backends (gpu.js and WebGPU share these: they cannot import each other)
      'FLOAT32_EPSILON',
      'FLOAT32_RTOL_FLOOR',
      'FLOAT32_TOLERANCES',
      'float32TimeResolution',
      'resolveFloat32Settings',
      'checkFloat32Rtol',
      'resolveFloat32Problem',
      'resolveFloat32Batch',
      // the ensemble every backend's benchmark times
      'layeredBenchCase',
      'evaluationFlops',
      'BENCH_BUDGET',
    ];
    expect(Object.keys(backend).sort()).toEqual([...names].sort());
  });
});
