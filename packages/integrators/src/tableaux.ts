/**
 * An explicit Runge–Kutta method as plain data, shared by every backend.
 *
 * Stage i (0-based) is `k_i = f(t + c_i h, y + h Σ_{j<i} a_i[j] k_j)`; the step is
 * `y_1 = y + h Σ b_i k_i`. With an embedded pair, `e_i = b_i − b̂_i` so that
 * `y_1 − ŷ_1 = h Σ e_i k_i` is the local error estimate. With a continuous extension,
 * `y(t + θh) = y + h Σ_i (Σ_j dense[i][j] θ^{j+1}) k_i` for θ in [0, 1].
 *
 * @see MATH.md §6 (adaptive Dormand–Prince for equality checks between flows)
 */
export interface ButcherTableau {
  /** Method name, e.g. `'dopri5'`. */
  readonly name: string;
  /** Classical order of the propagated solution `b`. */
  readonly order: number;
  /** Order of the embedded solution `b̂` (0 when there is none). */
  readonly embeddedOrder: number;
  /** Number of stages s. */
  readonly stages: number;
  /** Nodes c (length s). */
  readonly c: readonly number[];
  /** Strictly lower-triangular coefficients: `a[i]` has length i. */
  readonly a: readonly (readonly number[])[];
  /** Weights b (length s). */
  readonly b: readonly number[];
  /** Error weights e = b − b̂ (length s), or null for a method without an embedded pair. */
  readonly e: readonly number[] | null;
  /**
   * First same as last: the last stage is evaluated at (t + h, y_1), so it is the next step's
   * first stage.
   */
  readonly fsal: boolean;
  /**
   * Continuous-extension coefficients: `dense[i][j]` multiplies θ^{j+1} in the weight of stage i,
   * or null when the method has none (backends then use cubic Hermite interpolation).
   */
  readonly dense: readonly (readonly number[])[] | null;
  /** Order of the continuous extension (0 when `dense` is null). */
  readonly denseOrder: number;
}

/**
 * Explicit Euler: one stage, order 1. As a gradient flow integrator it is gradient descent.
 * @example
 * EULER.b; // [1]
 * @see MATH.md §6 (explicit Euler drifts the laws by O(step))
 */
export const EULER: ButcherTableau = Object.freeze({
  name: 'euler',
  order: 1,
  embeddedOrder: 0,
  stages: 1,
  c: [0],
  a: [[]],
  b: [1],
  e: null,
  fsal: false,
  dense: null,
  denseOrder: 0,
});

/**
 * Heun's method (explicit trapezoidal rule): two stages, order 2.
 * @example
 * HEUN.b; // [0.5, 0.5]
 */
export const HEUN: ButcherTableau = Object.freeze({
  name: 'heun',
  order: 2,
  embeddedOrder: 0,
  stages: 2,
  c: [0, 1],
  a: [[], [1]],
  b: [0.5, 0.5],
  e: null,
  fsal: false,
  dense: null,
  denseOrder: 0,
});

/**
 * The classical fourth-order Runge–Kutta method.
 * @example
 * RK4.b; // [1/6, 1/3, 1/3, 1/6]
 */
export const RK4: ButcherTableau = Object.freeze({
  name: 'rk4',
  order: 4,
  embeddedOrder: 0,
  stages: 4,
  c: [0, 0.5, 0.5, 1],
  a: [[], [0.5], [0, 0.5], [0, 0, 1]],
  b: [1 / 6, 1 / 3, 1 / 3, 1 / 6],
  e: null,
  fsal: false,
  dense: null,
  denseOrder: 0,
});

/**
 * Dormand–Prince 5(4): seven stages with FSAL (six evaluations per accepted step), fifth-order
 * propagation (local extrapolation), fourth-order embedded error estimate, and Shampine's
 * fourth-order continuous extension (the one of Hairer–Nørsett–Wanner's DOPRI5), written here as
 * polynomial weights in θ.
 * @example
 * DOPRI5.c; // [0, 1/5, 3/10, 4/5, 8/9, 1, 1]
 * @see Dormand & Prince (1980); Hairer, Nørsett & Wanner, Solving ODEs I, §II.5–II.6
 */
export const DOPRI5: ButcherTableau = Object.freeze({
  name: 'dopri5',
  order: 5,
  embeddedOrder: 4,
  stages: 7,
  c: [0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1, 1],
  a: [
    [],
    [1 / 5],
    [3 / 40, 9 / 40],
    [44 / 45, -56 / 15, 32 / 9],
    [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
    [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
    [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84],
  ],
  b: [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84, 0],
  e: [71 / 57600, 0, -71 / 16695, 71 / 1920, -17253 / 339200, 22 / 525, -1 / 40],
  fsal: true,
  dense: [
    [1, -8048581381 / 2820520608, 8663915743 / 2820520608, -12715105075 / 11282082432],
    [0, 0, 0, 0],
    [0, 131558114200 / 32700410799, -68118460800 / 10900136933, 87487479700 / 32700410799],
    [0, -1754552775 / 470086768, 14199869525 / 1410260304, -10690763975 / 1880347072],
    [0, 127303824393 / 49829197408, -318862633887 / 49829197408, 701980252875 / 199316789632],
    [0, -282668133 / 205662961, 2019193451 / 616988883, -1453857185 / 822651844],
    [0, 40617522 / 29380423, -110615467 / 29380423, 69997945 / 29380423],
  ],
  denseOrder: 4,
});

/** Method names accepted by `integrate`. */
export type MethodName = 'euler' | 'heun' | 'rk4' | 'dopri5';

/**
 * All built-in tableaux by name.
 * @example
 * TABLEAUX.rk4.order; // 4
 */
export const TABLEAUX: Readonly<Record<MethodName, ButcherTableau>> = Object.freeze({
  euler: EULER,
  heun: HEUN,
  rk4: RK4,
  dopri5: DOPRI5,
});
