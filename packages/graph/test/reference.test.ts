import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createNetwork } from '../src/createNetwork.js';
import { forward } from '../src/forward.js';
import { mseGradient } from '../src/mseGradient.js';
import type { NetworkSpec } from '../src/Network.js';
import { networkSpec } from '../src/networkSpec.js';
import { parseNetwork } from '../src/parseNetwork.js';
import { rescalingLaws } from '../src/rescalingLaws.js';

interface Case {
  preset: string | null;
  spec: NetworkSpec;
  D: number;
  theta: number[];
  batch: number;
  X: number[];
  Y: number[];
  outputs: number[];
  loss: number;
  laws: number[];
}

// Produced by test/fixtures/graph_reference.py (numpy, independent evaluation and preset expansion).
const { cases } = JSON.parse(
  readFileSync(new URL('./fixtures/graph_reference.json', import.meta.url), 'utf8'),
) as {
  cases: Case[];
};

describe('reference values from graph_reference.py', () => {
  for (const c of cases) {
    const name = c.preset ?? 'hand-written DAG with skips, identity and a 2-max-pool';
    it(`${name}: preset expansion, D, outputs, MSE loss and laws agree with numpy`, () => {
      const net = createNetwork(c.spec);
      if (c.preset !== null) expect(networkSpec(parseNetwork(c.preset))).toEqual(c.spec);
      expect(net.D).toBe(c.D);
      expect(forward(net, c.theta, c.X, c.batch).outputs).toBeAllClose(c.outputs, {
        rtol: 1e-12,
        atol: 1e-14,
      });
      expect(mseGradient(net, c.theta, c.X, c.Y, c.batch).loss).toBeAllClose(c.loss, { rtol: 1e-12 });
      expect(rescalingLaws(net, c.theta)).toBeAllClose(c.laws, { rtol: 1e-12, atol: 1e-14 });
    });
  }
});
