// WGSL sources of the kernels. One workgroup of WG threads per member for every kernel that
// reduces over a member's D entries (stage evaluation, step completion, outputs); one thread per
// member for the step proposal and the status count. The control kernels are generic (the
// tableau, the settings and the dimension come from the uniform `u`); only the right-hand side
// is generated per problem structure (widths, activations, samples and tile size as literals).

/** Threads per workgroup of every kernel. */
export const WG = 64;

/** Member status codes, as stored in `Ctl.status`. */
export const STATUS = {
  running: 0,
  success: 1,
  diverged: 2,
  nonFinite: 3,
  maxSteps: 4,
  stepTooSmall: 5,
} as const;

/** Why a member ended non-finite, as stored in `Ctl.why`. */
export const WHY = { rhsAtStart: 1, trial: 2, rhsAtEnd: 3, shrank: 4 } as const;

/** Bytes of one `Ctl` record. */
export const CTL_BYTES = 64;
/** Byte stride of the per-evaluation `Stage` records (minUniformBufferOffsetAlignment ≤ 256). */
export const STAGE_STRIDE = 256;
/** Bytes of the uniform `U`. */
export const UNIFORM_BYTES = 320;

const HEADER = /* wgsl */ `
struct Ctl {
  tau: u32, hTicks: u32, status: u32, oi: u32,
  steps: u32, acc: u32, rej: u32, nfev: u32,
  h: f32, hStep: f32, errOld: f32, flags: u32,
  theta: f32, why: u32, p0: u32, p1: u32,
}
struct U {
  count: u32, chunk: u32, nt: u32, nSched: u32,
  maxSteps: u32, Q: u32, adaptive: u32, dim: u32,
  stages: u32, fsal: u32, dense: u32, fSlot: u32,
  order: u32, hasMaxNorm: u32, preset: u32, probe: u32,
  rtol: f32, atol: f32, maxStep: f32, safety: f32,
  minFactor: f32, maxFactor: f32, beta: f32, errExp: f32,
  maxNorm: f32, tpu: f32, minStep: f32, span: f32,
  presetH: f32, p0: f32, p1: f32, p2: f32,
  b: array<vec4<f32>, 2>,
  e: array<vec4<f32>, 2>,
  dn: array<vec4<f32>, 8>,
}
struct Stage {
  nTerms: u32, outSlot: u32, source: u32, writeYN: u32,
  coef: array<vec4<f32>, 2>,
  idx: array<vec4<u32>, 2>,
}
@group(0) @binding(0) var<uniform> u: U;
@group(0) @binding(1) var<storage, read_write> ctl: array<Ctl>;
@group(0) @binding(2) var<storage, read_write> Y: array<f32>;
@group(0) @binding(3) var<storage, read_write> YN: array<f32>;
@group(0) @binding(4) var<storage, read_write> K: array<f32>;
@group(0) @binding(5) var<storage, read_write> OUT: array<f32>;
@group(0) @binding(6) var<storage, read> DATA: array<f32>;
@group(0) @binding(7) var<storage, read> TIMES: array<u32>;
@group(0) @binding(8) var<storage, read_write> STATUS: array<atomic<u32>>;
@group(0) @binding(9) var<uniform> st: Stage;

const RUN: u32 = 1u;
const LANDING: u32 = 2u;
const LASTREJ: u32 = 4u;
const LASTNF: u32 = 8u;
const ACC: u32 = 16u;
const S_SUCCESS: u32 = ${STATUS.success}u;
const S_DIVERGED: u32 = ${STATUS.diverged}u;
const S_NONFINITE: u32 = ${STATUS.nonFinite}u;
const S_MAXSTEPS: u32 = ${STATUS.maxSteps}u;
const S_TOOSMALL: u32 = ${STATUS.stepTooSmall}u;
const EPS32: f32 = 1.1920929e-7;

// WGSL lets implementations assume that no NaN or infinity occurs, so finiteness is read from
// the exponent bits, which no such assumption can fold away.
fn finite(x: f32) -> bool { return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u; }
fn isNan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
fn kidx(slot: u32, m: u32, i: u32) -> u32 { return (slot * u.count + m) * u.dim + i; }
fn bw(s: u32) -> f32 { return u.b[s / 4u][s % 4u]; }
fn ew(s: u32) -> f32 { return u.e[s / 4u][s % 4u]; }
`;

const REDUCE = /* wgsl */ `
var<workgroup> red: array<f32, ${WG}>;
var<workgroup> bcast: f32;
var<workgroup> wc: Ctl;

fn reduceSum(lid: u32, v: f32) -> f32 {
  red[lid] = v;
  workgroupBarrier();
  for (var s = ${WG / 2}u; s > 0u; s = s >> 1u) {
    if (lid < s) { red[lid] = red[lid] + red[lid + s]; }
    workgroupBarrier();
  }
  if (lid == 0u) { bcast = red[0]; }
  return workgroupUniformLoad(&bcast);
}
fn reduceMax(lid: u32, v: f32) -> f32 {
  red[lid] = v;
  workgroupBarrier();
  for (var s = ${WG / 2}u; s > 0u; s = s >> 1u) {
    if (lid < s) { red[lid] = max(red[lid], red[lid + s]); }
    workgroupBarrier();
  }
  if (lid == 0u) { bcast = red[0]; }
  return workgroupUniformLoad(&bcast);
}
// The member's control record, loaded once by thread 0 and shared as a uniform value, so that
// every decision taken on it is workgroup-uniform (barriers may follow).
fn loadCtl(lid: u32, m: u32) -> Ctl {
  if (lid == 0u) { wc = ctl[m]; }
  return workgroupUniformLoad(&wc);
}
`;

/** A kernel with one workgroup per member, run on the members whose control record passes `when`. */
function memberKernel(when: string, body: string): string {
  return `
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let m = wid.x;
  if (m >= u.count) { return; }
  var c = loadCtl(lid, m);
  if (c.status != 0u || !(${when})) { return; }
  let D = u.dim;
${body}}
`;
}

/** Proposal of the next trial step, one thread per member (the CPU engine's `propose`). */
export function proposeSource(): string {
  return `${HEADER}
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let m = gid.x;
  if (m >= u.count) { return; }
  var c = ctl[m];
  if (c.status != 0u) { return; }
  c.flags = c.flags & ~(RUN | LANDING | ACC);
  if (u.adaptive == 0u) {
    // Fixed steps: the schedule (computed in float64 on the CPU) gives each step's length.
    if (c.steps >= u.nSched) { c.status = S_MAXSTEPS; ctl[m] = c; return; }
    c.hStep = bitcast<f32>(TIMES[4u * c.steps]);
    c.hTicks = c.steps;
    c.steps = c.steps + 1u;
    c.flags = c.flags | RUN;
    ctl[m] = c;
    return;
  }
  if (c.steps >= u.maxSteps) { c.status = S_MAXSTEPS; ctl[m] = c; return; }
  var hs = min(c.h, u.maxStep);
  let rem = u.Q - c.tau;
  let landing = hs * 1.01 * u.tpu >= f32(rem);
  var ticks = rem;
  if (landing) {
    hs = f32(rem) / u.tpu;
  } else {
    ticks = u32(round(hs * u.tpu));
    hs = f32(ticks) / u.tpu;
  }
  if (hs <= u.minStep || ticks == 0u) {
    c.hStep = hs;
    if ((c.flags & LASTNF) != 0u) { c.status = S_NONFINITE; c.why = ${WHY.shrank}u; } else { c.status = S_TOOSMALL; }
    ctl[m] = c;
    return;
  }
  c.steps = c.steps + 1u;
  c.hStep = hs;
  c.hTicks = ticks;
  c.flags = c.flags | RUN;
  if (landing) { c.flags = c.flags | LANDING; }
  ctl[m] = c;
}
`;
}

/**
 * After f(y0): non-finite check, and the first half of the initial step selection of Hairer,
 * Nørsett & Wanner (Solving ODEs I, §II.4) when it is needed.
 */
export function initASource(): string {
  return `${HEADER}${REDUCE}${memberKernel(
    '(c.flags & RUN) != 0u',
    `  var nf = 0.0;
  var s0 = 0.0;
  var s1 = 0.0;
  for (var i = lid; i < D; i = i + ${WG}u) {
    let y = Y[m * D + i];
    let f = K[kidx(0u, m, i)];
    if (!finite(f)) { nf = nf + 1.0; }
    let sc = u.atol + u.rtol * abs(y);
    s0 = s0 + (y / sc) * (y / sc);
    s1 = s1 + (f / sc) * (f / sc);
  }
  let nfT = reduceSum(lid, nf);
  let d0 = sqrt(reduceSum(lid, s0) / f32(D));
  let d1 = sqrt(reduceSum(lid, s1) / f32(D));
  if (lid != 0u) { return; }
  c.nfev = c.nfev + 1u;
  if (nfT > 0.0) {
    c.status = S_NONFINITE;
    c.why = ${WHY.rhsAtStart}u;
    c.flags = c.flags & ~RUN;
  } else if (u.probe != 0u) {
    var h0 = 0.01 * d0 / d1;
    if (d0 < 1e-5 || d1 < 1e-5) { h0 = 1e-6; }
    h0 = min(min(h0, u.maxStep), u.span);
    c.hStep = h0;
  } else {
    c.h = u.presetH;
    c.flags = c.flags & ~RUN;
  }
  ctl[m] = c;
`,
  )}`;
}

/** Second half of the initial step selection, from f(y0 + h0 f0) in slot 1. */
export function initBSource(): string {
  return `${HEADER}${REDUCE}${memberKernel(
    '(c.flags & RUN) != 0u',
    `  var s1 = 0.0;
  var s2 = 0.0;
  for (var i = lid; i < D; i = i + ${WG}u) {
    let y = Y[m * D + i];
    let f0 = K[kidx(0u, m, i)];
    let f1 = K[kidx(1u, m, i)];
    let sc = u.atol + u.rtol * abs(y);
    s1 = s1 + (f0 / sc) * (f0 / sc);
    s2 = s2 + ((f1 - f0) / sc) * ((f1 - f0) / sc);
  }
  let d1 = sqrt(reduceSum(lid, s1) / f32(D));
  let h0 = c.hStep;
  let d2 = sqrt(reduceSum(lid, s2) / f32(D)) / h0;
  if (lid != 0u) { return; }
  c.nfev = c.nfev + 1u;
  var h1: f32;
  var big = false;
  if (isNan(d2)) {
    h1 = max(1e-6, h0 * 1e-3);
  } else if (!finite(d2)) {
    big = true;
    h1 = 0.0;
  } else {
    let mm = max(d1, d2);
    if (!(mm > 1e-15)) { h1 = max(1e-6, h0 * 1e-3); } else { h1 = pow(0.01 / mm, 1.0 / f32(u.order + 1u)); }
  }
  var h = min(min(100.0 * h0, h1), u.maxStep);
  if (big || !finite(h) || h <= 0.0) { h = h0; }
  c.h = h;
  c.flags = c.flags & ~RUN;
  ctl[m] = c;
`,
  )}`;
}

/**
 * Completion of a trial step: y_new (or the FSAL stage point), finiteness, and for adaptive runs
 * the scaled error norm and the PI controller's accept/reject (the CPU engine's `judge`).
 */
export function completeSource(): string {
  return `${HEADER}${REDUCE}${memberKernel(
    '(c.flags & RUN) != 0u',
    `  let h = c.hStep;
  let S = u.stages;
  var nf = 0.0;
  var sum = 0.0;
  for (var i = lid; i < D; i = i + ${WG}u) {
    let y = Y[m * D + i];
    var yn: f32;
    if (u.fsal != 0u) {
      yn = YN[m * D + i];
      if (!finite(K[kidx(S - 1u, m, i)])) { nf = nf + 1.0; }
    } else {
      var acc = 0.0;
      for (var s = 0u; s < S; s = s + 1u) {
        let w = bw(s);
        if (w != 0.0) { acc = acc + (h * w) * K[kidx(s, m, i)]; }
      }
      yn = y + acc;
      YN[m * D + i] = yn;
    }
    if (!finite(yn)) { nf = nf + 1.0; }
    if (u.adaptive != 0u) {
      var e = 0.0;
      for (var s = 0u; s < S; s = s + 1u) {
        let w = ew(s);
        if (w != 0.0) { e = e + (h * w) * K[kidx(s, m, i)]; }
      }
      let q = e / (u.atol + u.rtol * max(abs(y), abs(yn)));
      sum = sum + q * q;
    }
  }
  let nfT = reduceSum(lid, nf);
  let sumT = reduceSum(lid, sum);
  if (lid != 0u) { return; }
  c.nfev = c.nfev + (S - 1u);
  let finiteTrial = nfT == 0.0;
  if (u.adaptive != 0u) {
    let err = sqrt(sumT / f32(D));
    if (!finiteTrial || !finite(err) || !(err <= 1.0)) {
      if (finiteTrial) { c.flags = c.flags & ~LASTNF; } else { c.flags = c.flags | LASTNF; }
      var div = 1.0 / u.minFactor;
      if (finiteTrial && finite(err)) { div = min(div, pow(err, u.errExp) / u.safety); }
      c.h = h / div;
      c.flags = (c.flags | LASTREJ) & ~RUN;
      c.rej = c.rej + 1u;
    } else {
      c.flags = c.flags & ~LASTNF;
      var fac = 0.0;
      if (err > 0.0) { fac = pow(err, u.errExp); }
      fac = fac / pow(c.errOld, u.beta);
      fac = max(1.0 / u.maxFactor, min(1.0 / u.minFactor, fac / u.safety));
      var hNew = h / fac;
      if ((c.flags & LASTREJ) != 0u) { hNew = min(hNew, h); }
      c.errOld = max(err, 1e-4);
      c.flags = (c.flags & ~LASTREJ) | ACC;
      c.h = hNew;
      c.acc = c.acc + 1u;
      if (u.fsal != 0u) { c.flags = c.flags & ~RUN; }
    }
  } else if (!finiteTrial) {
    c.status = S_NONFINITE;
    c.why = ${WHY.trial}u;
    c.theta = 0.0;
    c.flags = c.flags & ~RUN;
  } else {
    c.acc = c.acc + 1u;
    c.flags = c.flags | ACC;
    if (u.fsal != 0u) { c.flags = c.flags & ~RUN; }
  }
  ctl[m] = c;
`,
  )}`;
}

/**
 * After an accepted step: divergence located on the dense output (Illinois), outputs that fall in
 * the step, then the commit (y ← y_new, k_0 ← f(y_new), t ← t + h) or the stop.
 */
export function finishSource(): string {
  return `${HEADER}${REDUCE}
// Dense output of entry i at fraction th of the step [t, t + h]: the continuous extension when the
// tableau has one, else cubic Hermite between (y, k_0) and (y_new, f_new).
fn dense(th: f32, m: u32, i: u32, h: f32) -> f32 {
  let D = u.dim;
  let y = Y[m * D + i];
  if (th == 1.0) { return YN[m * D + i]; }
  if (u.dense != 0u) {
    var out = y;
    for (var s = 0u; s < u.stages; s = s + 1u) {
      let p = u.dn[s];
      let w = (((p.w * th + p.z) * th + p.y) * th + p.x) * th;
      if (w != 0.0) { out = out + (h * w) * K[kidx(s, m, i)]; }
    }
    return out;
  }
  let th2 = th * th;
  let th3 = th2 * th;
  let h00 = 2.0 * th3 - 3.0 * th2 + 1.0;
  let h10 = (th3 - 2.0 * th2 + th) * h;
  let h01 = -2.0 * th3 + 3.0 * th2;
  let h11 = (th3 - th2) * h;
  return h00 * y + h10 * K[kidx(0u, m, i)] + h01 * YN[m * D + i] + h11 * K[kidx(u.fSlot, m, i)];
}
fn denseMaxAbs(lid: u32, th: f32, m: u32, h: f32) -> f32 {
  var mx = 0.0;
  for (var i = lid; i < u.dim; i = i + ${WG}u) { mx = max(mx, abs(dense(th, m, i, h))); }
  return reduceMax(lid, mx);
}
fn writeRow(lid: u32, m: u32, o: u32, th: f32, h: f32) {
  let D = u.dim;
  for (var i = lid; i < D; i = i + ${WG}u) { OUT[(m * u.nt + o) * D + i] = dense(th, m, i, h); }
}

${memberKernel(
  '(c.flags & ACC) != 0u',
  `  let h = c.hStep;
  var mxNew = 0.0;
  var mxOld = 0.0;
  var nf = 0.0;
  for (var i = lid; i < D; i = i + ${WG}u) {
    mxNew = max(mxNew, abs(YN[m * D + i]));
    mxOld = max(mxOld, abs(Y[m * D + i]));
    if (!finite(K[kidx(u.fSlot, m, i)])) { nf = nf + 1.0; }
  }
  let gNew = reduceMax(lid, mxNew);
  let gOld = reduceMax(lid, mxOld);
  let nfT = reduceSum(lid, nf);
  var theta = 1.0;
  var diverged = false;
  if (u.hasMaxNorm != 0u && gNew > u.maxNorm) {
    // Illinois on g(θ) = max_i |y_i(θ)| − maxNorm; every thread runs it on uniform values.
    var tol = 4.0 * EPS32;
    if (u.adaptive != 0u) { tol = max(tol, 1.0 / f32(c.hTicks)); }
    var a = 0.0;
    var b = 1.0;
    var ga = gOld - u.maxNorm;
    var gb = gNew - u.maxNorm;
    var side = 0;
    for (var it = 0; it < 200 && b - a > tol; it = it + 1) {
      var cc = (a * gb - b * ga) / (gb - ga);
      if (!(cc > a && cc < b)) { cc = 0.5 * (a + b); }
      let gc = denseMaxAbs(lid, cc, m, h) - u.maxNorm;
      if (gc == 0.0 || sign(gc) == sign(gb)) {
        b = cc;
        gb = gc;
        if (side == 1) { ga = ga / 2.0; }
        side = 1;
      } else {
        a = cc;
        ga = gc;
        if (side == -1) { gb = gb / 2.0; }
        side = -1;
      }
      if (gb == 0.0 && b - a <= tol) { break; }
    }
    theta = b;
    diverged = true;
  }
  // Outputs in (t, t_stop].
  if (u.adaptive != 0u) {
    let tauNew = c.tau + c.hTicks;
    for (; c.oi < u.nt; c.oi = c.oi + 1u) {
      let o = TIMES[c.oi];
      if (diverged && theta < 1.0) {
        if (!(f32(o - c.tau) <= theta * f32(c.hTicks))) { break; }
      } else if (o > tauNew) { break; }
      var th = 1.0;
      if (o != tauNew) { th = f32(o - c.tau) / f32(c.hTicks); }
      writeRow(lid, m, c.oi, th, h);
    }
  } else if (theta == 1.0) {
    let j = c.hTicks;
    let o1 = TIMES[4u * j + 2u];
    for (c.oi = TIMES[4u * j + 1u]; c.oi < o1; c.oi = c.oi + 1u) { writeRow(lid, m, c.oi, 1.0, h); }
  }
  if (diverged) {
    for (var i = lid; i < D; i = i + ${WG}u) { let v = dense(theta, m, i, h); Y[m * D + i] = v; }
    c.status = S_DIVERGED;
    c.theta = theta;
  } else {
    for (var i = lid; i < D; i = i + ${WG}u) {
      Y[m * D + i] = YN[m * D + i];
      if (u.fSlot != 0u) { K[kidx(0u, m, i)] = K[kidx(u.fSlot, m, i)]; }
    }
    if (u.adaptive != 0u) { c.tau = c.tau + c.hTicks; }
    if (nfT > 0.0) {
      c.status = S_NONFINITE;
      c.why = ${WHY.rhsAtEnd}u;
      c.theta = 1.0;
    } else if (c.oi >= u.nt) {
      c.status = S_SUCCESS;
      c.theta = 1.0;
    }
  }
  if (u.fsal == 0u) { c.nfev = c.nfev + 1u; }
  c.flags = c.flags & ~(RUN | ACC);
  if (lid == 0u) { ctl[m] = c; }
`,
)}`;
}

/** Counts the members still running into STATUS[chunk] (cleared before). */
export function countSource(): string {
  return `${HEADER}
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let m = gid.x;
  if (m >= u.count) { return; }
  if (ctl[m].status == 0u) { atomicAdd(&STATUS[u.chunk], 1u); }
}
`;
}

/** The structure of a layered network as the generated kernel needs it. */
export interface LayeredShape {
  readonly widths: readonly number[];
  readonly relu: readonly boolean[];
  readonly bias: boolean;
  readonly wOffset: readonly number[];
  readonly bOffset: readonly number[];
  readonly dim: number;
  readonly samples: number;
  /** Samples per tile held in workgroup memory. */
  readonly tile: number;
}

/** Floats of workgroup memory used by the layered kernel with `tile` samples per tile. */
export function layeredWorkgroupFloats(widths: readonly number[], dim: number, tile: number): number {
  let hs = 0;
  let mw = 0;
  for (let l = 1; l < widths.length; l++) {
    hs += widths[l]!;
    mw = Math.max(mw, widths[l]!);
  }
  return 2 * dim + tile * (hs + 2 * mw) + 1;
}

const STAGE_LOAD = /* wgsl */ `
var<workgroup> flag: u32;
// The stage point θ_s = src + Σ_j (h a_sj) k_j of this evaluation (st), into workgroup memory.
fn loadStage(lid: u32, m: u32) -> bool {
  if (lid == 0u) {
    var go = 0u;
    if (m < u.count) {
      let c = ctl[m];
      if (c.status == 0u && (c.flags & RUN) != 0u) { go = 1u; }
    }
    flag = go;
  }
  if (workgroupUniformLoad(&flag) == 0u) { return false; }
  let h = ctl[m].hStep;
  let D = u.dim;
  for (var i = lid; i < D; i = i + ${WG}u) {
    var acc = 0.0;
    for (var t = 0u; t < st.nTerms; t = t + 1u) {
      acc = acc + (h * st.coef[t / 4u][t % 4u]) * K[kidx(st.idx[t / 4u][t % 4u], m, i)];
    }
    var base: f32;
    if (st.source == 0u) { base = Y[m * D + i]; } else { base = YN[m * D + i]; }
    let v = base + acc;
    w[i] = v;
    if (st.writeYN != 0u) { YN[m * D + i] = v; }
  }
  workgroupBarrier();
  return true;
}
`;

/** f(θ) = −∇L(θ) of a layered network, one workgroup per member, samples in tiles. */
export function layeredSource(s: LayeredShape): string {
  const { widths, relu, bias, wOffset, bOffset, dim, samples, tile } = s;
  const L = widths.length - 1;
  const n0 = widths[0]!;
  const nL = widths[L]!;
  let hs = 0;
  let mw = 0;
  const aOff: number[] = [0]; // offset of layer l's activations in `act`, per sample tile
  for (let l = 1; l <= L; l++) {
    aOff.push(hs * tile);
    hs += widths[l]!;
    mw = Math.max(mw, widths[l]!);
  }
  const prev = (l: number, sExpr: string, kExpr: string): string =>
    l === 1
      ? `DATA[(s0 + ${sExpr}) * ${n0}u + ${kExpr}]`
      : `act[${aOff[l - 1]!}u + ${sExpr} * ${widths[l - 1]!}u + ${kExpr}]`;
  const lines: string[] = [];
  // Forward.
  for (let l = 1; l <= L; l++) {
    const rows = widths[l]!;
    const cols = widths[l - 1]!;
    const wo = wOffset[l - 1]!;
    const init = bias ? `w[${bOffset[l - 1]!}u + i]` : '0.0';
    let store: string;
    if (l < L) {
      const act = relu[l - 1] ? 'select(0.0, a, a > 0.0)' : 'a';
      store = `act[${aOff[l]!}u + s * ${rows}u + i] = ${act};`;
    } else {
      store = `let r = DATA[${samples * n0}u + (s0 + s) * ${nL}u + i];\n      dA[s * ${nL}u + i] = SCALE * (a - r) + QUARTIC * a * a * a;`;
    }
    lines.push(`    for (var q = lid; q < ts * ${rows}u; q = q + ${WG}u) {
      let s = q / ${rows}u;
      let i = q % ${rows}u;
      var a = ${init};
      for (var k = 0u; k < ${cols}u; k = k + 1u) { a = a + w[${wo}u + i * ${cols}u + k] * ${prev(l, 's', 'k')}; }
      ${store}
    }
    workgroupBarrier();`);
  }
  // Backward: cur holds δ_l for the tile.
  for (let l = L; l >= 1; l--) {
    const rows = widths[l]!;
    const cols = widths[l - 1]!;
    const wo = wOffset[l - 1]!;
    const cur = (L - l) % 2 === 0 ? 'dA' : 'dB';
    const nxt = cur === 'dA' ? 'dB' : 'dA';
    lines.push(`    for (var q = lid; q < ${rows * cols}u; q = q + ${WG}u) {
      let i = q / ${cols}u;
      let k = q % ${cols}u;
      var a = 0.0;
      for (var s = 0u; s < ts; s = s + 1u) { a = a + ${cur}[s * ${rows}u + i] * ${prev(l, 's', 'k')}; }
      g[${wo}u + q] = g[${wo}u + q] + a;
    }`);
    if (bias) {
      lines.push(`    for (var i = lid; i < ${rows}u; i = i + ${WG}u) {
      var a = 0.0;
      for (var s = 0u; s < ts; s = s + 1u) { a = a + ${cur}[s * ${rows}u + i]; }
      g[${bOffset[l - 1]!}u + i] = g[${bOffset[l - 1]!}u + i] + a;
    }`);
    }
    if (l > 1) {
      const value = relu[l - 2] ? `select(0.0, a, act[${aOff[l - 1]!}u + s * ${cols}u + k] > 0.0)` : 'a';
      lines.push(`    for (var q = lid; q < ts * ${cols}u; q = q + ${WG}u) {
      let s = q / ${cols}u;
      let k = q % ${cols}u;
      var a = 0.0;
      for (var i = 0u; i < ${rows}u; i = i + 1u) { a = a + w[${wo}u + i * ${cols}u + k] * ${cur}[s * ${rows}u + i]; }
      ${nxt}[s * ${cols}u + k] = ${value};
    }`);
    }
    lines.push('    workgroupBarrier();');
  }
  return `${HEADER}
var<workgroup> w: array<f32, ${dim}>;
var<workgroup> g: array<f32, ${dim}>;
var<workgroup> act: array<f32, ${Math.max(1, hs * tile)}>;
var<workgroup> dA: array<f32, ${mw * tile}>;
var<workgroup> dB: array<f32, ${mw * tile}>;
${STAGE_LOAD}
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let m = wid.x;
  if (!loadStage(lid, m)) { return; }
  let SCALE = u.p0;
  let QUARTIC = u.p1;
  for (var i = lid; i < ${dim}u; i = i + ${WG}u) { g[i] = 0.0; }
  workgroupBarrier();
  for (var s0 = 0u; s0 < ${samples}u; s0 = s0 + ${tile}u) {
    let ts = min(${tile}u, ${samples}u - s0);
${lines.join('\n')}
  }
  let D = u.dim;
  for (var i = lid; i < D; i = i + ${WG}u) { K[kidx(st.outSlot, m, i)] = -g[i]; }
}
`;
}

/** f(y) = A y of a linear problem, one workgroup per member (A is DATA, row-major). */
export function linearSource(dim: number): string {
  return `${HEADER}
var<workgroup> w: array<f32, ${dim}>;
${STAGE_LOAD}
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let m = wid.x;
  if (!loadStage(lid, m)) { return; }
  for (var i = lid; i < ${dim}u; i = i + ${WG}u) {
    var a = 0.0;
    for (var j = 0u; j < ${dim}u; j = j + 1u) { a = a + DATA[i * ${dim}u + j] * w[j]; }
    K[kidx(st.outSlot, m, i)] = a;
  }
}
`;
}
