import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AppState, DEFAULT_STATE, decodeState, encodeState, INITS, LOSSES, PAGES } from './state.js';

const stateArb: fc.Arbitrary<AppState> = fc.record({
  page: fc.constantFrom(...PAGES),
  net: fc.oneof(
    fc.constantFrom('relu:2-3-2', 'linear:2-2-2+bias', 'resblock:2:1'),
    fc.string({ minLength: 1, maxLength: 60 }).filter((s) => s.trim().length > 0),
  ),
  path: fc.integer({ min: 0, max: 1000 }),
  degree: fc.integer({ min: 1, max: 4 }),
  init: fc.constantFrom(...INITS),
  seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  scale: fc.oneof(fc.constant('he' as const), fc.double({ min: 1e-3, max: 50, noNaN: true })),
  lambda: fc.double({ min: -10, max: 10, noNaN: true }).map((v) => v + 0), // -0 is written as 0
  loss: fc.constantFrom(...LOSSES),
  lossSeed: fc.integer({ min: 0, max: 1000 }),
  csv: fc.string({ maxLength: 80 }),
  T: fc.double({ min: 0.01, max: 100, noNaN: true }),
  odeLambda: fc.double({ min: -3, max: 3, noNaN: true }).map((v) => v + 0),
  depth: fc.integer({ min: 2, max: 8 }),
  width: fc.integer({ min: 1, max: 6 }),
  ensNet: fc.constantFrom('2-6-1', '3-4-4-2'),
  members: fc.integer({ min: 1, max: 65536 }),
  ensT: fc.double({ min: 0.01, max: 100, noNaN: true }),
  ensSeed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
});

describe('URL state', () => {
  it('decodeState(encodeState(s)) gives s back exactly, with no notice', () => {
    fc.assert(
      fc.property(stateArb, (s) => {
        const { state, notices } = decodeState(encodeState(s));
        expect(notices).toEqual([]);
        expect(state).toEqual(s);
      }),
      { numRuns: 50 },
    );
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

  it('an invalid value falls back to its default, names the parameter, and keeps the valid ones', () => {
    const { state, notices } = decodeState('#/flow?v=1&seed=-4&T=abc&init=balanced&bogus=1');
    expect(state.seed).toBe(DEFAULT_STATE.seed);
    expect(state.T).toBe(DEFAULT_STATE.T);
    expect(state.init).toBe('balanced');
    expect(state.page).toBe('flow');
    expect(notices.join('\n')).toMatch(/seed=-4/);
    expect(notices.join('\n')).toMatch(/T=abc/);
    expect(notices.join('\n')).toMatch(/bogus/);
  });
});
