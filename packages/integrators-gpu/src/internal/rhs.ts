import type { GPU } from 'gpu.js';
import type { ResolvedLayered, ResolvedLinear, ResolvedProblem } from './problem.js';
import {
  compileKernel,
  createLoader,
  input,
  type Kernel,
  kernelSettings,
  release,
  type Tensor,
} from './tensor.js';

/**
 * The right-hand side of B independent flows as gpu.js kernels that read the state from a device
 * tensor `[dim, 1, B]` and write f into a new one of the same shape: nothing is uploaded or read
 * back. The constant data (X, Y or A) is uploaded once per run by {@link ResidentRhs.bind}.
 */
export interface ResidentRhs {
  /** Kernel launches per evaluation. */
  readonly launches: number;
  /** The gpu.js kernels (to read back which kernel class really ran). */
  readonly kernels: readonly Kernel[];
  /** Uploads the problem's constant data; returns the evaluator and a function releasing the data. */
  bind(): { evaluate(state: Tensor): Tensor; release(): void };
}

/** Most texture arguments of the fused gradient kernel (WebGL2 guarantees 16 texture units). */
const MAX_FUSED_ARGUMENTS = 12;

interface LayeredKernels {
  readonly forward: readonly Kernel[];
  readonly backward: readonly Kernel[];
  /** One fused kernel, or one per layer chained through the θ layout. */
  readonly gradient: readonly Kernel[];
  readonly fused: boolean;
  readonly loadX: Kernel;
  readonly loadY: Kernel;
}

// Kernel sources are generated with the shapes and θ offsets as integer literals, so a thread loops
// over a fixed width and no index needs a runtime uniform. Integer division p / CW is done as
// floor((p + 0.5) / CW), exact for p, CW < 2^22 even where float division is not IEEE-exact.
function compileLayered(gpu: GPU, r: ResolvedLayered, B: number): LayeredKernels {
  const { widths, layers: L, relu, bias, wOffset, bOffset, samples: N, dim: D } = r;
  const forward: Kernel[] = [];
  for (let l = 1; l <= L; l++) {
    const cols = widths[l - 1]!;
    const rows = widths[l]!;
    const w = wOffset[l - 1]!;
    const prev = l === 1 ? 'prev[s][k]' : 'prev[b][s][k]';
    const init = bias ? `theta[b][0][${bOffset[l - 1]!} + i]` : '0';
    const tail =
      l < L
        ? relu[l - 1]
          ? 'return Math.max(a, 0);'
          : 'return a;'
        : // The output cotangent ∂L/∂a_L: scale·(a − y) + q·a³ (MSE: scale = 1/N, q = 0).
          'const res = a - target[s][i]; return scale * res + quartic * a * a * a;';
    const args = l < L ? 'theta, prev' : 'theta, prev, target, scale, quartic';
    forward.push(
      compileKernel(
        gpu,
        `function (${args}) {
  const b = this.thread.z; const s = this.thread.y; const i = this.thread.x;
  let a = ${init};
  for (let k = 0; k < ${cols}; k++) { a += theta[b][0][${w} + i * ${cols} + k] * ${prev}; }
  ${tail}
}`,
        kernelSettings([rows, N, B]),
      ),
    );
  }
  // backward[l − 2] maps δ_l to δ_{l−1} for l = L..2.
  const backward: Kernel[] = [];
  for (let l = 2; l <= L; l++) {
    const cols = widths[l - 1]!;
    const rows = widths[l]!;
    const w = wOffset[l - 1]!;
    const ret = relu[l - 2] ? 'return h[b][s][k] > 0 ? g : 0;' : 'return g;';
    backward.push(
      compileKernel(
        gpu,
        `function (theta, delta, h) {
  const b = this.thread.z; const s = this.thread.y; const k = this.thread.x;
  let g = 0;
  for (let i = 0; i < ${rows}; i++) { g += theta[b][0][${w} + i * ${cols} + k] * delta[b][s][i]; }
  ${ret}
}`,
        kernelSettings([cols, N, B]),
      ),
    );
  }
  // −∂L/∂θ written straight into the θ layout. The weight block of layer l sums δ_l h_{l−1}ᵀ over
  // the samples, its bias block sums δ_l.
  const weightBranch = (l: number, d: string, h: string): string => {
    const cols = widths[l - 1]!;
    const start = wOffset[l - 1]!;
    const end = start + widths[l]! * cols;
    const prev = l === 1 ? `${h}[s][k${l}]` : `${h}[b][s][k${l}]`;
    return `if (p >= ${start} && p < ${end}) {
    const i${l} = Math.floor((p - ${start} + 0.5) / ${cols});
    const k${l} = p - ${start} - i${l} * ${cols};
    for (let s = 0; s < ${N}; s++) { g += ${d}[b][s][i${l}] * ${prev}; }
    return -g;
  }`;
  };
  const biasBranch = (l: number, d: string): string => {
    const start = bOffset[l - 1]!;
    return `if (p >= ${start} && p < ${start + widths[l]!}) {
    const j${l} = p - ${start};
    for (let s = 0; s < ${N}; s++) { g += ${d}[b][s][j${l}]; }
    return -g;
  }`;
  };
  const gradient: Kernel[] = [];
  const fused = 2 * L <= MAX_FUSED_ARGUMENTS;
  if (fused) {
    const branches: string[] = [];
    for (let l = 1; l <= L; l++) branches.push(weightBranch(l, `d${l}`, `h${l - 1}`));
    if (bias) for (let l = 1; l <= L; l++) branches.push(biasBranch(l, `d${l}`));
    const args = [
      ...Array.from({ length: L }, (_, l) => `d${l + 1}`),
      ...Array.from({ length: L }, (_, l) => `h${l}`),
    ];
    gradient.push(
      compileKernel(
        gpu,
        `function (${args.join(', ')}) {
  const b = this.thread.z; const p = this.thread.x;
  let g = 0;
  ${branches.join('\n  ')}
  return 0;
}`,
        kernelSettings([D, 1, B]),
      ),
    );
  } else {
    // Too many texture arguments for one kernel: layer by layer, each copying the blocks of the
    // layers before it from its predecessor.
    for (let l = 1; l <= L; l++) {
      const branches = [weightBranch(l, 'd', 'h'), ...(bias ? [biasBranch(l, 'd')] : [])];
      const args = l === 1 ? 'd, h' : 'acc, d, h';
      const rest = l === 1 ? 'return 0;' : 'return acc[b][0][p];';
      gradient.push(
        compileKernel(
          gpu,
          `function (${args}) {
  const b = this.thread.z; const p = this.thread.x;
  let g = 0;
  ${branches.join('\n  ')}
  ${rest}
}`,
          kernelSettings([D, 1, B]),
        ),
      );
    }
  }
  const n0 = widths[0]!;
  const nL = widths[L]!;
  return {
    forward,
    backward,
    gradient,
    fused,
    loadX: createLoader(gpu, [n0, N]),
    loadY: createLoader(gpu, [nL, N]),
  };
}

function layeredRhs(k: LayeredKernels, r: ResolvedLayered): ResidentRhs {
  const { widths, layers: L, samples: N } = r;
  const kernels = [...k.forward, ...k.backward, ...k.gradient];
  return {
    launches: kernels.length,
    kernels,
    bind() {
      const X = k.loadX(input(r.X, [widths[0]!, N]));
      const Y = k.loadY(input(r.Y, [widths[L]!, N]));
      return {
        evaluate(theta) {
          const h: Tensor[] = [X];
          for (let l = 1; l < L; l++) h.push(k.forward[l - 1]!(theta, h[l - 1]));
          const deltas: Tensor[] = new Array(L + 1);
          deltas[L] = k.forward[L - 1]!(theta, h[L - 1], Y, r.scale, r.quartic);
          for (let l = L; l >= 2; l--) deltas[l - 1] = k.backward[l - 2]!(theta, deltas[l], h[l - 1]);
          let out: Tensor;
          if (k.fused) out = k.gradient[0]!(...deltas.slice(1), ...h);
          else {
            out = k.gradient[0]!(deltas[1], h[0]);
            for (let l = 2; l <= L; l++) {
              const next = k.gradient[l - 1]!(out, deltas[l], h[l - 1]);
              release(out);
              out = next;
            }
          }
          for (let l = 1; l < L; l++) release(h[l]);
          for (let l = 1; l <= L; l++) release(deltas[l]);
          return out;
        },
        release() {
          release(X);
          release(Y);
        },
      };
    },
  };
}

function compileLinear(gpu: GPU, r: ResolvedLinear, B: number): { f: Kernel; loadA: Kernel } {
  const n = r.dim;
  const f = compileKernel(
    gpu,
    `function (y, A) {
  const b = this.thread.z; const i = this.thread.x;
  let s = 0;
  for (let j = 0; j < ${n}; j++) { s += A[i][j] * y[b][0][j]; }
  return s;
}`,
    kernelSettings([n, 1, B]),
  );
  return { f, loadA: createLoader(gpu, [n, n]) };
}

/**
 * Compiles (or takes from `cache`) the resident right-hand side of a problem for a batch of B.
 * Kernels depend on the structure only (widths, activations, bias, N, B); the data are arguments.
 */
export function createResidentRhs(
  gpu: GPU,
  r: ResolvedProblem,
  B: number,
  cache: Map<string, unknown>,
): ResidentRhs {
  const key = `rhs:${r.key}:${B}`;
  if (r.kind === 'linear') {
    let k = cache.get(key) as ReturnType<typeof compileLinear> | undefined;
    if (k === undefined) {
      k = compileLinear(gpu, r, B);
      cache.set(key, k);
    }
    const { f, loadA } = k;
    return {
      launches: 1,
      kernels: [f],
      bind() {
        const A = loadA(input(r.A, [r.dim, r.dim]));
        return { evaluate: (y) => f(y, A), release: () => release(A) };
      },
    };
  }
  let k = cache.get(key) as LayeredKernels | undefined;
  if (k === undefined) {
    k = compileLayered(gpu, r, B);
    cache.set(key, k);
  }
  return layeredRhs(k, r);
}
