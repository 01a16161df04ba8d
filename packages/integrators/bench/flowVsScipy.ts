/**
 * Cross-language benchmark: the gradient flow θ' = −∇L(θ) integrated by this package (CPU float64
 * DOPRI5) and by ../shared/peers/flow_scipy.py (scipy solve_ivp RK45 with a numpy right-hand
 * side), on the same θ₀, Y (and data set) written to the JSON file the peer reads.
 *
 * Run from packages/integrators: npx tsx --conditions=source bench/flowVsScipy.ts
 * (env ROUNDS, default 7; JS_REPS, default 3).
 * Both sides use Dormand–Prince 5(4) (scipy's RK45 is DOPRI5 with the same error norm), the same
 * rtol/atol and span. Prints, per problem: final-θ agreement max|θ_js − θ_py|, nfev of both (JS with
 * its default PI controller and with the pure I controller, beta = 0, that scipy uses), wall times,
 * the cost per right-hand-side evaluation (solve time / nfev) on each side, and the ratios.
 * The machine is shared, so both sides run ROUNDS times interleaved and the fastest run of each
 * side is compared. Neither side counts process start or module loading: the peer times only its
 * solve_ivp call (time.perf_counter; a second run per round swaps in time.process_time for CPU
 * seconds), the JS side one `integrate` call (performance.now and process.cpuUsage). JS runs
 * JS_REPS times per round; the very first call of a case, which includes JIT compilation of that
 * case's code path, is shown as "cold"; the minimum is a warm run. CPU seconds are not inflated by
 * waiting for a core, so the CPU ratio is the figure to quote on a loaded machine.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cpuBackend } from '../src/index.js';
import { type FlowCase, linearCase, mlpCase, PEER } from './cases.js';

const dir = mkdtempSync(join(tmpdir(), 'idyn-flow-bench-'));

interface Case extends FlowCase {
  T: number;
  rtol: number;
  atol: number;
}

/** The linear case of ./cases.ts, integrated to T = 2. */
function linearFlow(dims: number[], seed: number, rtol: number, atol: number): Case {
  return { ...linearCase(dims, seed), T: 2, rtol, atol };
}

/** The ReLU MLP case of ./cases.ts, integrated to T = 1. */
function mlpFlow(dims: number[], samples: number, seed: number, rtol: number, atol: number): Case {
  return { ...mlpCase(dims, samples, seed), T: 1, rtol, atol };
}

/**
 * Runs the peer on the case's JSON. With `cpu`, the peer's own timer (time.perf_counter around
 * solve_ivp) is swapped for time.process_time, so it reports CPU seconds of its solve instead of
 * wall seconds; nothing else of the peer changes.
 */
function runPeer(c: Case, cpu = false): { theta: number[]; nfev: number; seconds: number; status: number } {
  const file = join(dir, `${c.name.replace(/[^a-z0-9]+/gi, '_')}.json`);
  writeFileSync(file, JSON.stringify({ ...c.peer, T: c.T, rtol: c.rtol, atol: c.atol, method: 'RK45' }));
  const args = cpu
    ? [
        '-c',
        `import sys, time; sys.path.insert(0, ${JSON.stringify(dirname(PEER))}); import flow_scipy; time.perf_counter = time.process_time; flow_scipy.main(sys.argv[1])`,
        file,
      ]
    : [PEER, file];
  const out = execFileSync('python3', args, { encoding: 'utf8', timeout: 600_000 });
  return JSON.parse(out.trim().split('\n').pop() as string);
}

const ROUNDS = Number(process.env.ROUNDS ?? 7);
const JS_REPS = Number(process.env.JS_REPS ?? 3);

function runJs(
  c: Case,
  beta?: number,
): { theta: Float64Array; nfev: number; seconds: number; cpu: number; status: string } {
  const opts = { times: [0, c.T], rtol: c.rtol, atol: c.atol, ...(beta === undefined ? {} : { beta }) };
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = cpuBackend.integrate(c.problem, c.theta0, opts);
  const seconds = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(c0);
  return {
    theta: r.yStop,
    nfev: r.stats.nfev,
    seconds,
    cpu: (used.user + used.system) / 1e6,
    status: r.status,
  };
}

const cases: Case[] = [
  linearFlow([3, 4, 3], 1, 1e-10, 1e-12),
  linearFlow([10, 10, 10], 2, 1e-10, 1e-12),
  linearFlow([8, 8, 8, 8], 3, 1e-10, 1e-12),
  // Seed 8: a ReLU flow that crosses activation boundaries without sliding along one (several
  // other seeds slide, and then neither solver finishes at rtol 1e-10; see the README).
  mlpFlow([3, 8, 8, 1], 32, 8, 1e-6, 1e-8),
  mlpFlow([3, 8, 8, 1], 32, 8, 1e-10, 1e-12),
];

const rows: string[] = [];
const print = (line: string) => {
  rows.push(line);
  console.log(line);
};
print(
  [
    'problem',
    'rtol',
    'status js/py',
    'max|Δθ|',
    'nfev js (PI)',
    'nfev js (I)',
    'nfev py',
    't_py min [s]',
    't_js cold [s]',
    't_js min [s]',
    'µs/nfev py',
    'µs/nfev js',
    'wall ratio',
    'CPU py min [s]',
    'CPU js min [s]',
    'CPU ratio',
    'CPU ratio (I)',
  ].join(' | '),
);
for (const c of cases) {
  const pyRuns = [];
  const pyCpuRuns = [];
  const jsRuns = [];
  const jsIRuns = [];
  for (let round = 0; round < ROUNDS; round++) {
    pyRuns.push(runPeer(c));
    // JS_REPS back-to-back JS runs per round: the first after a python run starts with cold caches.
    for (let rep = 0; rep < JS_REPS; rep++) jsRuns.push(runJs(c));
    // The same DOPRI5 with the pure I controller (beta = 0) that scipy's RK45 uses.
    for (let rep = 0; rep < JS_REPS; rep++) jsIRuns.push(runJs(c, 0));
    pyCpuRuns.push(runPeer(c, true));
  }
  const pyCpuMin = Math.min(...pyCpuRuns.map((r) => r.seconds));
  const jsCpuMin = Math.min(...jsRuns.map((r) => r.cpu));
  const jsICpuMin = Math.min(...jsIRuns.map((r) => r.cpu));
  const py = pyRuns[0] as ReturnType<typeof runPeer>;
  const js = jsRuns[0] as ReturnType<typeof runJs>;
  const jsI = jsIRuns[0] as ReturnType<typeof runJs>;
  const pyMin = Math.min(...pyRuns.map((r) => r.seconds));
  const jsMin = Math.min(...jsRuns.map((r) => r.seconds));
  let diff = 0;
  for (let i = 0; i < js.theta.length; i++) diff = Math.max(diff, Math.abs(js.theta[i]! - py.theta[i]!));
  print(
    [
      c.name,
      c.rtol.toExponential(0),
      `${js.status}/${py.status}`,
      diff.toExponential(2),
      js.nfev,
      jsI.nfev,
      py.nfev,
      pyMin.toFixed(4),
      js.seconds.toFixed(4),
      jsMin.toFixed(4),
      ((pyMin / py.nfev) * 1e6).toFixed(1),
      ((jsMin / js.nfev) * 1e6).toFixed(2),
      (pyMin / jsMin).toFixed(1),
      pyCpuMin.toFixed(4),
      jsCpuMin.toFixed(4),
      (pyCpuMin / jsCpuMin).toFixed(1),
      (pyCpuMin / jsICpuMin).toFixed(1),
    ].join(' | '),
  );
}
