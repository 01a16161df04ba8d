import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type StudyName, studies } from '@idyn/studies';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runJson } from './helpers.js';

const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

/** Each command line and the study input a program would pass for the same run. */
const CASES: [StudyName, string[], Record<string, unknown>][] = [
  [
    'laws',
    ['laws', 'linear:2-2-2', '--formulas', '--blind'],
    { net: 'linear:2-2-2', formulas: true, blind: true },
  ],
  [
    'laws',
    ['laws', 'relu-2-2-1-bias.json', '--points', '2'],
    { net: fixture('relu-2-2-1-bias.json'), netLabel: 'relu-2-2-1-bias.json', points: 2 },
  ],
  [
    'lift',
    ['lift', 'relu:2-3-2+bias', '--init', 'gaussian:1'],
    { net: 'relu:2-3-2+bias', init: 'gaussian:1' },
  ],
  [
    'check',
    ['check', 'poly:x1*x2*x3', '--theta', 'theta-2-3-5.json'],
    { net: 'poly:x1*x2*x3', theta: [2, 3, 5], thetaLabel: 'file:theta-2-3-5.json' },
  ],
  [
    'flow',
    ['flow', 'relu:2-3-1', '--init', 'gaussian:2', '--loss', 'mse', '--data', 'data-2-1.csv', '--times', '3'],
    {
      net: 'relu:2-3-1',
      init: 'gaussian:2',
      loss: 'mse',
      data: fixture('data-2-1.csv'),
      dataLabel: 'data-2-1.csv',
      times: 3,
    },
  ],
  [
    'linear',
    ['linear', 'linear:2-3-3', '--init', 'relaxed:0.7:1', '--T', '0.5', '--times', '3'],
    { net: 'linear:2-3-3', init: 'relaxed:0.7:1', T: 0.5, times: 3 },
  ],
  [
    'ode',
    ['ode', '--lambda', 'sin', '--L', '25,50', '--steps', '400'],
    { lambda: 'sin', L: [25, 50], steps: 400 },
  ],
  [
    'ensemble',
    [
      'ensemble',
      'linear:2-2-2',
      '--runs',
      '3',
      '--loss',
      'synthetic:1',
      '--backend',
      'cpu',
      '--T',
      '0.2',
      '--times',
      '2',
    ],
    { net: 'linear:2-2-2', runs: 3, loss: 'synthetic:1', backend: 'cpu', T: 0.2, times: 2 },
  ],
  [
    'tour',
    ['tour', '--quick', '--only', 'pathnorm', '--no-report'],
    { quick: true, only: 'pathnorm', figures: false },
  ],
];

/** Wall-clock fields differ between two runs of the same computation. */
function withoutTimes(doc: Record<string, unknown>): Record<string, unknown> {
  const { seconds: _s, wallSeconds: _w, ...rest } = doc;
  return rest;
}

describe('the CLI is a front end of the studies', () => {
  it.each(CASES)('idyn %s --json prints the study result: %j', async (name, argv, input) => {
    const doc = await runJson(argv);
    const result = (await studies[name].run(input as never)) as unknown as Record<string, unknown>;
    expect(withoutTimes(doc)).toEqual(withoutTimes(result));
  });
});
