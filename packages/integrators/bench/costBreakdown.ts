/**
 * Where the time of bench/flowVsScipy.ts goes: the cost of one right-hand-side evaluation split
 * into the gradient itself and the integrator's own work per evaluation, on both sides.
 *
 * Run from packages/integrators: npx tsx --conditions=source bench/costBreakdown.ts
 * - JS gradient: `layeredFlowLoss(problem).loss` per call (warm, fastest of REPS batches).
 * - JS DOPRI5 overhead: `integrate` on y' = −y with the problem's dimension D (a right-hand side
 *   of D negations), time per evaluation; the stage combinations and error norm are O(D) per
 *   evaluation whatever the right-hand side.
 * - Python: the peer's own right-hand side (flow_scipy.linear_problem / mlp_problem) per call,
 *   and solve_ivp RK45 on y' = −y with the same D, time per evaluation (CPU seconds,
 *   time.process_time; fastest of REPS).
 * Same seeds and sizes as flowVsScipy.ts.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { integrate, layeredFlowLoss } from '../src/index.js';
import { type FlowCase, linearCase, mlpCase, PEER } from './cases.js';

const REPS = Number(process.env.REPS ?? 7);

type Case = FlowCase;

function bestMicros(f: () => void, calls: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < REPS; r++) {
    const t0 = process.cpuUsage();
    for (let i = 0; i < calls; i++) f();
    const u = process.cpuUsage(t0);
    best = Math.min(best, (u.user + u.system) / calls);
  }
  return best;
}

function jsGradient(c: Case): number {
  const { dim, loss } = layeredFlowLoss(c.problem);
  const g = new Float64Array(dim);
  const theta = Float64Array.from(c.theta0);
  return bestMicros(() => loss(theta, g), 20000);
}

function jsOverhead(D: number): number {
  const p = {
    dim: D,
    rhs: (_t: number, y: Float64Array, dy: Float64Array) => {
      for (let i = 0; i < D; i++) dy[i] = -y[i]!;
    },
  };
  const y0 = new Float64Array(D).fill(1);
  let nfev = 0;
  const per = bestMicros(() => {
    nfev = integrate(p, y0, { times: [0, 20], rtol: 1e-10, atol: 1e-12 }).stats.nfev;
  }, 20);
  return per / nfev;
}

const PY = `
import json, sys, time
import numpy as np
from scipy.integrate import solve_ivp
sys.path.insert(0, sys.argv[1])
import flow_scipy
p = json.loads(sys.argv[2]); reps = int(sys.argv[3])
rhs = (flow_scipy.linear_problem(p) if p['model'] == 'linear' else flow_scipy.mlp_problem(p))[0]
th = np.array(p['theta'], dtype=float)
for _ in range(500): rhs(0.0, th)
best = 1e9
for _ in range(reps):
    t0 = time.process_time()
    for _ in range(2000): rhs(0.0, th)
    best = min(best, (time.process_time() - t0) / 2000)
over = 1e9
for _ in range(reps):
    t0 = time.process_time()
    sol = solve_ivp(lambda t, y: -y, (0.0, 20.0), np.ones(th.size), method='RK45', rtol=1e-10, atol=1e-12)
    over = min(over, (time.process_time() - t0) / sol.nfev)
print(json.dumps({'rhs': best * 1e6, 'overhead': over * 1e6}))
`;

function python(c: Case): { rhs: number; overhead: number } {
  const out = execFileSync('python3', ['-c', PY, dirname(PEER), JSON.stringify(c.peer), String(REPS)], {
    encoding: 'utf8',
  });
  return JSON.parse(out.trim());
}

const cases = [
  linearCase([3, 4, 3], 1),
  linearCase([10, 10, 10], 2),
  linearCase([8, 8, 8, 8], 3),
  mlpCase([3, 8, 8, 1], 32, 8),
];
console.log(
  [
    'problem',
    'D',
    'py rhs [µs]',
    'py RK45/nfev [µs]',
    'py total/nfev [µs]',
    'js gradient [µs]',
    'js DOPRI5/nfev [µs]',
    'js total/nfev [µs]',
    'ratio per nfev',
  ].join(' | '),
);
for (const c of cases) {
  const D = c.theta0.length;
  const py = python(c);
  const g = jsGradient(c);
  const o = jsOverhead(D);
  console.log(
    [
      c.name,
      D,
      py.rhs.toFixed(1),
      py.overhead.toFixed(1),
      (py.rhs + py.overhead).toFixed(1),
      g.toFixed(2),
      o.toFixed(2),
      (g + o).toFixed(2),
      ((py.rhs + py.overhead) / (g + o)).toFixed(1),
    ].join(' | '),
  );
}
