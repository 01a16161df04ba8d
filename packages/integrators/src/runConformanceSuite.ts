import { createRng, maxAbsDiff } from '@idyn/linalg';
import { cpuBackend } from './cpuBackend.js';
import { layeredFlowLoss } from './layeredFlowLoss.js';
import type { Backend, IntegrateResult, LayeredFlowProblem, LinearProblem } from './types.js';
import { twoLayerLaws } from './internal/twoLayerLaws.js';

/** The few assertions the suite needs; vitest's `expect` satisfies it. */
export type ConformanceExpect = (actual: unknown) => {
  toBe(expected: unknown): void;
  toBeLessThan(expected: number): void;
  toBeLessThanOrEqual(expected: number): void;
  toBeGreaterThan(expected: number): void;
};

/** Tolerances of the suite; {@link conformanceTolerances} gives the presets per precision. */
export interface ConformanceTolerances {
  /** Allowed |observed order − p| for fixed-step Euler/Heun/RK4. */
  readonly orderBand: number;
  /** Two DOPRI5 rtols [loose, tight] for the error-scaling check. */
  readonly rtolPair: readonly [number, number];
  /** Minimum error ratio between the loose and the tight rtol. */
  readonly rtolGain: number;
  /** rtol/atol for the accuracy checks (sigmoid, dense output, laws, agreement). */
  readonly rtol: number;
  /** atol for the accuracy checks. */
  readonly atol: number;
  /** Max error of the Saxe closed-form sigmoid, relative to |Y|. */
  readonly sigmoid: number;
  /** Max error of dense output at off-grid times (harmonic oscillator, |y| = 1). */
  readonly dense: number;
  /** Max error of a located event / divergence time. */
  readonly eventTime: number;
  /** Max drift of Uᵀ U − Vᵀ V along a two-layer linear flow. */
  readonly lawDrift: number;
  /** Max |θ − θ_ref| against the CPU float64 backend. */
  readonly agreement: number;
}

/** Options of {@link runConformanceSuite}: the test framework's functions and tolerances. */
export interface ConformanceOptions {
  /** vitest's (or a compatible) `describe`. */
  readonly describe: (name: string, body: () => void) => void;
  /** vitest's (or a compatible) `it`; tests are async. */
  readonly it: (name: string, body: () => Promise<void>, timeout?: number) => void;
  /** vitest's (or a compatible) `expect`. */
  readonly expect: ConformanceExpect;
  /** Overrides of the preset tolerances. @default conformanceTolerances(backend.precision) */
  readonly tolerances?: Partial<ConformanceTolerances>;
  /** Per-test timeout in ms. @default 60000 */
  readonly timeout?: number;
}

/**
 * Tolerance presets: float64 ones are what MATH.md §5 and §6 ask of equality checks (laws to
 * ~1e-10); float32 ones allow for single-precision accumulation (~1e-6 relative per operation).
 *
 * @param precision - the backend's declared precision
 * @returns the preset
 * @throws RangeError for another precision
 * @example
 * conformanceTolerances('float64').lawDrift; // 1e-10
 * @see MATH.md §5, §6
 */
export function conformanceTolerances(precision: 'float64' | 'float32'): ConformanceTolerances {
  if (precision === 'float64') {
    return {
      orderBand: 0.2,
      rtolPair: [1e-6, 1e-9],
      rtolGain: 100,
      rtol: 1e-11,
      atol: 1e-12,
      sigmoid: 1e-8,
      dense: 1e-8,
      eventTime: 1e-8,
      lawDrift: 1e-10,
      agreement: 1e-8,
    };
  }
  if (precision === 'float32') {
    return {
      orderBand: 0.35,
      rtolPair: [1e-3, 1e-5],
      rtolGain: 10,
      // 1e-5, not lower: float32 backends may reject smaller rtols (their floor, where the
      // rounding of f stalls the step control).
      rtol: 1e-5,
      atol: 1e-6,
      sigmoid: 1e-3,
      dense: 1e-3,
      eventTime: 1e-3,
      lawDrift: 1e-3,
      agreement: 1e-3,
    };
  }
  throw new RangeError(
    `conformanceTolerances: precision must be 'float64' or 'float32', got ${String(precision)}`,
  );
}

const decay: LinearProblem = { kind: 'linear', dim: 1, A: [-1] };
const growth: LinearProblem = { kind: 'linear', dim: 1, A: [1] };
// y1' = y2, y2' = −y1: from (1, 0), y(t) = (cos t, −sin t).
const oscillator: LinearProblem = { kind: 'linear', dim: 2, A: [0, 1, -1, 0] };

function finalState(r: IntegrateResult): Float64Array {
  const [rows, cols] = r.shape;
  return Float64Array.from(r.y.subarray((rows - 1) * cols, rows * cols));
}

/**
 * Registers the backend conformance tests with the given test framework. Every check uses
 * data-described problems (`linear`, `layered-flow`), so GPU backends can run them; checks that
 * need a JavaScript right-hand side run only when `backend.kinds` includes `'rhs'`.
 *
 * Checks: observed convergence order of fixed-step Euler/Heun/RK4 on y' = −y and on a harmonic
 * oscillator; DOPRI5 error scaling with rtol; dense output at off-grid times; the closed-form
 * sigmoid of a two-layer scalar linear network (Saxe et al.); location of the divergence time and
 * of a user event; overflow reported as non-finite; conservation of Uᵀ U − Vᵀ V along a two-layer
 * linear flow; agreement with the CPU float64 backend on a ReLU MLP with biases; batches equal to
 * single runs; the loss decreasing along a flow.
 *
 * @param backend - the backend under test
 * @param options - `describe`, `it`, `expect` of the caller's framework, and tolerance overrides
 * @returns nothing; the tests are registered on `describe`/`it`
 * @throws RangeError if backend.precision is neither 'float64' nor 'float32'
 * @example
 * import { describe, expect, it } from 'vitest';
 * import { cpuBackend } from '@idyn/integrators';
 * import { runConformanceSuite } from '@idyn/integrators/testing';
 * runConformanceSuite(cpuBackend, { describe, it, expect }); // registers the tests
 * @see MATH.md §5 (reference flows), §6 (numerical advice)
 */
export function runConformanceSuite(backend: Backend, options: ConformanceOptions): void {
  const tol: ConformanceTolerances = { ...conformanceTolerances(backend.precision), ...options.tolerances };
  const { describe, it, expect } = options;
  const timeout = options.timeout ?? 60_000;
  const supports = (kind: 'rhs' | 'linear' | 'layered-flow') => backend.kinds.includes(kind);

  describe(`integrator backend conformance: ${backend.name} (${backend.precision})`, () => {
    const orderCases = [
      ['euler', 1, 0.1],
      ['heun', 2, 0.1],
      ['rk4', 4, 0.25],
    ] as const;

    for (const [method, p, h] of orderCases) {
      it(
        `fixed-step ${method} has observed order ${p} on y′ = −y (closed form e^{−t})`,
        async () => {
          const T = 2;
          const err = async (step: number) => {
            const r = await backend.integrate(decay, [1], { times: [0, T], method, step });
            expect(r.status).toBe('success');
            return Math.abs(finalState(r)[0]! - Math.exp(-T));
          };
          const order = Math.log2((await err(h)) / (await err(h / 2)));
          expect(Math.abs(order - p)).toBeLessThan(tol.orderBand);
        },
        timeout,
      );

      it(
        `fixed-step ${method} has observed order ${p} on the harmonic oscillator (closed form (cos t, −sin t))`,
        async () => {
          const T = 2;
          const exact = [Math.cos(T), -Math.sin(T)];
          const err = async (step: number) => {
            const r = await backend.integrate(oscillator, [1, 0], { times: [0, T], method, step });
            expect(r.status).toBe('success');
            return maxAbsDiff(finalState(r), exact);
          };
          const order = Math.log2((await err(h)) / (await err(h / 2)));
          expect(Math.abs(order - p)).toBeLessThan(tol.orderBand);
        },
        timeout,
      );
    }

    it(
      'adaptive DOPRI5 error scales with rtol on the harmonic oscillator',
      async () => {
        const T = 5;
        const exact = [Math.cos(T), -Math.sin(T)];
        const err = async (rtol: number) => {
          const r = await backend.integrate(oscillator, [1, 0], { times: [0, T], rtol, atol: rtol * 1e-2 });
          expect(r.status).toBe('success');
          return maxAbsDiff(finalState(r), exact);
        };
        const [loose, tight] = tol.rtolPair;
        const eLoose = await err(loose);
        const eTight = await err(tight);
        expect(eLoose).toBeLessThan(100 * loose);
        expect(eTight * tol.rtolGain).toBeLessThan(eLoose);
      },
      timeout,
    );

    it(
      'DOPRI5 dense output is accurate at off-grid output times (harmonic oscillator)',
      async () => {
        const times = Array.from({ length: 97 }, (_, i) => 6 * (i / 96) ** 1.3);
        const r = await backend.integrate(oscillator, [1, 0], { times, rtol: tol.rtol, atol: tol.atol });
        expect(r.status).toBe('success');
        expect(r.t.length).toBe(times.length);
        const exact = times.flatMap((t) => [Math.cos(t), -Math.sin(t)]);
        expect(maxAbsDiff(r.y, exact)).toBeLessThan(tol.dense);
      },
      timeout,
    );

    if (supports('layered-flow')) {
      // L(u, v) = ½(uv − Y)²; with |u| = |v| (balanced), z = uv solves z' = −2|z|(z − Y), whose
      // solution for sign z₀ = sign Y is the logistic z(t) = Y / (1 + (Y/z₀ − 1) e^{−2|Y|t}).
      const sigmoid = (Y: number, z0: number, t: number) =>
        Y / (1 + (Y / z0 - 1) * Math.exp(-2 * Math.abs(Y) * t));
      for (const [label, Y, theta0] of [
        ['positive target', 2, [0.1, 0.1]],
        ['negative target, sign-flipped balance', -1.5, [0.2, -0.2]],
      ] as const) {
        for (const lossType of ['synthetic', 'mse'] as const) {
          it(
            `two-layer scalar linear network follows the closed-form sigmoid (Saxe et al.), ${label}, ${lossType} loss`,
            async () => {
              const problem: LayeredFlowProblem = {
                kind: 'layered-flow',
                widths: [1, 1, 1],
                activation: 'identity',
                bias: false,
                loss:
                  lossType === 'synthetic'
                    ? { type: 'synthetic', Y: [Y], quartic: 0 }
                    : { type: 'mse', samples: 1, X: [1], Y: [Y] },
              };
              const times = Array.from({ length: 17 }, (_, i) => i * 0.25);
              const r = await backend.integrate(problem, theta0, { times, rtol: tol.rtol, atol: tol.atol });
              expect(r.status).toBe('success');
              const z0 = theta0[0]! * theta0[1]!;
              let worst = 0;
              for (let i = 0; i < times.length; i++) {
                const z = r.y[2 * i]! * r.y[2 * i + 1]!;
                worst = Math.max(worst, Math.abs(z - sigmoid(Y, z0, times[i]!)));
              }
              expect(worst / Math.abs(Y)).toBeLessThan(tol.sigmoid);
            },
            timeout,
          );
        }
      }
    }

    it(
      'detects divergence of y′ = +y at the norm bound 10 and locates it at t = ln 10',
      async () => {
        const r = await backend.integrate(growth, [1], {
          times: [0, 1, 5],
          maxNorm: 10,
          rtol: tol.rtol,
          atol: tol.atol,
        });
        expect(r.status).toBe('diverged');
        expect(Math.abs(r.tStop - Math.log(10))).toBeLessThan(tol.eventTime);
        expect(r.t.length).toBe(2);
      },
      timeout,
    );

    it(
      'reports an overflow as non-finite, never as success (Euler on y′ = 10 y, step 1)',
      async () => {
        const r = await backend.integrate({ kind: 'linear', dim: 1, A: [10] }, [1], {
          times: [0, 1000],
          method: 'euler',
          step: 1,
        });
        expect(r.status).toBe('non-finite');
        expect(r.tStop).toBeLessThan(1000);
      },
      timeout,
    );

    if (supports('rhs')) {
      it(
        'locates a user event y = 1/2 on y′ = −y at t = ln 2',
        async () => {
          const r = await backend.integrate(
            {
              dim: 1,
              rhs: (_t, y, dy) => {
                dy[0] = -y[0]!;
              },
            },
            [1],
            {
              times: [0, 3],
              rtol: tol.rtol,
              atol: tol.atol,
              events: [{ g: (_t, y) => y[0]! - 0.5 }],
            },
          );
          expect(r.status).toBe('event');
          expect(Math.abs(r.tStop - Math.LN2)).toBeLessThan(tol.eventTime);
        },
        timeout,
      );
    }

    if (supports('layered-flow')) {
      it(
        'conserves Uᵀ U − Vᵀ V along a two-layer linear flow (MATH.md §5)',
        async () => {
          const rng = createRng(7);
          const [m, r, n] = [3, 2, 3];
          const problem: LayeredFlowProblem = {
            kind: 'layered-flow',
            widths: [m, r, n],
            activation: 'identity',
            bias: false,
            loss: { type: 'synthetic', Y: rng.normals(n * m) },
          };
          const theta0 = rng.normals(r * m + n * r, 0.7);
          const times = Array.from({ length: 9 }, (_, i) => i * 0.25);
          const res = await backend.integrate(problem, theta0, { times, rtol: tol.rtol, atol: tol.atol });
          expect(res.status).toBe('success');
          const S0 = twoLayerLaws(theta0, m, r, n);
          let drift = 0;
          let moved = 0;
          const D = theta0.length;
          for (let i = 0; i < times.length; i++) {
            const th = res.y.subarray(i * D, (i + 1) * D);
            drift = Math.max(drift, maxAbsDiff(twoLayerLaws(th, m, r, n), S0));
            moved = Math.max(moved, maxAbsDiff(th, theta0));
          }
          expect(drift).toBeLessThan(tol.lawDrift);
          // The flow really moved θ: the conservation is not that of a frozen state.
          expect(moved).toBeGreaterThan(0.1);
        },
        timeout,
      );

      // Seed 13: a flow that crosses activation boundaries but has no sliding mode on [0, 1] (some
      // seeds slide along a kink, where no step-size control converges; see the README).
      const rng = createRng(13);
      const mlp: LayeredFlowProblem = {
        kind: 'layered-flow',
        widths: [2, 4, 3, 1],
        activation: 'relu',
        bias: true,
        loss: { type: 'mse', samples: 8, X: rng.normals(16), Y: rng.normals(8) },
      };
      const mlpDim = 2 * 4 + 4 * 3 + 3 + 4 + 3 + 1;
      const mlpTheta = rng.normals(mlpDim, 0.8);

      it(
        'agrees with the CPU float64 backend on a ReLU MLP with biases',
        async () => {
          const opts = { times: [0, 0.5, 1], rtol: tol.rtol, atol: tol.atol };
          const r = await backend.integrate(mlp, mlpTheta, opts);
          const ref = cpuBackend.integrate(mlp, mlpTheta, opts);
          expect(r.status).toBe('success');
          expect(ref.status).toBe('success');
          expect(maxAbsDiff(r.y, ref.y)).toBeLessThan(tol.agreement);
        },
        timeout,
      );

      it(
        'the loss never increases along a ReLU MLP gradient flow',
        async () => {
          const times = Array.from({ length: 21 }, (_, i) => i * 0.05);
          const r = await backend.integrate(mlp, mlpTheta, { times, rtol: tol.rtol, atol: tol.atol });
          expect(r.status).toBe('success');
          const { loss } = layeredFlowLoss(mlp);
          const g = new Float64Array(mlpDim);
          const values = times.map((_, i) =>
            loss(Float64Array.from(r.y.subarray(i * mlpDim, (i + 1) * mlpDim)), g),
          );
          let worstIncrease = Number.NEGATIVE_INFINITY;
          for (let i = 1; i < values.length; i++) {
            worstIncrease = Math.max(worstIncrease, values[i]! - values[i - 1]!);
          }
          expect(worstIncrease).toBeLessThanOrEqual(tol.agreement);
          expect(values[values.length - 1]!).toBeLessThan(values[0]!);
        },
        timeout,
      );

      it(
        'a batch of flows equals the same flows run one by one',
        async () => {
          const B = 3;
          const rngB = createRng(5);
          const thetas = rngB.normals(B * mlpDim, 0.8);
          const opts = { times: [0, 0.5, 1], rtol: tol.rtol, atol: tol.atol };
          const batch = await backend.integrateBatch(mlp, thetas, B, opts);
          expect(batch.shape[0]).toBe(B);
          expect(batch.shape[1]).toBe(3);
          expect(batch.shape[2]).toBe(mlpDim);
          for (let b = 0; b < B; b++) {
            expect(batch.status[b]).toBe('success');
            const single = await backend.integrate(mlp, thetas.subarray(b * mlpDim, (b + 1) * mlpDim), opts);
            const rows = batch.y.subarray(b * 3 * mlpDim, (b + 1) * 3 * mlpDim);
            expect(maxAbsDiff(rows, single.y)).toBeLessThan(tol.agreement);
          }
        },
        timeout,
      );

      it(
        'batch neuron laws h_v stay at their initial values along ReLU flows (MATH.md §1)',
        async () => {
          const B = 2;
          const thetas = createRng(5).normals(B * mlpDim, 0.8);
          const times = [0, 0.5, 1];
          const batch = await backend.integrateBatch(mlp, thetas, B, {
            times,
            rtol: tol.rtol,
            atol: tol.atol,
            neuronLaws: true,
          });
          const laws = batch.neuronLaws;
          expect(laws === undefined).toBe(false);
          const H = 4 + 3;
          expect((laws as Float64Array).length).toBe(B * times.length * H);
          let drift = 0;
          let scale = 0;
          for (let b = 0; b < B; b++) {
            expect(batch.status[b]).toBe('success');
            for (let i = 0; i < times.length; i++) {
              for (let v = 0; v < H; v++) {
                const h0 = (laws as Float64Array)[b * times.length * H + v]!;
                const h = (laws as Float64Array)[(b * times.length + i) * H + v]!;
                drift = Math.max(drift, Math.abs(h - h0));
                scale = Math.max(scale, Math.abs(h0));
              }
            }
          }
          expect(scale).toBeGreaterThan(0.1);
          expect(drift).toBeLessThan(tol.lawDrift * Math.max(1, scale));
        },
        timeout,
      );

      it(
        'flags divergence per member of a batch (y′ = A y with one growing member)',
        async () => {
          const problem: LinearProblem = { kind: 'linear', dim: 1, A: [1] };
          // Members start at 1e-3, 1, 2: they reach the bound 5 at ln(5000), ln 5, ln 2.5.
          const batch = await backend.integrateBatch(problem, [1e-3, 1, 2], 3, {
            times: [0, 3],
            maxNorm: 5,
            rtol: tol.rtol,
            atol: tol.atol,
          });
          expect(batch.status[0]).toBe('success');
          expect(batch.status[1]).toBe('diverged');
          expect(batch.status[2]).toBe('diverged');
          expect(Math.abs(batch.tStop[1]! - Math.log(5))).toBeLessThan(tol.eventTime);
          expect(Math.abs(batch.tStop[2]! - Math.log(2.5))).toBeLessThan(tol.eventTime);
        },
        timeout,
      );
    }
  });
}
