import { createRng, Matrix } from '@idyn/linalg';
import {
  logMeanMetric,
  logMeanMetricQuadrature,
  neuralOdeLaw,
  neuralOdeMetric,
  relaxedBalancedOdeParameter,
  resnetMetric,
  solveLinearOde,
} from '@idyn/linear-ode';
import { convergencePlot, fitLogLogSlope } from '@idyn/plot';
import { parseNumber } from '../internal/args.js';
import type { Command } from '../internal/command.js';
import { UsageError } from '../internal/errors.js';
import { fmt, fmtE, keyValues, paint, table } from '../internal/format.js';
import { gaussianMatrix, maxAbsDiff } from '../internal/linear.js';
import { writeFigure } from '../internal/plots.js';

/** Result of {@link runOde}, the computation behind `idyn ode` (also used by the tour). */
export interface OdeRun {
  readonly n: number;
  readonly lambda: string;
  readonly steps: number;
  /** max |Simpson(P P^T G X^T X) − log-mean K(z)[G]|. */
  readonly quadratureError: number;
  /** max |Simpson((zz^T)^{1−s} G (z^T z)^s) − log-mean|. */
  readonly logMeanQuadratureError: number;
  /** max over s of max |C(s) − λ(s) I|. */
  readonly lawResidual: number;
  readonly resnet: { readonly L: number[]; readonly error: number[]; readonly slope: number };
}

/** Parses `--lambda`: a number, or `sin` for λ(s) = 2 sin 3s (MATH.md §5). */
export function parseOdeLambda(text: string): number | ((s: number) => number) {
  if (text === 'sin') return (s: number) => 2 * Math.sin(3 * s);
  return parseNumber('--lambda', text);
}

/**
 * The linear neural ODE checks of MATH.md §4.5: for a relaxed balanced parameter A(s), the
 * quadrature of P Pᵀ G Xᵀ X against the log-mean closed form, the conserved C(s) = λ(s) I, and the
 * ResNet metric error for each depth L with its fitted log–log slope.
 */
export function runOde(options: {
  n: number;
  lambda: string;
  seed: number;
  steps: number;
  L: readonly number[];
}): OdeRun {
  const lambda = parseOdeLambda(options.lambda);
  const p = relaxedBalancedOdeParameter({ n: options.n, lambda, seed: options.seed });
  const sol = solveLinearOde(p.A, { steps: options.steps });
  const rng = createRng(options.seed + 1000);
  const G = gaussianMatrix(options.n, options.n, () => rng.normal());
  const lm = logMeanMetric(sol.z, G);
  const quadratureError = maxAbsDiff(neuralOdeMetric(sol, G), lm);
  const logMeanQuadratureError = maxAbsDiff(logMeanMetricQuadrature(sol.z, G, options.steps + 1), lm);
  let lawResidual = 0;
  for (const s of [0.1, 0.3, 0.5, 0.7, 0.9]) {
    const C = neuralOdeLaw(p.A, s, { derivative: p.derivative });
    lawResidual = Math.max(lawResidual, maxAbsDiff(C, Matrix.eye(options.n).mul(p.lambda(s))));
  }
  const L = [...options.L];
  const error = L.map((l) => maxAbsDiff(resnetMetric(p.A, l, G).metric, lm));
  const slope = L.length >= 2 ? fitLogLogSlope(L, error).slope : Number.NaN;
  return {
    n: options.n,
    lambda: options.lambda,
    steps: options.steps,
    quadratureError,
    logMeanQuadratureError,
    lawResidual,
    resnet: { L, error, slope },
  };
}

/** `idyn ode`: the linear neural ODE, its intrinsic log-mean metric and the ResNet convergence table. */
export const odeCommand: Command = {
  name: 'ode',
  summary: 'linear neural ODE: log-mean intrinsic metric, conserved C(s), ResNet -> ODE convergence table',
  usage: 'ode [--n N] [--lambda LAMBDA|sin] [--L 25,50,...] [--json]',
  description: `The infinite-depth limit of MATH.md §4.5: dX/ds = A(s) X, z = X(1), with a relaxed balanced
parameter A(s) = Omega + Q diag(a + Lambda/2) Q^T (C(s) = lambda(s) I). Checks that the Simpson
quadrature of P P^T G X^T X equals the closed-form log-mean metric K(z)[G], that C(s) = lambda(s) I,
and tabulates the error of the discrete ResNet metric (U_k = I + A(k/L)/L) for each depth L with
its fitted log-log slope (expected -1).

Exit code 1 when the quadrature error exceeds --tol or the slope is not within 0.1 of -1.`,
  options: [
    { name: 'n', type: 'integer', value: 'N', min: 1, description: 'width (default 3)' },
    {
      name: 'lambda',
      type: 'string',
      value: 'LAMBDA',
      description: "constant lambda, or 'sin' for lambda(s) = 2 sin 3s (default 0.5)",
    },
    { name: 'seed', type: 'integer', value: 'S', min: 0, description: 'seed of A and G (default 1)' },
    {
      name: 'steps',
      type: 'integer',
      value: 'K',
      min: 2,
      description: 'ODE steps, even (Simpson nodes K+1; default 2000)',
    },
    {
      name: 'L',
      type: 'numbers',
      value: 'L1,L2,...',
      min: 1,
      description: 'ResNet depths (default 25,50,100,200,400)',
    },
    {
      name: 'tol',
      type: 'number',
      value: 'TOL',
      min: 0,
      exclusiveMin: true,
      description: 'pass threshold of the quadrature error (default 1e-8)',
    },
    { name: 'out', type: 'string', value: 'DIR', description: 'write ode.svg (the convergence plot) to DIR' },
  ],
  positionals: { min: 0, max: 0, names: '' },
  examples: [
    ['idyn ode', 'n = 3, lambda = 0.5: quadrature vs log-mean ~1e-14, ResNet errors ~1/L (slope -1)'],
    ['idyn ode --lambda sin --L 25,50,100 --json', 'lambda(s) = 2 sin 3s, three depths, JSON output'],
  ],
  schema: 'idyn.ode/1',
  async run(ctx) {
    const steps = ctx.number('steps') ?? 2000;
    if (steps % 2 !== 0) throw new UsageError(`--steps must be even (Simpson's rule), got '${steps}'`);
    const L = ctx.numbers('L') ?? [25, 50, 100, 200, 400];
    for (const l of L) if (!Number.isInteger(l)) throw new UsageError(`--L must list integers, got '${l}'`);
    const tol = ctx.number('tol') ?? 1e-8;
    ctx.status('solving the neural ODE…');
    const r = runOde({
      n: ctx.number('n') ?? 3,
      lambda: ctx.string('lambda') ?? '0.5',
      seed: ctx.number('seed') ?? 1,
      steps,
      L,
    });
    ctx.clearStatus();
    const slopeOk = L.length < 2 || Math.abs(r.resnet.slope + 1) <= 0.1;
    const pass = r.quadratureError <= tol && slopeOk;
    const out = ctx.string('out');
    const figure =
      out === undefined
        ? null
        : writeFigure(
            ctx.io.cwd,
            out,
            'ode',
            convergencePlot(
              { L: r.resnet.L, error: r.resnet.error },
              { title: 'ResNet metric -> neural ODE metric' },
            ),
          );
    if (ctx.json) {
      ctx.printJson({
        schema: 'idyn.ode/1',
        ...r,
        resnet: { ...r.resnet, slope: Number.isFinite(r.resnet.slope) ? r.resnet.slope : null },
        tol,
        pass,
        figure,
      });
      return pass ? 0 : 1;
    }
    ctx.out(
      keyValues([
        [
          'parameter',
          `n = ${r.n}, lambda = ${r.lambda === 'sin' ? '2 sin 3s' : r.lambda}, ${r.steps} steps (Magnus 4)`,
        ],
        ['|Simpson(P P^T G X^T X) - log-mean|', fmtE(r.quadratureError)],
        ['|Simpson((zz^T)^(1-s) G (z^T z)^s) - log-mean|', fmtE(r.logMeanQuadratureError)],
        ['max |C(s) - lambda(s) I|', fmtE(r.lawResidual)],
      ]),
    );
    ctx.out();
    ctx.out(
      table(
        ['L', 'ResNet metric error'],
        r.resnet.L.map((l, i) => [String(l), fmtE(r.resnet.error[i]!)]),
      ),
    );
    if (L.length >= 2) ctx.out(`fitted log-log slope ${fmt(r.resnet.slope)} (expected -1)`);
    ctx.out(
      `verdict ${pass ? paint(ctx.color, 'green', 'pass') : paint(ctx.color, 'red', 'fail')}${figure ? `; figure ${figure}` : ''}`,
    );
    return pass ? 0 : 1;
  },
};
