import type { ButcherTableau } from '@idyn/integrators';
import { FLOAT32_EPSILON, float32TimeResolution, termsOf } from '@idyn/integrators/backend';
import type { GPU } from 'gpu.js';
import { compileKernel, type Kernel, kernelSettings } from './tensor.js';

/**
 * Fields of the per-member control tensor `[CTRL_FIELDS, 1, B]` (float32 each). The adaptive
 * stepper uses all of them; the fixed-step one only STATUS, STEPS, ACC, ACCNOW, THETA, STOPROUND
 * and KIND (the step sequence itself is the CPU's, shared by every member).
 */
export const F = {
  /** 0 running, then one of {@link STATUS_CODES}. */
  STATUS: 0,
  /** Next output index (outputs recorded so far). */
  OI: 1,
  /** t − base(OI): time since the last output time passed (t0 before the first). */
  TAU: 2,
  /** The controller's next step. */
  H: 3,
  /** Length of the current trial step (also the probe step h0 during the initial step selection). */
  HSTEP: 4,
  /** 1: the trial step lands on tEnd; 2: it was shortened to land on an output time. */
  LANDING: 5,
  /** The PI controller's previous error (≥ 1e-4). */
  ERROLD: 6,
  /** 1 after a rejection (no growth on the next acceptance). */
  LASTREJ: 7,
  /** 1 if the last rejection was for non-finite values. */
  LASTNF: 8,
  /** Trial steps proposed (accepted + rejected). */
  STEPS: 9,
  /** Accepted steps. */
  ACC: 10,
  /** Rejected steps. */
  REJ: 11,
  /** 1 if the member takes a trial step this round (running and not waiting for an output slot). */
  ACTIVE: 12,
  /** 1 if the member's trial step of this round was accepted. */
  ACCNOW: 13,
  /** Fraction θ of the step where the member stopped (divergence), else 1. */
  THETA: 14,
  /** Adaptive: the output index after the trial step if accepted whole. Fixed: round of the stop. */
  CROSS: 15,
  /** Fixed steps: 1 when f at the new state was non-finite (the state advanced), 0 otherwise. */
  KIND: 16,
} as const;

/** Number of fields of the control tensor. */
export const CTRL_FIELDS = 17;

/** Status codes stored in the STATUS field. */
export const STATUS_CODES = [
  'running',
  'success',
  'diverged',
  'non-finite',
  'max-steps',
  'step-too-small',
] as const;

/** Values per partial-sum thread of the reductions over a member's state. */
export const PART_CHUNK = 64;

/** Below every float32 overflow: a sum of |v|·2^−64 above this had a non-finite term. */
const FINITE_SCALE = 2 ** -64;
const FINITE_BOUND = 1e30;

/**
 * Everything the kernel sources are generated from (literals in the sources). Times (t0, tEnd,
 * maxStep, the span) are uniforms or the time table instead, so runs over other spans reuse them.
 */
export interface RkShape {
  readonly D: number;
  readonly B: number;
  readonly tableau: ButcherTableau;
  readonly adaptive: boolean;
  /** Number of output times. */
  readonly nt: number;
  /** Output slots: a step records at most this many output times. */
  readonly slots: number;
  readonly rtol: number;
  readonly atol: number;
  readonly maxSteps: number;
  readonly safety: number;
  readonly minFactor: number;
  readonly maxFactor: number;
  readonly beta: number;
  /** The divergence bound, or null when there is none (no locate kernel then). */
  readonly maxNorm: number | null;
  /** Fixed first step (settings.initialStep), or null for the initial step selection. */
  readonly initialStep: number | null;
  /** Outputs recorded at t0 on the CPU (the first output index the kernels write). */
  readonly oi0: number;
}

const P = (f: number) => `prev[b][0][${f}]`;
/** t(j) − base(m) from the double-float table of base(m) − t0 (see the engine). */
const rel = (j: string, m: string) => {
  // A literal index must stay an integer literal (gpu.js would emit `3.0 + 1.0` for `3 + 1`).
  const next = /^\d+$/.test(j) ? String(Number(j) + 1) : `${j} + 1`;
  return `((tab[0][0][${next}] - tab[0][0][${m}]) + (tab[1][0][${next}] - tab[1][0][${m}]))`;
};
const at = (name: string) => `${name}[b][0][p]`;

/** Names of the stage tensors a kernel reads, and the tableau terms on them. */
function stageArgs(indices: readonly number[]): string {
  return indices.map((j) => `k${j}`).join(', ');
}

/**
 * Source of the dense output of the current step at fraction `th` for element p of member b into
 * `dv`: the tableau's continuous extension y + h Σ_s b_s(θ) k_s (DOPRI5), else cubic Hermite on
 * (y, k0) and (yNew, fNew) (argument `k${S}` holds fNew for methods without FSAL). The same
 * formulas as `denseOutput` of @idyn/integrators/backend; θ ≥ 1 gives yNew exactly.
 */
function denseSource(
  tab: ButcherTableau,
  th: string,
  h: string,
  out: string,
): { args: number[]; code: string } {
  if (tab.dense !== null) {
    const lines: string[] = [`let ${out} = ${at('y')};`];
    const args: number[] = [];
    tab.dense.forEach((poly, st) => {
      if (poly.every((c) => c === 0)) return;
      args.push(st);
      let w = '0';
      for (let j = poly.length - 1; j >= 0; j--) w = `(${w} + ${poly[j]!}) * ${th}`;
      lines.push(`${out} += (${h} * (${w})) * ${at(`k${st}`)};`);
    });
    return { args, code: `${lines.join('\n    ')}\n    if (${th} >= 1) { ${out} = ${at('yNew')}; }` };
  }
  const fNew = tab.stages;
  const [a, c] = [`${out}Sq`, `${out}Cu`];
  return {
    args: [0, fNew],
    code: `const ${a} = ${th} * ${th}; const ${c} = ${a} * ${th};
    let ${out} = (2 * ${c} - 3 * ${a} + 1) * ${at('y')} + ((${c} - 2 * ${a} + ${th}) * ${h}) * ${at('k0')}
      + (-2 * ${c} + 3 * ${a}) * ${at('yNew')} + ((${c} - ${a}) * ${h}) * ${at(`k${fNew}`)};
    if (${th} >= 1) { ${out} = ${at('yNew')}; }`,
  };
}

/** The stage tensors the dense output reads, in argument order. */
export function denseStages(tab: ButcherTableau): number[] {
  return denseSource(tab, 'th', 'h', 'dv').args;
}

/** The compiled kernels of one run shape. */
export interface RkKernels {
  /** combine[st]: the point of stage st (y + h Σ a_st,j k_j); combine[S] the completion (non-FSAL). */
  readonly combine: readonly (Kernel | null)[];
  /** The Euler probe point y + h0 k0 of the initial step selection. */
  readonly probe: Kernel;
  readonly partsInit: Kernel;
  readonly partsProbe: Kernel;
  readonly partsStep: Kernel;
  readonly initCtrl: Kernel;
  readonly initCtrl2: Kernel;
  readonly propose: Kernel | null;
  readonly judge: Kernel;
  readonly locate: Kernel | null;
  readonly record: Kernel | null;
  readonly zeros: Kernel | null;
  readonly advance: Kernel;
  readonly keepK0: Kernel | null;
  readonly summary: Kernel;
  /** Stage indices whose tensors `partsStep` reads after y, yNew (k_j with e_j ≠ 0, and fNew). */
  readonly errorStages: readonly number[];
  /** Groups of the summary (members per group: {@link SUMMARY_GROUP}). */
  readonly groups: number;
  readonly parts: number;
}

/** Members per thread of the status summary. */
export const SUMMARY_GROUP = 256;

/**
 * Generates and compiles the kernels of the resident Runge–Kutta stepper for one shape. Every
 * formula is the one of the CPU engine (`@idyn/integrators/backend`: `combine`, `scaledErrorNorm`,
 * `initialStepProbe`/`initialStepFromProbe`, `StepSizeController.propose`/`judge`, `illinois`,
 * `denseOutput`), in float32, with the machine epsilon of float32 where the CPU uses float64's.
 */
export function compileRk(gpu: GPU, s: RkShape): RkKernels {
  const { D, B, tableau: tab, adaptive, nt } = s;
  const S = tab.stages;
  const vec = kernelSettings([D, 1, B]);
  const K = Math.ceil(D / PART_CHUNK);
  const ctrlOut = kernelSettings([CTRL_FIELDS, 1, B]);
  const partOut = kernelSettings([K, 4, B]);
  const errExp = 1 / (Math.max(tab.embeddedOrder, 1) + 1) - 0.75 * s.beta;

  // Stage points and completion: the shared `combine` (y + (Σ_j (h a_j) k_j)).
  const combineKernel = (row: readonly number[]): Kernel | null => {
    const t = termsOf(row as number[]);
    if (t.coef.length === 0) return null;
    const idx = Array.from(t.index);
    const hSrc = adaptive ? `ctrl[b][0][${F.HSTEP}]` : 'hs';
    const first = adaptive ? 'y, ctrl' : 'y, hs';
    const cs = idx.map((_, m) => `const c${m} = h * ${t.coef[m]!};`).join(' ');
    const sum = idx.map((j, m) => `c${m} * ${at(`k${j}`)}`).join(' + ');
    return compileKernel(
      gpu,
      `function (${first}, ${stageArgs(idx)}) {
  const b = this.thread.z; const p = this.thread.x;
  const h = ${hSrc}; ${cs}
  return ${at('y')} + (${sum});
}`,
      vec,
    );
  };
  const combine: (Kernel | null)[] = [null];
  for (let st = 1; st < S; st++) combine.push(combineKernel(tab.a[st]!));
  combine.push(tab.fsal ? null : combineKernel(tab.b));
  const probe = compileKernel(
    gpu,
    `function (y, ctrl, k0) {
  const b = this.thread.z; const p = this.thread.x;
  return ${at('y')} + ctrl[b][0][${F.HSTEP}] * ${at('k0')};
}`,
    vec,
  );

  // Partial sums over chunks of PART_CHUNK entries of a member (thread x: chunk, y: quantity).
  const partsKernel = (args: string, quantities: readonly string[]): Kernel =>
    compileKernel(
      gpu,
      `function (${args}) {
  const b = this.thread.z; const q = this.thread.y; const part = this.thread.x;
  let acc = 0;
  for (let i = 0; i < ${PART_CHUNK}; i++) {
    const p = part * ${PART_CHUNK} + i;
    if (p < ${D}) {
      ${quantities.map((code, qi) => `if (q === ${qi}) { ${code} }`).join(' else ')}
    }
  }
  return acc;
}`,
      partOut,
    );
  const fin = (v: string) => `acc += Math.abs(${v}) * ${FINITE_SCALE};`;
  // Initial step (HNW II.4): ‖y0‖ and ‖f0‖ in the scaled RMS norm with sc = atol + rtol |y0|.
  const sc = `(${s.atol} + ${s.rtol} * Math.abs(${at('y')}))`;
  const partsInit = partsKernel('y, k0', [
    `const v = ${at('y')} / ${sc}; acc += v * v;`,
    `const v = ${at('k0')} / ${sc}; acc += v * v;`,
    fin(at('k0')),
    'acc += 0;',
  ]);
  const partsProbe = partsKernel('y, k0, f1', [
    `const v = (${at('f1')} - ${at('k0')}) / ${sc}; acc += v * v;`,
    'acc += 0;',
    'acc += 0;',
    'acc += 0;',
  ]);
  // Per trial step: the scaled error norm of scaledErrorNorm (adaptive), finiteness of yNew and
  // fNew, max |yNew| (divergence).
  const eTerms = tab.e === null ? null : termsOf(tab.e as number[]);
  const fNewIndex = tab.fsal ? S - 1 : S;
  const errIdx = eTerms === null ? [] : Array.from(eTerms.index);
  const errorStages = [...new Set([...errIdx, fNewIndex])].sort((a, b) => a - b);
  const errCode =
    eTerms === null || !adaptive
      ? 'acc += 0;'
      : `const h = ctrl[b][0][${F.HSTEP}];
      const e = ${errIdx.map((j, m) => `(h * ${eTerms.coef[m]!}) * ${at(`k${j}`)}`).join(' + ')};
      const ay = Math.abs(${at('y')}); const an = Math.abs(${at('yNew')});
      const v = e / (${s.atol} + ${s.rtol} * (ay > an ? ay : an)); acc += v * v;`;
  const partsStep = partsKernel(`y, yNew, ctrl, ${stageArgs(errorStages)}`, [
    errCode,
    fin(at('yNew')),
    `acc = Math.max(acc, Math.abs(${at('yNew')}));`,
    fin(at(`k${fNewIndex}`)),
  ]);
  const sumParts = (name: string, q: number, v: string) =>
    `let ${v} = 0; for (let i = 0; i < ${K}; i++) { ${v} += ${name}[b][${q}][i]; }`;
  const maxParts = (name: string, q: number, v: string) =>
    `let ${v} = 0; for (let i = 0; i < ${K}; i++) { ${v} = Math.max(${v}, ${name}[b][${q}][i]); }`;

  // Control kernels: every thread computes the member's whole new control record and returns
  // the field of its x index.
  const ctrlKernel = (args: string, body: string, fields: readonly string[]): Kernel =>
    compileKernel(
      gpu,
      `function (${args}) {
  const b = this.thread.z; const f = this.thread.x;
  ${fields.map((_, i) => `let v${i} = ${P(i)};`).join(' ')}
  ${body}
  ${fields.map((_, i) => `if (f === ${i}) { return v${i}; }`).join('\n  ')}
  return 0;
}`,
      ctrlOut,
    );
  const fields = Array.from({ length: CTRL_FIELDS }, (_, i) => String(i));
  const v = (f: number) => `v${f}`;
  const preset = adaptive ? s.initialStep : null;
  const firstStep = adaptive ? preset : null;
  const initCtrl = compileKernel(
    gpu,
    `function (pre, parts, span, maxStep) {
  const b = this.thread.z; const f = this.thread.x;
  ${sumParts('parts', 0, 's0')} ${sumParts('parts', 1, 's1')} ${sumParts('parts', 2, 'sf')}
  let status = pre[b];
  if (status === 0 && !(sf <= ${FINITE_BOUND})) { status = 3; }
  const d0 = Math.sqrt(s0 / ${D}); const d1 = Math.sqrt(s1 / ${D});
  let h0 = (d0 < 0.00001 || d1 < 0.00001) ? 0.000001 : (0.01 * d0) / d1;
  h0 = Math.min(h0, Math.min(maxStep, span));
  const h = ${firstStep === null ? (adaptive ? 'h0' : '0') : String(firstStep)};
  if (f === ${F.STATUS}) { return status; }
  if (f === ${F.OI}) { return ${s.oi0}; }
  if (f === ${F.H}) { return h; }
  if (f === ${F.HSTEP}) { return h; }
  if (f === ${F.ERROLD}) { return 0.0001; }
  if (f === ${F.THETA}) { return 1; }
  return 0;
}`,
    ctrlOut,
  );
  // initialStepFromProbe: h1 from the second-derivative estimate, h = min(100 h0, h1, maxStep).
  const initCtrl2 = ctrlKernel(
    'prev, parts, parts2, maxStep',
    `${sumParts('parts', 1, 's1')} ${sumParts('parts2', 0, 's2')}
  const h0 = ${v(F.HSTEP)};
  const d1 = Math.sqrt(s1 / ${D});
  const d2 = Math.sqrt(s2 / ${D}) / h0;
  const m = Math.max(d1, d2);
  const h1 = !(m > 1e-15) ? Math.max(0.000001, h0 * 0.001) : Math.pow(0.01 / m, ${1 / (tab.order + 1)});
  let h = Math.min(100 * h0, Math.min(h1, maxStep));
  if (!(h <= 3e38) || h <= 0) { h = h0; }
  ${v(F.H)} = h; ${v(F.HSTEP)} = h;`,
    fields,
  );

  // StepSizeController.propose, with one addition: a step that would record more than `slots`
  // output times is shortened to land on the last of them (so no member ever needs more than
  // `slots` output tensors at once), and a member whose step would record an output beyond the
  // window [jLo, jHi] of live output tensors waits (its state, h and counters do not change).
  const propose = adaptive
    ? ctrlKernel(
        'prev, tab, jHi, maxStep',
        `${v(F.ACTIVE)} = 0; ${v(F.ACCNOW)} = 0;
  if (${v(F.STATUS)} === 0) {
    if (${v(F.STEPS)} >= ${s.maxSteps}) {
      ${v(F.STATUS)} = 4;
    } else {
      const oi = ${v(F.OI)}; const tau = ${v(F.TAU)};
      const rem = ${rel(String(nt - 1), 'oi')};
      let hs = Math.min(${v(F.H)}, maxStep);
      let landing = 0;
      if (tau + 1.01 * hs >= rem) { landing = 1; hs = rem - tau; }
      // belowTimeResolution of the CPU engine with float32's epsilon, on the member's float32
      // offset tau from base(OI) (base itself is exact on the host): h <= 16 eps32 |tau|.
      if (hs <= ${float32TimeResolution(1)} * Math.abs(tau) || !(hs > 0)) {
        ${v(F.STATUS)} = ${v(F.LASTNF)} > 0 ? 3 : 5;
        ${v(F.HSTEP)} = hs;
      } else {
        let cross = oi;
        if (landing > 0) { cross = ${nt}; } else {
          for (let i = 0; i < ${s.slots + 1}; i++) {
            const j = oi + i;
            if (j < ${nt} && ${rel('j', 'oi')} - tau <= hs) { cross = j + 1; } else { break; }
          }
        }
        if (cross - oi > ${s.slots}) {
          const last = oi + ${s.slots - 1};
          hs = ${rel('last', 'oi')} - tau; cross = last + 1; landing = 2;
        }
        if (cross - 1 <= jHi) {
          ${v(F.ACTIVE)} = 1; ${v(F.STEPS)} = ${v(F.STEPS)} + 1;
          ${v(F.HSTEP)} = hs; ${v(F.LANDING)} = landing; ${v(F.CROSS)} = cross;
        }
      }
    }
  }`,
        fields,
      )
    : null;

  // Illinois regula falsi on g(θ) = max_i |y_i(θ)| − maxNorm over the dense output (maxNormCrossing
  // and illinois of the CPU engine), for members whose accepted step ended beyond maxNorm.
  const dense = denseSource(tab, 'th', 'h', 'dv');
  const denseAt = denseSource(tab, 'c', 'h', 'dd');
  const denseArgs = stageArgs(dense.args);
  let locate: Kernel | null = null;
  if (s.maxNorm !== null) {
    const mn = s.maxNorm;
    const acceptCode = adaptive
      ? `${sumParts('parts', 0, 'se')} ${sumParts('parts', 1, 'sy')} ${sumParts('parts', 3, 'sfn')}
  const ok = (ctrl[b][0][${F.ACTIVE}] > 0 && sy <= ${FINITE_BOUND} && sfn <= ${FINITE_BOUND} && Math.sqrt(se / ${D}) <= 1) ? 1 : 0;
  const h = ctrl[b][0][${F.HSTEP}];
  // θ to float32 resolution: the stop state is exact to it; t itself is rebuilt on the host.
  const tol = ${4 * FLOAT32_EPSILON};`
      : `${sumParts('parts', 1, 'sy')}
  const ok = (ctrl[b][0][${F.STATUS}] === 0 && sy <= ${FINITE_BOUND}) ? 1 : 0;
  const h = hs;
  const tol = ${4 * FLOAT32_EPSILON};`;
    const gAt = (out: string) => `let ${out} = 0;
    for (let p = 0; p < ${D}; p++) {
      ${denseAt.code}
      ${out} = Math.max(${out}, Math.abs(dd));
    }
    ${out} = ${out} - ${mn};`;
    locate = compileKernel(
      gpu,
      `function (y, yNew, ctrl, parts, ${adaptive ? '' : 'hs, '}${denseArgs}) {
  const b = this.thread.z;
  ${acceptCode}
  ${maxParts('parts', 2, 'mx')}
  if (ok < 1 || !(mx > ${mn})) { return 1; }
  let g0 = 0;
  for (let p = 0; p < ${D}; p++) { g0 = Math.max(g0, Math.abs(${at('y')})); }
  g0 = g0 - ${mn};
  let a = 0; let c1 = 1; let ga = g0; let gb = mx - ${mn}; let side = 0;
  for (let iter = 0; iter < 100; iter++) {
    if (c1 - a <= tol) { break; }
    let c = (a * gb - c1 * ga) / (gb - ga);
    if (!(c > a && c < c1)) { c = 0.5 * (a + c1); }
    ${gAt('gc')}
    if (gc === 0 || (gc > 0 && gb > 0) || (gc < 0 && gb < 0)) {
      c1 = c; gb = gc; if (side === 1) { ga = ga / 2; } side = 1;
    } else {
      a = c; ga = gc; if (side === -1) { gb = gb / 2; } side = -1;
    }
  }
  return c1;
}`,
      kernelSettings([1, 1, B]),
    );
  }
  const thetaArg = s.maxNorm === null ? '' : ', theta';
  const thetaOf = s.maxNorm === null ? '1' : 'theta[b][0][0]';

  // StepSizeController.judge (PI control) and the bookkeeping of an accepted step: outputs passed,
  // t, divergence, success.
  const judge = adaptive
    ? ctrlKernel(
        `prev, parts, tab${thetaArg}`,
        `${v(F.ACCNOW)} = 0;
  if (${v(F.ACTIVE)} > 0) {
    ${sumParts('parts', 0, 'se')} ${sumParts('parts', 1, 'sy')} ${sumParts('parts', 3, 'sfn')}
    const finite = (sy <= ${FINITE_BOUND} && sfn <= ${FINITE_BOUND}) ? 1 : 0;
    const err = Math.sqrt(se / ${D});
    const hs = ${v(F.HSTEP)};
    if (finite < 1 || !(err <= 1)) {
      ${v(F.LASTNF)} = finite > 0 ? 0 : 1;
      const fac11 = finite > 0 ? Math.pow(err, ${errExp}) : 3e38;
      ${v(F.H)} = hs / Math.min(${1 / s.minFactor}, fac11 / ${s.safety});
      ${v(F.LASTREJ)} = 1; ${v(F.REJ)} = ${v(F.REJ)} + 1;
    } else {
      ${v(F.LASTNF)} = 0;
      let fac = Math.pow(err, ${errExp}) / Math.pow(${v(F.ERROLD)}, ${s.beta});
      fac = Math.max(${1 / s.maxFactor}, Math.min(${1 / s.minFactor}, fac / ${s.safety}));
      let hNew = hs / fac;
      if (${v(F.LASTREJ)} > 0) { hNew = Math.min(hNew, hs); }
      ${v(F.ERROLD)} = Math.max(err, 0.0001); ${v(F.LASTREJ)} = 0; ${v(F.H)} = hNew;
      ${v(F.ACC)} = ${v(F.ACC)} + 1; ${v(F.ACCNOW)} = 1;
      const oi = ${v(F.OI)}; const tau = ${v(F.TAU)};
      ${maxParts('parts', 2, 'mx')}
      const diverged = ${s.maxNorm === null ? '0' : `mx > ${s.maxNorm} ? 1 : 0`};
      const th = diverged > 0 ? ${thetaOf} : 1;
      let cross = ${v(F.CROSS)};
      if (diverged > 0) {
        cross = oi;
        for (let i = 0; i < ${s.slots}; i++) {
          const j = oi + i;
          if (j < ${v(F.CROSS)} && ${rel('j', 'oi')} - tau <= th * hs) { cross = j + 1; } else { break; }
        }
        ${v(F.STATUS)} = 2;
      }
      let tNew = tau + th * hs;
      if (cross > oi) { tNew = tNew - ${rel('cross - 1', 'oi')}; }
      if (th >= 1 && ${v(F.LANDING)} > 0) { tNew = 0; }
      ${v(F.OI)} = cross; ${v(F.TAU)} = tNew; ${v(F.THETA)} = th;
      if (diverged < 1 && cross >= ${nt}) { ${v(F.STATUS)} = 1; }
    }
  }`,
        fields,
      )
    : // Fixed steps: the CPU runs the shared StepSizeController; per member only the stops.
      ctrlKernel(
        `prev, parts, round${thetaArg}`,
        `${v(F.ACCNOW)} = 0;
  if (${v(F.STATUS)} === 0) {
    ${sumParts('parts', 1, 'sy')} ${sumParts('parts', 3, 'sfn')} ${maxParts('parts', 2, 'mx')}
    ${v(F.STEPS)} = ${v(F.STEPS)} + 1;
    const trialOk = (sy <= ${FINITE_BOUND}${tab.fsal ? ` && sfn <= ${FINITE_BOUND}` : ''}) ? 1 : 0;
    if (trialOk < 1) {
      ${v(F.STATUS)} = 3; ${v(F.CROSS)} = round; ${v(F.KIND)} = 0;
    } else {
      ${v(F.ACC)} = ${v(F.ACC)} + 1; ${v(F.ACCNOW)} = 1;
      const th = ${thetaOf};
      ${v(F.THETA)} = th;
      if (${s.maxNorm === null ? 'false' : `mx > ${s.maxNorm}`}) {
        ${v(F.STATUS)} = 2; ${v(F.CROSS)} = round;
      } else if (!(sfn <= ${FINITE_BOUND})) {
        ${v(F.STATUS)} = 3; ${v(F.CROSS)} = round; ${v(F.KIND)} = 1;
      }
    }
  }`,
        fields,
      );

  // Output slot J: the member records output J in this step iff OI (before) ≤ J < OI (after);
  // y(t_J) from the dense output (recordOutputs). Element D flags a recorded row.
  const record = adaptive
    ? compileKernel(
        gpu,
        `function (out, y, yNew, pre, post, tab, J, ${denseArgs}) {
  const b = this.thread.z; const p = this.thread.x;
  const oi = pre[b][0][${F.OI}];
  if (post[b][0][${F.ACCNOW}] > 0 && oi <= J && J < post[b][0][${F.OI}]) {
    if (p === ${D}) { return 1; }
    const h = pre[b][0][${F.HSTEP}];
    let th = (${rel('J', 'oi')} - pre[b][0][${F.TAU}]) / h;
    if (post[b][0][${F.LANDING}] > 0 && J === post[b][0][${F.OI}] - 1 && post[b][0][${F.THETA}] >= 1) { th = 1; }
    ${dense.code}
    return dv;
  }
  return out[b][0][p];
}`,
        kernelSettings([D + 1, 1, B]),
      )
    : null;
  const zeros = adaptive
    ? compileKernel(gpu, 'function () { return 0; }', kernelSettings([D + 1, 1, B]))
    : null;

  // The state after the round: yNew for an accepted step, the dense output at θ for a member that
  // diverged inside it, y otherwise.
  const advance = compileKernel(
    gpu,
    `function (y, yNew, ctrl, ${adaptive ? '' : 'hs, '}${denseArgs}) {
  const b = this.thread.z; const p = this.thread.x;
  if (!(ctrl[b][0][${F.ACCNOW}] > 0)) { return ${at('y')}; }
  const th = ctrl[b][0][${F.THETA}];
  if (th >= 1) { return ${at('yNew')}; }
  const h = ${adaptive ? `ctrl[b][0][${F.HSTEP}]` : 'hs'};
  ${dense.code}
  return dv;
}`,
    vec,
  );
  const keepK0 = adaptive
    ? compileKernel(
        gpu,
        `function (k0, fNew, ctrl) {
  const b = this.thread.z; const p = this.thread.x;
  return ctrl[b][0][${F.ACCNOW}] > 0 ? ${at('fNew')} : ${at('k0')};
}`,
        vec,
      )
    : null;

  // Status summary over groups of SUMMARY_GROUP members: running count, min OI of the running
  // members (nt if none), Σ trial steps, Σ accepted steps.
  const groups = Math.ceil(B / SUMMARY_GROUP);
  const summary = compileKernel(
    gpu,
    `function (ctrl) {
  const q = this.thread.x; const g = this.thread.y;
  let acc = q === 1 ? ${nt} : 0;
  for (let i = 0; i < ${SUMMARY_GROUP}; i++) {
    const b = g * ${SUMMARY_GROUP} + i;
    if (b < ${B}) {
      const running = ctrl[b][0][${F.STATUS}] === 0 ? 1 : 0;
      if (q === 0 && running > 0) { acc += 1; }
      if (q === 1 && running > 0) { acc = Math.min(acc, ctrl[b][0][${F.OI}]); }
      if (q === 2) { acc += ctrl[b][0][${F.STEPS}]; }
      if (q === 3) { acc += ctrl[b][0][${F.ACC}]; }
    }
  }
  return acc;
}`,
    kernelSettings([4, groups]),
  );
  return {
    combine,
    probe,
    partsInit,
    partsProbe,
    partsStep,
    initCtrl,
    initCtrl2,
    propose,
    judge,
    locate,
    record,
    zeros,
    advance,
    keepK0,
    summary,
    errorStages,
    groups,
    parts: K,
  };
}
