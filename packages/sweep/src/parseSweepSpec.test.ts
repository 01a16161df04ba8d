import { describe, expect, it } from 'vitest';
import { parseSweepSpec } from './parseSweepSpec.js';
import { SweepSpecError } from './SweepSpecError.js';

const yaml = `
name: widths
study: laws
base: { lifting: path }
axes:
  - name: width
    field: net
    template: "relu:2-{}-1"
    range: { start: 1, stop: 4 }
  - zip:
      - { name: seed, values: [0, 1] }
      - { name: points, values: [3, 4] }
outputs: [laws, D]
`;

describe('parseSweepSpec', () => {
  it('reads YAML and the same spec written as JSON to equal objects', () => {
    const a = parseSweepSpec(yaml);
    const b = parseSweepSpec(JSON.stringify(a));
    expect(b).toEqual(a);
    expect(a).toMatchObject({ study: 'laws', base: { lifting: 'path' }, outputs: ['laws', 'D'] });
  });
  it('accepts an already parsed object', () => {
    expect(parseSweepSpec({ study: 'flow' })).toEqual({ study: 'flow' });
  });
  it.each([
    ['{ "study": "lawz" }', '', /^sweep spec at study: unknown study 'lawz' \(studies: laws, lift/],
    ['study: laws\nbase: 3', '', /^sweep spec at base: must be object/],
    ['study: laws\nwidth: 3', '', /^sweep spec: 'width' is not a field here$/],
    [
      'study: laws\naxes:\n  - { name: w, values: [] }',
      '',
      /^sweep spec at axes\[0\]\.values: must NOT have fewer than 1 items$/,
    ],
    [
      'study: laws\naxes:\n  - { name: w }',
      '',
      /^sweep spec at axes\[0\]: an axis needs exactly one of values, range, linspace, logspace, random/,
    ],
    [
      'study: laws\naxes:\n  - { name: w, values: [1], colour: 2 }',
      '',
      /^sweep spec at axes\[0\]: 'colour' is not a field here$/,
    ],
    [
      'study: laws\naxes:\n  - zip: [{ name: a, value: [1] }]',
      '',
      /^sweep spec at axes\[0\]\.zip\[0\]: 'value' is not a field here$/,
    ],
    [
      'study: laws\naxes:\n  - { name: w, range: { start: 0, stop: 5, step: 0 } }',
      '',
      /^sweep spec at axes\[0\]\.range\.step: must not be 0$/,
    ],
    [
      'study: laws\naxes:\n  - { name: w, range: { start: 5, stop: 1 } }',
      '',
      /^sweep spec at axes\[0\]\.range: is empty: no value from 5 towards 1/,
    ],
    [
      'study: laws\naxes:\n  - { name: w, template: "relu:2-3-1", values: [1] }',
      '',
      /^sweep spec at axes\[0\]\.template: template 'relu:2-3-1' has no \{\} for the value$/,
    ],
    [
      'study: laws\naxes:\n  - { name: w, values: [1] }\n  - { name: w, values: [2] }',
      '',
      /^sweep spec at axes\[1\]\.name: axis 'w' is named twice$/,
    ],
    [
      'study: laws\naxes:\n  - { name: a, field: net, values: [1] }\n  - { name: b, set: { net: "x{}" }, values: [2] }',
      '',
      /^sweep spec at axes\[1\]: field 'net' is already set by axis 'a'$/,
    ],
    [
      'study: laws\naxes:\n  - zip: [{ name: a, values: [1, 2] }, { name: b, values: [1, 2, 3] }]',
      '',
      /^sweep spec at axes\[0\]\.zip: zipped axes must have equal lengths: 'a' has 2 values, 'b' has 3$/,
    ],
    [
      'study: laws\naxes:\n  - { name: a, random: { count: 3, seed: 1, loguniform: [0, 1] } }',
      '',
      /^sweep spec at axes\[0\]\.random\.loguniform: needs min > 0, got 0$/,
    ],
    [
      'study: laws\naxes:\n  - { name: a, random: { count: 3, seed: 1, integer: [1.5, 3] } }',
      '',
      /random\.integer: must be integers/,
    ],
    [
      'study: laws\naxes:\n  - { name: a, random: { count: 3, seed: 1 } }',
      '',
      /^sweep spec at axes\[0\]\.random: random needs exactly one of uniform, loguniform, integer, choice$/,
    ],
    ['axes: []', '', /^sweep spec: 'study' is required$/],
    ['study: [laws', 'spec.yaml', /^sweep spec 'spec\.yaml': not valid YAML/],
    ['{ "study": "laws", }', 'spec.json', /^sweep spec 'spec\.json': not valid JSON/],
    ['- laws', '', /a sweep spec is an object/],
  ])('%j is refused: %s', (text, source, pattern) => {
    const error = (() => {
      try {
        parseSweepSpec(text, source === '' ? {} : { source });
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(SweepSpecError);
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toMatch(pattern);
  });
  it('refuses a grid larger than maxJobs (10^7 by default), naming the size', () => {
    const text =
      'study: laws\naxes:\n  - { name: a, range: { start: 0, stop: 5000 } }\n  - { name: b, range: { start: 0, stop: 5000 } }';
    expect(() => parseSweepSpec(text)).toThrow(
      /^sweep spec at axes: the grid has 25000000 jobs, more than the limit 10000000$/,
    );
    expect(() => parseSweepSpec(text, { maxJobs: 3e7 })).not.toThrow();
  });
});
