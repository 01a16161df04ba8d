import { checkCriteria } from '@idyn/conservation';
import type { Command } from '../internal/command.js';
import { LIFTING_OPTION, NET_HELP, THETA_OPTIONS } from '../internal/command.js';
import { fmt, fmtE, keyValues, paint, yesNo } from '../internal/format.js';
import { liftingChoice, resolveNet } from '../internal/net.js';
import { resolveTheta } from '../internal/theta.js';

/** `idyn check <net> --theta|--init`: the criteria of MATH.md §3 at one parameter. */
export const checkCommand: Command = {
  name: 'check',
  summary: 'recoverability, kernel inclusion (with a witness) and Frobenius at one theta',
  usage: 'check <net> (--theta FILE | --init KIND:SEED) [--json]',
  description: `Tests at theta the criteria of MATH.md §3: recoverability (rank [Dphi; Dh] = D, which implies
the intrinsic metric property), the Frobenius property (rank Dphi = dim Lie) and the
kernel-inclusion criterion of Theorem 2.14 (ker Dphi ∩ ker Dh ⊆ ker DM, necessary), printing the
unit vector v of the intersection with the largest |DM v| when it fails. Ranks are exact when
theta has integer entries, SVD ranks (relative threshold 1e-8) otherwise.
The laws h are the lifting's known laws (h_v for networks), else the degree-2 laws found exactly.

Exit code 1 when kernel inclusion fails: the z-flow is then provably not intrinsic at theta.

${NET_HELP}`,
  options: [
    ...THETA_OPTIONS,
    {
      name: 'tol',
      type: 'number',
      value: 'TOL',
      min: 0,
      exclusiveMin: true,
      description: 'relative kernel-inclusion tolerance (default 1e-8)',
    },
    LIFTING_OPTION,
  ],
  positionals: { min: 1, max: 1, names: '<net>' },
  examples: [
    [
      'idyn check relu:2-3-2 --init gaussian:1',
      'recoverable, Frobenius, kernel inclusion holds (MATH.md §3, Theorem 3.1)',
    ],
    [
      'idyn check linear:2-2-2 --init gaussian:1',
      'generic two-layer linear: kernel inclusion fails (exit 1), witness printed',
    ],
    [
      'idyn check linear:2-2-2 --init relaxed:0.8:1',
      'relaxed balanced: kernel inclusion holds (MATH.md §4.3)',
    ],
  ],
  schema: 'idyn.check/1',
  async run(ctx) {
    const source = ctx.args.positionals[0] as string;
    const net = resolveNet(source, liftingChoice(ctx.string('lifting')), ctx.io.cwd);
    const th = resolveTheta(net, { theta: ctx.string('theta'), init: ctx.string('init'), cwd: ctx.io.cwd });
    ctx.status('checking the criteria…');
    const lifting = net.lifting();
    const tol = ctx.number('tol');
    const r = checkCriteria(lifting, th.theta, tol === undefined ? {} : { inclusionTol: tol });
    ctx.clearStatus();
    const k = r.kernelInclusion;
    const code = k.holds ? 0 : 1;
    if (ctx.json) {
      ctx.printJson({
        schema: 'idyn.check/1',
        net: source,
        lifting: net.liftingKind,
        theta: { source: th.source, values: th.theta },
        D: r.D,
        exact: r.exact,
        rankJacobian: r.rankJacobian,
        rankLaws: r.rankLaws,
        rankStacked: r.rankStacked,
        recoverable: r.recoverable,
        frobenius: r.frobenius,
        kernelInclusion: {
          holds: k.holds,
          dimension: k.dimension,
          ...(k.witness ? { witness: k.witness } : {}),
          ...(k.defect !== undefined ? { defect: k.defect } : {}),
          ...(k.relativeDefect !== undefined ? { relativeDefect: k.relativeDefect } : {}),
        },
        laws: r.laws,
        lawsComplete: r.lawsComplete,
        generic: r.generic,
        intrinsic: r.intrinsic,
      });
      return code;
    }
    const verdict = {
      holds: paint(ctx.color, 'green', 'holds'),
      fails: paint(ctx.color, 'red', 'fails'),
      undecided: paint(ctx.color, 'yellow', 'undecided'),
    }[r.intrinsic];
    const witnessLine: [string, string][] = [];
    if (k.witness && !k.holds) {
      const parts = Array.from(k.witness)
        .map((v, i) => [i, v] as const)
        .filter(([, v]) => Math.abs(v) > 1e-12)
        .map(([i, v]) => `${lifting.paramNames[i] ?? `theta${i}`} ${fmt(v)}`);
      witnessLine.push(['witness v', parts.join(', ')]);
    }
    ctx.out(
      keyValues([
        ['net', `${source} (${lifting.name})`],
        ['theta', th.source],
        ['D', fmt(r.D)],
        [
          'ranks',
          `Dphi ${r.rankJacobian}, Dh ${r.rankLaws}, [Dphi; Dh] ${r.rankStacked} (${r.exact ? 'exact mod p' : 'SVD, rtol 1e-8'}); generic: Dphi ${r.generic.rankJacobian}, Dh ${r.generic.rankLaws}`,
        ],
        ['laws used', `${r.laws} (${r.lawsComplete ? 'complete' : 'not proved complete'})`],
        ['recoverable', yesNo(r.recoverable)],
        ['Frobenius', yesNo(r.frobenius)],
        [
          'kernel inclusion',
          `${k.holds ? paint(ctx.color, 'green', 'holds') : paint(ctx.color, 'red', 'fails')} (dim ker Dphi ∩ ker Dh = ${k.dimension}${k.defect !== undefined ? `, max |DM v| = ${fmtE(k.defect)}` : ''})`,
        ],
        ['intrinsic metric', verdict],
        ...witnessLine,
      ]),
    );
    return code;
  },
};
