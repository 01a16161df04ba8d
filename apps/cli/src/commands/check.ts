import { type CheckInput, type CheckResult, checkStudy } from '@idyn/studies';
import { defineCommand, NET_HELP, optionInput } from '../internal/command.js';
import { EXIT_CHECK_FAILED, EXIT_OK, UsageError } from '../internal/errors.js';
import { fmt, fmtE, keyValues, paint, yesNo } from '../internal/format.js';
import { isNetFile } from '../internal/inputs.js';
import { BUDGET_OPTIONS, option } from '../internal/options.js';

/** `idyn check <net> --theta|--init`: the criteria of MATH.md §3 at one parameter. */
export const checkCommand = defineCommand<CheckInput, CheckResult>({
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
    option('theta'),
    option('init'),
    option('tol', 'relative kernel-inclusion tolerance (default 1e-8)'),
    option('lifting'),
    option('max-paths'),
    ...BUDGET_OPTIONS,
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
  study: checkStudy,
  input(ctx) {
    // A spec file may carry its own theta; a preset needs one of the two options.
    if (
      ctx.string('theta') === undefined &&
      ctx.string('init') === undefined &&
      !isNetFile(ctx.args.positionals[0]!, ctx.io.cwd)
    )
      throw new UsageError('this command needs --theta FILE or --init KIND:SEED (e.g. --init gaussian:1)');
    return optionInput(this, ctx) as unknown as CheckInput;
  },
  output(r, ctx) {
    const k = r.kernelInclusion;
    const code = k.holds ? EXIT_OK : EXIT_CHECK_FAILED;
    if (ctx.json) {
      ctx.printJson(r);
      return code;
    }
    const verdict = {
      holds: paint(ctx.color, 'green', 'holds'),
      fails: paint(ctx.color, 'red', 'fails'),
      undecided: paint(ctx.color, 'yellow', 'undecided'),
    }[r.intrinsic];
    const witnessLine: [string, string][] = [];
    if (k.witness && !k.holds) {
      const parts = k.witness
        .map((v, i) => [i, v] as const)
        .filter(([, v]) => Math.abs(v) > 1e-12)
        .map(([i, v]) => `${r.paramNames[i] ?? `theta${i}`} ${fmt(v)}`);
      witnessLine.push(['witness v', parts.join(', ')]);
    }
    ctx.out(
      keyValues([
        ['net', `${r.net} (${r.liftingName})`],
        ['theta', r.theta.source],
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
});
