import { convergencePlot } from '@idyn/plot';
import { type OdeInput, type OdeResult, odeStudy } from '@idyn/studies';
import { defineCommand, optionInput } from '../internal/command.js';
import { EXIT_CHECK_FAILED, EXIT_OK } from '../internal/errors.js';
import { fmt, fmtE, keyValues, paint, table } from '../internal/format.js';
import { BUDGET_OPTIONS, option } from '../internal/options.js';
import { writeFigure } from '../internal/output.js';

/** `idyn ode`: the linear neural ODE, its intrinsic log-mean metric and the ResNet convergence table. */
export const odeCommand = defineCommand<OdeInput, OdeResult>({
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
    option('n'),
    option('lambda'),
    option('seed', 'seed of A and G (default 1)'),
    option('steps'),
    option('L'),
    option('tol', 'pass threshold of the quadrature error (default 1e-8)'),
    option('out', 'write ode.svg (the convergence plot) to DIR'),
    ...BUDGET_OPTIONS,
  ],
  positionals: { min: 0, max: 0, names: '' },
  examples: [
    ['idyn ode', 'n = 3, lambda = 0.5: quadrature vs log-mean ~1e-14, ResNet errors ~1/L (slope -1)'],
    ['idyn ode --lambda sin --L 25,50,100 --json', 'lambda(s) = 2 sin 3s, three depths, JSON output'],
  ],
  study: odeStudy,
  input(ctx) {
    return optionInput(this, ctx) as unknown as OdeInput;
  },
  output(r, ctx) {
    const figure =
      ctx.outDir === null
        ? null
        : writeFigure(
            ctx.outDir,
            'ode',
            convergencePlot(
              { L: r.resnet.L, error: r.resnet.error },
              { title: 'ResNet metric -> neural ODE metric' },
            ),
          );
    const code = r.pass ? EXIT_OK : EXIT_CHECK_FAILED;
    if (ctx.json) {
      ctx.printJson({ ...r, figure });
      return code;
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
    if (r.resnet.slope !== null) ctx.out(`fitted log-log slope ${fmt(r.resnet.slope)} (expected -1)`);
    ctx.out(`verdict ${r.pass ? paint(ctx.color, 'green', 'pass') : paint(ctx.color, 'red', 'fail')}`);
    return code;
  },
});
