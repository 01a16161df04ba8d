import type { GPU, IKernelRunShortcut, KernelVariable } from 'gpu.js';
import { Input } from 'gpu.js';

// gpu.js types Input's value as number[]; at run time it takes any typed array without copying.
const flat = (value: Float32Array, size: [number, number]): Input =>
  new Input(value as unknown as number[], size);
import type { ResolvedLayered, ResolvedLinear, ResolvedProblem } from './problem.js';

/**
 * The right-hand side of B independent flows evaluated by gpu.js kernels. `evaluate` rounds the
 * float64 stage states to float32 on upload, runs the kernels (float32 on GL and WebAssembly;
 * float64 arithmetic with float32 results in gpu.js's CPU mode) and widens the float32 results
 * into `out`.
 */
export interface BatchRhs {
  readonly dim: number;
  readonly batch: number;
  /** Writes f(y_b) into row b of out for every row b (row-major `[batch, dim]`). */
  evaluate(y: Float64Array, out: Float64Array): void;
  /** Kernel launches per evaluation. */
  readonly launches: number;
  /** The gpu.js kernels, in launch order (to read back which kernel class really ran). */
  readonly kernels: readonly IKernelRunShortcut[];
}

type Kernel = IKernelRunShortcut;
// gpu.js's outputs: a Float32Array per row (2D) or per (z, y) pair (3D), or a Texture in pipeline mode.
type Rows2D = readonly Float32Array[];

/**
 * Kernel sources are generated with the shapes and θ offsets as integer literals, so one thread
 * loops over a fixed width and no index needs a runtime uniform. Integer division p / CW is done
 * as floor((p + 0.5) / CW), exact for p, CW < 2^22 even where float division is not IEEE-exact.
 */
interface LayeredKernelSet {
  readonly load: Kernel;
  readonly forward: readonly Kernel[];
  readonly backward: readonly Kernel[];
  /** Per-layer gradient kernels, used when the fused one would take too many textures. */
  readonly gradient: readonly Kernel[];
  readonly fused: Kernel | null;
}

/** Most texture arguments of the fused gradient kernel (WebGL2 guarantees 16 texture units). */
const MAX_FUSED_ARGUMENTS = 12;

function compileLayered(gpu: GPU, r: ResolvedLayered, B: number, pipeline: boolean): LayeredKernelSet {
  const { widths, layers: L, relu, bias, wOffset, bOffset, samples: N, dim: D } = r;
  const settings = (output: number[], pipe: boolean) => ({
    output,
    pipeline: pipe,
    tactic: 'precision' as const,
    precision: 'single' as const,
  });
  const load = gpu.createKernel(
    'function (theta) { return theta[this.thread.y][this.thread.x]; }',
    settings([D, B], pipeline),
  );
  const forward: Kernel[] = [];
  for (let l = 1; l <= L; l++) {
    const cols = widths[l - 1]!;
    const rows = widths[l]!;
    const w = wOffset[l - 1]!;
    const prev = l === 1 ? 'prev[s][k]' : 'prev[b][s][k]';
    const init = bias ? `theta[b][${bOffset[l - 1]!} + i]` : '0';
    const tail =
      l < L
        ? relu[l - 1]
          ? 'return Math.max(a, 0);'
          : 'return a;'
        : // The output cotangent ∂L/∂a_L: scale·(a − y) + q·a³ (MSE: scale = 1/N, q = 0).
          'const res = a - target[s][i]; return scale * res + quartic * a * a * a;';
    const args = l < L ? 'theta, prev' : 'theta, prev, target, scale, quartic';
    forward.push(
      gpu.createKernel(
        `function (${args}) {
  const b = this.thread.z; const s = this.thread.y; const i = this.thread.x;
  let a = ${init};
  for (let k = 0; k < ${cols}; k++) { a += theta[b][${w} + i * ${cols} + k] * ${prev}; }
  ${tail}
}`,
        settings([rows, N, B], pipeline),
      ),
    );
  }
  // backward[l] maps δ_l to δ_{l−1} for l = L..2 (stored at index l − 2).
  const backward: Kernel[] = [];
  for (let l = 2; l <= L; l++) {
    const cols = widths[l - 1]!;
    const rows = widths[l]!;
    const w = wOffset[l - 1]!;
    const ret = relu[l - 2] ? 'return h[b][s][k] > 0 ? g : 0;' : 'return g;';
    backward.push(
      gpu.createKernel(
        `function (theta, delta, h) {
  const b = this.thread.z; const s = this.thread.y; const k = this.thread.x;
  let g = 0;
  for (let i = 0; i < ${rows}; i++) { g += theta[b][${w} + i * ${cols} + k] * delta[b][s][i]; }
  ${ret}
}`,
        settings([cols, N, B], pipeline),
      ),
    );
  }
  // grad[l]: −∂L/∂(W_l | b_l), row i of [W_l b_l] flattened, length rows · (cols + bias).
  const gradient: Kernel[] = [];
  for (let l = 1; l <= L && 2 * L > MAX_FUSED_ARGUMENTS; l++) {
    const cols = widths[l - 1]!;
    const rows = widths[l]!;
    const cw = cols + (bias ? 1 : 0);
    const prev = l === 1 ? 'prev[s][k]' : 'prev[b][s][k]';
    const term = bias ? `(k < ${cols} ? ${prev} : 1)` : prev;
    gradient.push(
      gpu.createKernel(
        `function (delta, prev) {
  const b = this.thread.y; const p = this.thread.x;
  const i = Math.floor((p + 0.5) / ${cw});
  const k = p - i * ${cw};
  let g = 0;
  for (let s = 0; s < ${N}; s++) { g += delta[b][s][i] * ${term}; }
  return -g;
}`,
        settings([rows * cw, B], false),
      ),
    );
  }
  // With few enough texture arguments (δ_1..δ_L, h_0..h_{L−1}), one kernel writes −∇L straight in
  // the θ layout: one read-back per evaluation instead of L.
  let fused: Kernel | null = null;
  if (2 * L <= MAX_FUSED_ARGUMENTS) {
    const branches: string[] = [];
    for (let l = 1; l <= L; l++) {
      const cols = widths[l - 1]!;
      const end = wOffset[l - 1]! + widths[l]! * cols;
      const prev = l === 1 ? `h0[s][k${l}]` : `h${l - 1}[b][s][k${l}]`;
      branches.push(`if (p < ${end}) {
    const i${l} = Math.floor((p - ${wOffset[l - 1]} + 0.5) / ${cols});
    const k${l} = p - ${wOffset[l - 1]} - i${l} * ${cols};
    for (let s = 0; s < ${N}; s++) { g += d${l}[b][s][i${l}] * ${prev}; }
  }`);
    }
    if (bias) {
      for (let l = 1; l <= L; l++) {
        const end = bOffset[l - 1]! + widths[l]!;
        branches.push(`if (p < ${end}) {
    const j${l} = p - ${bOffset[l - 1]};
    for (let s = 0; s < ${N}; s++) { g += d${l}[b][s][j${l}]; }
  }`);
      }
    }
    const args = [
      ...Array.from({ length: L }, (_, l) => `d${l + 1}`),
      ...Array.from({ length: L }, (_, l) => `h${l}`),
    ];
    fused = gpu.createKernel(
      `function (${args.join(', ')}) {
  const b = this.thread.y; const p = this.thread.x;
  let g = 0;
  ${branches.join(' else ')}
  return -g;
}`,
      settings([D, B], false),
    );
  }
  return { load, forward, backward, gradient: fused === null ? gradient : [], fused };
}

function layeredRhs(set: LayeredKernelSet, r: ResolvedLayered, B: number): BatchRhs {
  const { widths, layers: L, bias, wOffset, bOffset, samples: N, dim: D } = r;
  const { load, forward, backward, gradient, fused } = set;
  const n0 = widths[0]!;
  const nL = widths[L]!;
  const theta32 = new Float32Array(B * D);
  const thetaIn = flat(theta32, [D, B]);
  const X = flat(r.X, [n0, N]);
  const Y = flat(r.Y, [nL, N]);
  const kernels = [load, ...forward, ...backward, ...(fused === null ? gradient : [fused])];
  return {
    dim: D,
    batch: B,
    launches: kernels.length,
    kernels,
    evaluate(y, out) {
      for (let i = 0; i < theta32.length; i++) theta32[i] = y[i]!;
      const theta = load(thetaIn);
      const h: KernelVariable[] = [X as KernelVariable];
      for (let l = 1; l < L; l++) h.push((forward[l - 1] as Kernel)(theta, h[l - 1]));
      const deltas: KernelVariable[] = new Array(L + 1);
      deltas[L] = (forward[L - 1] as Kernel)(theta, h[L - 1], Y, r.scale, r.quartic);
      for (let l = L; l >= 2; l--) {
        deltas[l - 1] = (backward[l - 2] as Kernel)(theta, deltas[l], h[l - 1]);
      }
      if (fused !== null) {
        const g = fused(...deltas.slice(1), ...h) as unknown as Rows2D;
        for (let b = 0; b < B; b++) out.set(g[b] as Float32Array, b * D);
        return;
      }
      for (let l = 1; l <= L; l++) {
        const cols = widths[l - 1]!;
        const rows = widths[l]!;
        const cw = cols + (bias ? 1 : 0);
        const g = (gradient[l - 1] as Kernel)(deltas[l], h[l - 1]) as unknown as Rows2D;
        const w = wOffset[l - 1]!;
        const bo = bOffset[l - 1]!;
        for (let b = 0; b < B; b++) {
          const row = g[b] as Float32Array;
          const base = b * D;
          for (let i = 0; i < rows; i++) {
            const src = i * cw;
            const dst = base + w + i * cols;
            for (let k = 0; k < cols; k++) out[dst + k] = row[src + k]!;
            if (bias) out[base + bo + i] = row[src + cols]!;
          }
        }
      }
    },
  };
}

function compileLinear(gpu: GPU, r: ResolvedLinear, B: number): Kernel {
  const n = r.dim;
  return gpu.createKernel(
    `function (y, A) {
  const b = this.thread.y; const i = this.thread.x;
  let s = 0;
  for (let j = 0; j < ${n}; j++) { s += A[i][j] * y[b][j]; }
  return s;
}`,
    { output: [n, B], tactic: 'precision', precision: 'single' },
  );
}

function linearRhs(kernel: Kernel, r: ResolvedLinear, B: number): BatchRhs {
  const n = r.dim;
  const y32 = new Float32Array(B * n);
  const yIn = flat(y32, [n, B]);
  const A = flat(r.A, [n, n]);
  return {
    dim: n,
    batch: B,
    launches: 1,
    kernels: [kernel],
    evaluate(y, out) {
      for (let i = 0; i < y32.length; i++) y32[i] = y[i]!;
      const res = kernel(yIn, A) as unknown as Rows2D;
      for (let b = 0; b < B; b++) {
        const row = res[b] as Float32Array;
        for (let i = 0; i < n; i++) out[b * n + i] = row[i]!;
      }
    },
  };
}

/**
 * Compiles the batched right-hand side of a problem for a batch of B. GL modes keep the
 * intermediate activations and cotangents on the device (gpu.js pipeline textures); only θ goes
 * up and the gradient comes back.
 */
export function createBatchRhs(
  gpu: GPU,
  r: ResolvedProblem,
  B: number,
  pipeline: boolean,
  cache: Map<string, unknown>,
): BatchRhs {
  // Compiled kernels depend on the shapes only; the data (A, X, Y) are arguments of each call.
  const key = `${r.key}:${B}:${pipeline}`;
  if (r.kind === 'linear') {
    let k = cache.get(key) as Kernel | undefined;
    if (k === undefined) {
      k = compileLinear(gpu, r, B);
      cache.set(key, k);
    }
    return linearRhs(k, r, B);
  }
  let set = cache.get(key) as LayeredKernelSet | undefined;
  if (set === undefined) {
    set = compileLayered(gpu, r, B, pipeline);
    cache.set(key, set);
  }
  return layeredRhs(set, r, B);
}
