import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type StudyName, studies } from '@idyn/studies';
import { describe, expect, it } from 'vitest';
import { FIXTURES, ONNX_FIXTURES, runJson } from './helpers.js';

const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');
const mlpOnnx = join(ONNX_FIXTURES, 'mlp.onnx');
const mlpBase64 = readFileSync(mlpOnnx).toString('base64');

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
  [
    'laws',
    ['laws', 'attention:2:1:1:2:2', '--block', 'match:^[QKVO]1_', '--isolated', 'attention:2:1:1:2'],
    { net: 'attention:2:1:1:2:2', block: 'match:^[QKVO]1_', isolated: 'attention:2:1:1:2' },
  ],
  [
    'flow',
    ['flow', 'relu:2-2-1', '--init', 'gaussian:3', '--method', 'gd', '--eta', '0.1,0.05', '--T', '0.2'],
    { net: 'relu:2-2-1', init: 'gaussian:3', method: 'gd', eta: [0.1, 0.05], T: 0.2 },
  ],
  ['import', ['import', mlpOnnx], { model: mlpBase64, modelLabel: mlpOnnx }],
];

/** Wall-clock fields differ between two runs of the same computation. */
function withoutTimes(doc: Record<string, unknown>): Record<string, unknown> {
  const { seconds: _s, wallSeconds: _w, ...rest } = doc;
  return rest;
}

describe('the CLI is a front end of the studies', () => {
  it.each(CASES.map(([name, argv, input]) => [name, argv.join(' ').slice(0, 80), argv, input] as const))(
    'idyn %s --json prints the study result: %s',
    async (name, _title, argv, input) => {
      const doc = await runJson(argv);
      const result = (await studies[name].run(input as never)) as unknown as Record<string, unknown>;
      expect(withoutTimes(doc)).toEqual(withoutTimes(result));
    },
  );

  it('an ONNX <net> is imported by the CLI and passed to the study as its spec (the studies take JSON)', async () => {
    const doc = await runJson(['lift', mlpOnnx]);
    const spec = (await studies.import.run({ model: mlpBase64 })).spec;
    const result = await studies.lift.run({ net: spec, netLabel: mlpOnnx });
    expect(doc).toEqual(result);
  });
});
