import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArgs, parseNumber } from './args.js';
import { UsageError } from './errors.js';

const specs = [
  { name: 'T', type: 'number', description: '' },
  { name: 'n', type: 'integer', min: 1, description: '' },
  { name: 'L', type: 'numbers', description: '' },
  { name: 'name', type: 'string', short: 'o', description: '' },
] as const;

describe('parseArgs', () => {
  it('accepts --x v, --x=v, short aliases, booleans and positionals in any order', () => {
    const r = parseArgs(['a', '--T', '1.5', '--n=3', '-o', 'out', '--json', 'b', '--L', '25,50'], specs);
    expect(r.positionals).toEqual(['a', 'b']);
    expect(Object.fromEntries(r.options)).toEqual({ T: 1.5, n: 3, name: 'out', json: true, L: [25, 50] });
  });
  it('treats negative numbers as values and -- as the end of options', () => {
    const r = parseArgs(['--T', '-0.5', '--', '--n'], specs);
    expect(r.options.get('T')).toBe(-0.5);
    expect(r.positionals).toEqual(['--n']);
  });
  it.each([
    [['--zz'], "unknown option '--zz'"],
    [['-z'], "unknown option '-z'"],
    [['--T'], 'option --T needs a value'],
    [['--T', '--json'], 'option --T needs a value'],
    [['--T', 'nan'], "--T must be a number, got 'nan'"],
    [['--T', '1e999'], "--T must be a finite number, got '1e999'"],
    [['--T', '0x10'], "--T must be a number, got '0x10'"],
    [['--n', '0'], "--n must be >= 1, got '0'"],
    [['--json=1'], "option --json takes no value, got '1'"],
    [['--T', '1', '--T', '2'], 'option --T given twice'],
    [['--L', '1,,2'], "--L must be a number, got ''"],
  ])('%j is a usage error: %s', (argv, message) => {
    expect(() => parseArgs(argv, specs)).toThrow(UsageError);
    expect(() => parseArgs(argv, specs)).toThrow(message);
  });
  it('parseNumber round-trips every finite double printed by String()', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(parseNumber('x', String(x))).toBe(x === 0 ? 0 : x);
      }),
      { numRuns: 50 },
    );
  });
});
