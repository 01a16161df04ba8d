import { type LiftInput, type LiftResult, liftStudy } from '@idyn/studies';
import { defineCommand, NET_HELP, optionInput } from '../internal/command.js';
import { EXIT_OK } from '../internal/errors.js';
import { fmt, keyValues, table } from '../internal/format.js';
import { BUDGET_OPTIONS, option } from '../internal/options.js';

/** `idyn lift <net>`: number of paths, phi(theta) and path-norms (MATH.md §1). */
export const liftCommand = defineCommand<LiftInput, LiftResult>({
  name: 'lift',
  summary: 'number of paths, the lifted coordinates z = phi(theta) and the path-norms',
  usage: 'lift <net> [--theta FILE | --init KIND:SEED] [--show N] [--json]',
  description: `Counts the paths of a network exactly (without enumerating them), evaluates z = phi(theta)
and the path-norms ||Phi(theta)||_1 and ||Phi(theta)||_2^2 by one forward pass each (MATH.md §1).
theta defaults to the spec's theta, else --init gaussian:0. Networks with more than --max-paths
paths are counted and normed but not enumerated.

${NET_HELP}`,
  options: [
    option('theta'),
    option('init'),
    option('show'),
    option('max-paths', 'enumerate z only up to this many paths (default 1000000; any integer)'),
    option('lifting'),
    ...BUDGET_OPTIONS,
  ],
  positionals: { min: 1, max: 1, names: '<net>' },
  examples: [
    ['idyn lift relu:2-3-2 --init gaussian:1', '12 paths, z and path-norms for a seeded He init'],
    [
      'idyn lift relu:64-64-64-64-64-64-64 --init gaussian:0',
      '64^7 = 4398046511104 paths: counted and normed, not enumerated',
    ],
    ['idyn lift net.json --theta theta.json --json', 'a spec file and a parameter file, JSON output'],
  ],
  study: liftStudy,
  input(ctx) {
    return optionInput(this, ctx) as unknown as LiftInput;
  },
  output(r, ctx) {
    if (ctx.json) {
      ctx.printJson(r);
      return EXIT_OK;
    }
    const show = ctx.number('show') ?? 20;
    const rows: [string, string][] = [
      ['net', `${r.net} (${r.liftingName})`],
      ['D (parameters)', fmt(r.D)],
      ['theta', r.theta.source],
    ];
    if (r.paths)
      rows.push([
        'paths',
        `${r.paths.total} (${r.paths.fromInputs} from inputs, ${r.paths.fromBiases} from biases)`,
      ]);
    if (r.d !== null) rows.push(['d (lifted coordinates)', fmt(r.d)]);
    if (r.pathNorms)
      rows.push(
        ['path-norm ||Phi||_1', fmt(r.pathNorms.l1)],
        ['path-norm ||Phi||_2^2', fmt(r.pathNorms.l2squared)],
      );
    ctx.out(keyValues(rows));
    if (r.phi === null) {
      ctx.out(
        `z not enumerated: more than --max-paths ${ctx.args.texts.get('max-paths') ?? '1000000'} paths`,
      );
    } else if (show > 0) {
      ctx.out();
      ctx.out(
        table(
          ['coordinate', 'z'],
          r.phi.slice(0, show).map((p) => [p.label, fmt(p.value)]),
        ),
      );
      if (r.phi.length > show) ctx.out(`… ${r.phi.length - show} more (--show N, or --json for all)`);
    }
    return EXIT_OK;
  },
});
