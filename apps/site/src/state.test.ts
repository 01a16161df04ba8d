import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stateArbitrary } from '../e2e/stateArbitrary.js';
import {
  type AppState,
  DEFAULT_STATE,
  decodeState,
  encodeState,
  FIELDS,
  readField,
  STATE_KEYS,
  type StateKey,
  writeField,
} from './state.js';

describe('URL state', () => {
  it('decodeState(encodeState(s)) gives s back exactly, with no notice', () => {
    fc.assert(
      fc.property(stateArbitrary, (s) => {
        const { state, notices } = decodeState(encodeState(s));
        expect(notices).toEqual([]);
        expect(state).toEqual(s);
      }),
      { numRuns: 200 },
    );
  });

  it('URL → state → URL is the identity on every link the site writes', () => {
    fc.assert(
      fc.property(stateArbitrary, (s) => {
        const url = encodeState(s);
        expect(encodeState(decodeState(url).state)).toBe(url);
      }),
      { numRuns: 200 },
    );
  });

  it('decoding never throws, and what it returns passes every field check', () => {
    const keys = fc.constantFrom(
      ...STATE_KEYS,
      'v',
      '__proto__',
      'valueOf',
      'hasOwnProperty',
      'constructor',
      'toString',
      'x',
    );
    const hashes = fc.oneof(
      fc.string(),
      fc
        .tuple(
          fc.constantFrom('#/network', '#/flow', '#/linear', '#/ensemble', '#/', '#/x'),
          fc.array(fc.tuple(keys, fc.string({ maxLength: 30 })), { maxLength: 6 }),
        )
        .map(([p, kv]) => `${p}?v=1&${kv.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`),
    );
    fc.assert(
      fc.property(hashes, (h) => {
        const { state } = decodeState(h);
        for (const key of STATE_KEYS)
          expect(readField(key, writeField(key, state[key] as never)).ok).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('one validator: a text the input accepts is accepted by the link with the same value, and the other way round', () => {
    const texts = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.double({ noNaN: true }).map(String),
      fc.integer({ min: -1e6, max: 5e9 }).map(String),
      fc.constantFrom('1e30', '-20', '1000', '0', '-5', 'he', '2-1', '2-6-1', '100000', '-1', 'abc', ''),
    );
    fc.assert(
      fc.property(fc.constantFrom(...STATE_KEYS), texts, (key, text) => {
        const input = readField(key, text);
        const link = decodeState(`#/flow?v=1&${key}=${encodeURIComponent(text)}`);
        if (input.ok) {
          expect(link.notices).toEqual([]);
          expect(link.state[key]).toEqual(input.value);
        } else {
          expect(link.notices.join(' ')).toContain(input.message);
          expect(link.state[key]).toEqual(DEFAULT_STATE[key]);
        }
      }),
      { numRuns: 400 },
    );
  });

  it.each([
    ['lambda', '-20', -20],
    ['ensT', '1000', 1000],
    ['T', '0.25', 0.25],
    ['members', '65536', 65536],
  ] as [StateKey, string, number][])(
    'values the inputs accept are read back from a link: %s=%s',
    (key, text, value) => {
      expect(readField(key, text)).toEqual({ ok: true, value });
      expect(decodeState(`#/flow?v=1&${key}=${text}`).state[key]).toBe(value);
    },
  );

  it.each([
    ['seed', '1e30', /seed must be a whole number from 0 to 4294967295, got '1e30'/],
    ['seed', '-5', /seed must be a whole number/],
    ['scale', '-1', /scale must be a number greater than 0 and at most 100, or 'he', got '-1'/],
    ['scale', 'abc', /scale must be/],
    ['T', '0', /T must be a number greater than 0 and at most 1000, got '0'/],
    ['ensNet', '2-1', /widths must be 3 to 6 whole numbers/],
    ['members', '0', /flows must be a whole number from 1 to 65536/],
    ['members', '100000', /flows must be a whole number from 1 to 65536/],
    ['ensT', '-1', /T must be a number greater than 0/],
    ['net', '   ', /the network is empty/],
  ] as [StateKey, string, RegExp][])(
    'the inputs refuse %s=%s with a message in the page language',
    (key, text, re) => {
      const r = readField(key, text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(re);
    },
  );

  it('keys named after Object.prototype members are ignored with a notice, not read, and pollute nothing', () => {
    const { state, notices } = decodeState(
      '#/flow?v=1&valueOf=1&__proto__=x&hasOwnProperty=1&constructor=2&toString=3&seed=4',
    );
    expect(state).toEqual({ ...DEFAULT_STATE, page: 'flow', seed: 4 });
    expect(notices).toHaveLength(5);
    for (const k of ['valueOf', '__proto__', 'hasOwnProperty', 'constructor', 'toString'])
      expect(notices.join('\n')).toContain(`'${k}'`);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(Object.getPrototypeOf(state)).toBe(Object.prototype);
  });

  it('the default state encodes to a short link with only the version', () => {
    expect(encodeState({ ...DEFAULT_STATE })).toBe('#/network?v=1');
  });

  it('an empty hash gives the defaults without a notice', () => {
    for (const h of ['', '#', '#/']) expect(decodeState(h)).toEqual({ state: DEFAULT_STATE, notices: [] });
  });

  it('garbage falls back to the defaults with a notice', () => {
    for (const h of [
      '#%%%garbage',
      '#hello world',
      '#/nonsense?x=1',
      '#/flow?v=99&seed=3',
      '#/flow?seed=3',
    ]) {
      const { state, notices } = decodeState(h);
      expect(notices.length).toBeGreaterThan(0);
      expect(state.seed).toBe(DEFAULT_STATE.seed);
      expect(state.net).toBe(DEFAULT_STATE.net);
    }
  });

  it('an outdated version keeps the page but resets every value', () => {
    const { state, notices } = decodeState('#/flow?v=0&seed=3&net=relu:3-3-1');
    expect(state).toEqual({ ...DEFAULT_STATE, page: 'flow' });
    expect(notices[0]).toMatch(/v=0/);
  });

  it('an invalid value falls back to its default, names the parameter and the rule, and keeps the valid ones', () => {
    const { state, notices } = decodeState('#/flow?v=1&seed=-4&T=abc&init=balanced&bogus=1');
    expect(state.seed).toBe(DEFAULT_STATE.seed);
    expect(state.T).toBe(DEFAULT_STATE.T);
    expect(state.init).toBe('balanced');
    expect(state.page).toBe('flow');
    const all = notices.join('\n');
    expect(all).toMatch(/seed=-4 is not valid \(seed must be a whole number/);
    expect(all).toMatch(/T=abc/);
    expect(all).toMatch(/bogus/);
  });

  it('every field has a label and a rule, and writes its default so that it reads back', () => {
    for (const key of STATE_KEYS) {
      const f = FIELDS[key];
      expect(f.label.length).toBeGreaterThan(0);
      expect(f.rule.length).toBeGreaterThan(0);
      const d = DEFAULT_STATE[key] as AppState[typeof key];
      expect(readField(key, writeField(key, d as never))).toEqual({ ok: true, value: d });
    }
  });
});
