import { countLaws } from '@idyn/conservation';
import { parseNetwork } from '@idyn/graph';
import { pathLifting } from '@idyn/lifting';
import { OverflowError } from '@idyn/linalg';
import { describe, expect, it } from 'vitest';
import { describeError, ERROR_SCHEMA, errorDocument, publicMessage } from './describeError.js';
import { StudyAbortError } from './StudyAbortError.js';
import { StudyInputError } from './StudyInputError.js';
import { validateJson } from './validateJson.js';

const cli = {
  study: 'idyn laws',
  field: (f: string) =>
    ({ net: '<net>', init: '--init', data: '--data', maxMemoryBytes: '--max-memory', maxWork: '--max-work' })[
      f
    ],
  text: (f: string) => (f === 'data' ? 'd.csv' : undefined),
  example: (_f: string, needed: number | bigint) => `${String(needed)}!`,
};

/** The error a real over-budget call throws: 1e9 random points of relu:2-3-2. */
function budgetError(): unknown {
  try {
    countLaws(pathLifting(parseNetwork('relu:2-3-2')), { points: 1e9 });
  } catch (error) {
    return error;
  }
  throw new Error('countLaws accepted 1e9 points');
}

describe('describeError', () => {
  it('a study input error names the front end option and the value, exit 2', () => {
    const e = new StudyInputError('init', 'bad seed', { value: 'gaussian:x' });
    expect(describeError(e, cli)).toEqual({
      code: 'input',
      message: "--init 'gaussian:x': bad seed",
      field: 'init',
      option: '--init',
      exit: 2,
    });
  });
  it('an error with a line of a data file is a file error with file and line', () => {
    const e = new StudyInputError('data', "column 1 = '1e999' overflows float64", { line: 3 });
    expect(describeError(e, cli)).toMatchObject({
      code: 'file',
      message: "--data 'd.csv', line 3: column 1 = '1e999' overflows float64",
      file: 'd.csv',
      line: 3,
      option: '--data',
    });
  });
  it('a budget refusal of a real call names the option that raises it, with a value above the estimate', () => {
    const d = describeError(budgetError(), cli);
    expect(d.code).toBe('budget');
    expect(d.field).toBe('maxMemoryBytes');
    expect(d.option).toBe('--max-memory');
    expect(d.message).toMatch(
      /^counting conservation laws needs about .* GiB of memory .*points = 1000000000.*, above the budget of 2\.00 GiB; raise it with --max-memory \d+!$/,
    );
    expect(Number(d.budget?.value)).toBeGreaterThan(Number(d.budget?.limit));
    expect(d.budget?.limit).toBe(String(2 ** 31));
  });
  it('a limit without an option of the front end is called fixed', () => {
    let error: unknown;
    try {
      parseNetwork('relu:2000-2000-2000');
    } catch (e) {
      error = e;
    }
    const d = describeError(error, cli);
    expect(d.code).toBe('budget');
    expect(d.message).toMatch(/\(a fixed limit\)$/);
    expect(d.field).toBe('maxEdges');
    expect(d.option).toBeUndefined();
  });
  it('overflow names the quantity; abort and bugs are their own codes', () => {
    expect(describeError(new OverflowError({ field: 'z', t: 0.5, context: 'along the flow' }))).toMatchObject(
      {
        code: 'overflow',
        field: 'z',
        message: 'z overflowed float64 along the flow at t = 0.5',
        exit: 2,
      },
    );
    expect(describeError(new StudyAbortError('laws')).code).toBe('aborted');
    expect(describeError(new Error('boom'))).toEqual({ code: 'internal', message: 'boom', exit: 3 });
  });
  it('every document is valid against schemas/error.schema.json', () => {
    for (const e of [budgetError(), new RangeError('x'), new Error('y'), new StudyInputError('init', 'z')])
      expect(validateJson(errorDocument(e, cli), ERROR_SCHEMA)).toEqual([]);
  });
});

describe('publicMessage', () => {
  it.each([
    [
      'createNetwork: spec.nodes must be an array, got undefined (missing)',
      'spec.nodes is missing (must be an array)',
    ],
    ['path[7 nodes, 12 edges].vjp: g[2] must be finite', 'g[2] must be finite'],
    [
      'compareFlows: options.loss.X[2] must be finite, got Infinity',
      'loss.X[2] must be finite, got Infinity',
    ],
    ['findLaws: options.maxWork = 5', '--max-work = 5'],
    ['theta has length 3, expected D = 12', 'theta has length 3, expected D = 12'],
    ['line 3: column 1', 'line 3: column 1'],
  ])('%s -> %s', (message, expected) => {
    expect(publicMessage(message, cli)).toBe(expected);
  });

  it("V8's own messages for a too deep input and a too large result become one plain line (exit 2), not a bare engine message", () => {
    // the real errors: an unbounded recursion, and a string past V8's limit of 2^29 characters
    let deep: unknown;
    const recurse = (n: number): number => recurse(n + 1) + 1;
    try {
      recurse(0);
    } catch (error) {
      deep = error;
    }
    let long: unknown;
    try {
      'x'.repeat(2 ** 29 + 16);
    } catch (error) {
      long = error;
    }
    expect(describeError(deep, cli)).toMatchObject({
      code: 'input',
      message: 'the input is nested too deeply (the call stack overflowed)',
      exit: 2,
    });
    expect(describeError(long, cli)).toMatchObject({
      code: 'input',
      message: expect.stringMatching(
        /^the result is too large to write as one JSON text .* fewer output times, steps or runs$/,
      ),
      exit: 2,
    });
  });
});
