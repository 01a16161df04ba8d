import { describe, expect, it } from 'vitest';
import { EXIT_INTERNAL, EXIT_USAGE, formatError } from '../src/internal/errors.js';
import { expectUsageError, run } from './helpers.js';

// Every bad-input class of issue 12 exits 2 with one line naming the argument and the value.
describe('bad input exits 2 with one clear line', () => {
  it('cycle in a JSON spec names the cycle', async () => {
    expectUsageError(
      await run(['laws', 'cycle.json']),
      /^idyn laws: <net> 'cycle\.json': .*cycle.*a → b → a|^idyn laws: <net> 'cycle\.json': .*cycle.*b → a → b/,
    );
  });
  it('an edge to an unknown node names the node', async () => {
    expectUsageError(
      await run(['laws', 'unknown-node.json']),
      /^idyn laws: <net> 'unknown-node\.json': .*ghost/,
    );
  });
  it('wrong theta length names the length and D', async () => {
    expectUsageError(
      await run(['check', 'relu:2-3-2', '--theta', 'theta-short.json']),
      /^idyn check: --theta 'theta-short\.json': theta has length 3, expected D = 12$/,
    );
  });
  it('NaN in theta names the index', async () => {
    expectUsageError(
      await run(['lift', 'relu:2-3-2', '--theta', 'theta-nan.txt']),
      /^idyn lift: --theta 'theta-nan\.txt', line 1: theta\[2\] = "NaN" is not a number$/,
    );
  });
  it('infeasible lambda names lambda and the widths', async () => {
    expectUsageError(
      await run(['check', 'linear:2-3-2', '--init', 'relaxed:0.8']),
      /^idyn check: --init 'relaxed:0\.8': infeasible lambda = 0\.8 > 0 needs r <= n/,
    );
    expectUsageError(
      await run(['check', 'linear:2-3-2', '--init', 'relaxed:-0.5']),
      /^idyn check: --init 'relaxed:-0\.5': infeasible lambda = -0\.5 < 0 needs r <= m/,
    );
  });
  it('unknown preset names the preset and lists the valid forms on the same line', async () => {
    expectUsageError(
      await run(['laws', 'sigmoid:2-3-2']),
      /^idyn laws: <net> 'sigmoid:2-3-2': .*unknown preset.*valid forms: relu:/,
    );
  });
  it('malformed JSON names the file', async () => {
    expectUsageError(
      await run(['laws', 'malformed.json']),
      /^idyn laws: <net> 'malformed\.json': .*not valid JSON/,
    );
  });
  it('missing file names the file', async () => {
    expectUsageError(await run(['laws', 'nope.json']), /^idyn laws: <net> 'nope\.json': file not found$/);
    expectUsageError(
      await run(['check', 'relu:2-3-2', '--theta', 'nope.json']),
      /^idyn check: --theta 'nope\.json': file not found$/,
    );
  });
  it('unknown option, missing value and bad number name the option and the value', async () => {
    expectUsageError(
      await run(['laws', 'relu:2-2-2', '--frobnicate']),
      /^idyn laws: unknown option '--frobnicate'$/,
    );
    expectUsageError(
      await run(['laws', 'relu:2-2-2', '--points']),
      /^idyn laws: option --points needs a value/,
    );
    expectUsageError(
      await run(['laws', 'relu:2-2-2', '--points', '3x']),
      /^idyn laws: --points must be a number, got '3x'$/,
    );
    expectUsageError(
      await run(['laws', 'relu:2-2-2', '--points', '2.5']),
      /^idyn laws: --points must be an integer, got '2\.5'$/,
    );
    expectUsageError(
      await run(['laws', 'relu:2-2-2', '--points', '0']),
      /^idyn laws: --points must be >= 1, got '0'$/,
    );
  });
  it('unknown init kind and bad seed', async () => {
    expectUsageError(await run(['check', 'relu:2-2-2', '--init', 'uniform:1']), /unknown kind 'uniform'/);
    expectUsageError(
      await run(['check', 'relu:2-2-2', '--init', 'gaussian:x']),
      /--init 'gaussian:x' seed must be a number, got 'x'/,
    );
  });
  it('missing and extra positional arguments', async () => {
    expectUsageError(await run(['laws']), /^idyn laws: missing argument <net>/);
    expectUsageError(await run(['laws', 'relu:2-2-2', 'extra']), /unexpected argument 'extra'/);
  });
  it('unknown command', async () => {
    expectUsageError(await run(['frobnicate']), /^idyn: unknown command 'frobnicate'/);
  });
  it('--debug adds the stack trace', async () => {
    const r = await run(['laws', 'cycle.json', '--debug']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\n\s+at /);
  });
});

describe('internal errors', () => {
  it('a bug (not an input error) exits 3 with one line that says so and points at --debug', () => {
    const e = formatError(new Error('boom\n  at somewhere'), {}, false);
    expect(e.code).toBe(EXIT_INTERNAL);
    expect(e.code).toBe(3);
    expect(e.message).toBe(
      'internal error (a bug in idyn, please report it): boom; at somewhere; rerun with --debug for the stack trace',
    );
    expect(formatError(new Error('boom'), {}, true).message).not.toMatch(/--debug/);
  });
  it('input errors (RangeError, TypeError, a study input error) exit 2', () => {
    expect(formatError(new RangeError('bad'), {}, false)).toMatchObject({ code: EXIT_USAGE, message: 'bad' });
    expect(formatError(new TypeError('bad'), {}, false).code).toBe(2);
  });
});

describe('help and version', () => {
  it('idyn --help lists every command', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['laws', 'lift', 'check']) expect(r.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
  });
  it('each command has --help with examples, and idyn help <cmd> prints the same', async () => {
    const a = await run(['laws', '--help']);
    const b = await run(['help', 'laws']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toMatch(/^usage: idyn laws/);
    expect(a.stdout).toMatch(/Examples:\n {2}idyn laws relu:2-3-2/);
    expect(a.stdout).toMatch(/"schema": "idyn\.laws\/1"/);
  });
});
