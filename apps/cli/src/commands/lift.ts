import { countPaths, pathNorm } from '@idyn/lifting';
import type { Command } from '../internal/command.js';
import { LIFTING_OPTION, NET_HELP, THETA_OPTIONS } from '../internal/command.js';
import { fmt, keyValues, table } from '../internal/format.js';
import { liftingChoice, resolveNet } from '../internal/net.js';
import { resolveTheta } from '../internal/theta.js';

/** `idyn lift <net>`: number of paths, phi(theta) and path-norms (MATH.md §1). */
export const liftCommand: Command = {
  name: 'lift',
  summary: 'number of paths, the lifted coordinates z = phi(theta) and the path-norms',
  usage: 'lift <net> [--theta FILE | --init KIND:SEED] [--show N] [--json]',
  description: `Counts the paths of a network exactly (without enumerating them), evaluates z = phi(theta)
and the path-norms ||Phi(theta)||_1 and ||Phi(theta)||_2^2 by one forward pass each (MATH.md §1).
theta defaults to the spec's theta, else --init gaussian:0. Networks with more than --max-paths
paths are counted and normed but not enumerated.

${NET_HELP}`,
  options: [
    ...THETA_OPTIONS,
    {
      name: 'show',
      type: 'integer',
      value: 'N',
      min: 0,
      description: 'coordinates of z printed in text mode (default 20; JSON prints all)',
    },
    {
      name: 'max-paths',
      type: 'integer',
      value: 'N',
      min: 1,
      description: 'enumerate z only up to this many paths (default 1000000)',
    },
    LIFTING_OPTION,
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
  schema: 'idyn.lift/1',
  async run(ctx) {
    const source = ctx.args.positionals[0] as string;
    const net = resolveNet(source, liftingChoice(ctx.string('lifting')), ctx.io.cwd);
    const th = resolveTheta(
      net,
      { theta: ctx.string('theta'), init: ctx.string('init'), cwd: ctx.io.cwd },
      'gaussian:0',
    );
    const maxPaths = ctx.number('max-paths') ?? 1_000_000;
    const show = ctx.number('show') ?? 20;
    let paths: { total: string; fromInputs: string; fromBiases: string } | null = null;
    let pathNorms: { l1: number; l2squared: number } | null = null;
    let enumerate = true;
    if (net.network !== undefined) {
      const c = countPaths(net.network);
      paths = {
        total: c.total.toString(),
        fromInputs: c.fromInputs.toString(),
        fromBiases: c.fromBiases.toString(),
      };
      enumerate = c.total <= BigInt(maxPaths);
      pathNorms = {
        l1: pathNorm(net.network, th.theta, { q: 1, gradient: false }).value,
        l2squared: pathNorm(net.network, th.theta, { q: 2, gradient: false }).value,
      };
    }
    let phi: { label: string; value: number }[] | null = null;
    let d: number | null = null;
    let liftingName = net.liftingKind as string;
    if (enumerate) {
      const lifting = net.lifting();
      liftingName = lifting.name;
      const z = lifting.phi(th.theta);
      d = lifting.d;
      phi = Array.from(z, (value, i) => ({ label: lifting.zLabels[i] ?? `z${i}`, value }));
    }
    if (ctx.json) {
      ctx.printJson({
        schema: 'idyn.lift/1',
        net: source,
        lifting: net.liftingKind,
        D: net.D,
        d,
        theta: { source: th.source, values: th.theta },
        paths,
        pathNorms,
        phi,
      });
      return 0;
    }
    ctx.out(
      keyValues([
        ['net', `${source} (${liftingName})`],
        ['D (parameters)', fmt(net.D)],
        ['theta', th.source],
        ...(paths
          ? ([
              ['paths', `${paths.total} (${paths.fromInputs} from inputs, ${paths.fromBiases} from biases)`],
            ] as [string, string][])
          : []),
        ...(d !== null ? ([['d (lifted coordinates)', fmt(d)]] as [string, string][]) : []),
        ...(pathNorms
          ? ([
              ['path-norm ||Phi||_1', fmt(pathNorms.l1)],
              ['path-norm ||Phi||_2^2', fmt(pathNorms.l2squared)],
            ] as [string, string][])
          : []),
      ]),
    );
    if (phi === null) {
      ctx.out(`z not enumerated: more than --max-paths ${maxPaths} paths`);
    } else if (show > 0) {
      ctx.out();
      ctx.out(
        table(
          ['coordinate', 'z'],
          phi.slice(0, show).map((p) => [p.label, fmt(p.value)]),
        ),
      );
      if (phi.length > show) ctx.out(`… ${phi.length - show} more (--show N, or --json for all)`);
    }
    return 0;
  },
};
