import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIVATION_NAMES, ACTIVATIONS, DEFAULT_HIDDEN_ACTIVATION } from './activations.js';
import { createNetwork } from './createNetwork.js';
import { forward } from './forward.js';
import { parseNetwork } from './parseNetwork.js';

const finite = fc.double({ min: -10, max: 10, noNaN: true });

describe('the activation table', () => {
  it('lists relu, identity and maxpool, relu the default of hidden neurons', () => {
    expect(ACTIVATION_NAMES).toEqual(['relu', 'identity', 'maxpool']);
    expect(DEFAULT_HIDDEN_ACTIVATION).toBe('relu');
    for (const a of ACTIVATION_NAMES) expect(ACTIVATIONS[a].name).toBe(a);
  });

  it('slope is the derivative of value (central differences, away from the ReLU kink)', () => {
    fc.assert(
      fc.property(finite, (x) => {
        fc.pre(Math.abs(x) > 1e-3);
        for (const a of ACTIVATION_NAMES) {
          const { value, slope } = ACTIVATIONS[a];
          const h = 1e-6;
          expect((value(x + h) - value(x - h)) / (2 * h)).toBeAllClose(slope(x), { rtol: 1e-6, atol: 1e-9 });
        }
      }),
      { numRuns: 100, seed: 5 },
    );
    expect(ACTIVATIONS.relu.slope(0)).toBe(0); // the derivative at the kink is taken as 0
  });

  it('positivelyHomogeneous holds as a property: σ(c x) = c σ(x) for c > 0', () => {
    fc.assert(
      fc.property(finite, fc.double({ min: 0.01, max: 100, noNaN: true }), (x, c) => {
        for (const a of ACTIVATION_NAMES) {
          if (!ACTIVATIONS[a].positivelyHomogeneous) continue;
          expect(ACTIVATIONS[a].value(c * x)).toBeAllClose(c * ACTIVATIONS[a].value(x), { rtol: 1e-14 });
        }
      }),
      { numRuns: 100, seed: 6 },
    );
  });

  it('createNetwork follows the table: accepted names, biases, k, parameter-free edges into a selection, law neurons', () => {
    const spec = (activation: string, bias = false) => ({
      nodes: [
        { id: 'x0', kind: 'input' as const },
        { id: 'x1', kind: 'input' as const },
        { id: 'h', kind: 'hidden' as const, activation: activation as 'relu', ...(bias ? { bias } : {}) },
        { id: 'y', kind: 'output' as const },
      ],
      edges: [
        { from: 'x0', to: 'h' },
        { from: 'x1', to: 'h' },
        { from: 'h', to: 'y' },
      ],
    });
    for (const a of ACTIVATION_NAMES) {
      const s = ACTIVATIONS[a];
      const net = createNetwork(spec(a));
      expect(net.nodes[2]!.k).toBe(s.combine === 'selection' ? 1 : 0);
      expect(net.D).toBe(s.combine === 'selection' ? 1 : 3);
      expect(net.lawNodes).toEqual(s.positivelyHomogeneous && s.combine === 'pointwise' ? [2] : []);
      if (s.bias) expect(createNetwork(spec(a, true)).nodes[2]!.bias).toBe(true);
      else expect(() => createNetwork(spec(a, true))).toThrow(`${s.label} node "h" cannot have a bias`);
    }
    // the message lists the table's names: 'relu', 'identity' or 'maxpool' today
    expect(() => createNetwork(spec('tanh'))).toThrow(
      `createNetwork: node "h" has activation "tanh", expected ${ACTIVATION_NAMES.slice(0, -1)
        .map((a) => `'${a}'`)
        .join(', ')} or '${ACTIVATION_NAMES.at(-1)}'`,
    );
    expect(() => createNetwork(spec('tanh'))).toThrow(/expected 'relu', 'identity'/);
  });

  it('forward applies value to the pre-activation and reports slope ≠ 0 as the pattern', () => {
    const net = parseNetwork('relu:1-2-1');
    // h1_0 = relu(x), h1_1 = relu(-x), y = h1_0 + h1_1 = |x|
    const f = forward(net, [1, -1, 1, 1], [-3, 2], 2);
    expect(f.outputs).toBeAllClose([3, 2]);
    expect(Array.from(f.pattern)).toEqual([1, 0, 1, 1, 1, 1, 0, 1]);
  });

  it('the JSON Schema of a spec accepts exactly the names of the table (network.schema.json stays in step)', () => {
    const schema = JSON.parse(readFileSync(new URL('./network.schema.json', import.meta.url), 'utf8'));
    const node = schema.$defs.node;
    expect(node.properties.activation.enum).toEqual(ACTIVATION_NAMES);
    // the schema's k/bias rule names the selection activations, which are exactly those without bias
    const rule = node.allOf.find(
      (r: { if?: { properties?: { activation?: unknown } } }) => r.if?.properties?.activation,
    );
    const named = rule.if.properties.activation.const ?? rule.if.properties.activation.enum;
    const selection = ACTIVATION_NAMES.filter((a) => ACTIVATIONS[a].combine === 'selection');
    expect([named].flat()).toEqual(selection);
    expect(ACTIVATION_NAMES.filter((a) => !ACTIVATIONS[a].bias)).toEqual(selection);
  });
});
