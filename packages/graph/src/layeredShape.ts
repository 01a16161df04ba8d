import type { Network } from './Network.js';
import { nodeDepths } from './nodeDepths.js';

/** What {@link layeredShape} finds: a layered MLP and its preset, or why the network is not one. */
export type LayeredShape =
  | {
      readonly layered: true;
      /** Widths [n_0, …, n_L]. */
      readonly widths: readonly number[];
      /** The activation of every hidden neuron. */
      readonly activation: 'relu' | 'identity';
      /** Biases on every non-input neuron, none, or on the hidden neurons only. */
      readonly bias: 'all' | 'none' | 'hidden';
      /** The preset with this architecture, e.g. `relu:4-8-6-3+bias`. */
      readonly preset: string;
    }
  | {
      readonly layered: false;
      /** Why not, in words. */
      readonly reason: string;
    };

/**
 * Whether a network is a layered fully-connected MLP: its neurons fall into layers by depth (the
 * inputs at depth 0, the outputs all at the last depth), every edge joins consecutive layers and
 * every pair of consecutive layers is completely connected, no parameter is shared or fixed, all
 * hidden neurons have one activation (ReLU or identity), and biases sit on every non-input neuron,
 * on none, or on the hidden ones only. Then the network has the architecture of a `relu:`/`linear:`
 * preset (an imported ONNX MLP, a hand-written spec), named in `preset`; its parameter order may
 * differ from the preset's.
 *
 * @param network - the network
 * @returns `{ layered: true, widths, activation, bias, preset }` or `{ layered: false, reason }`
 * @example
 * layeredShape(parseNetwork('relu:4-8-6-3+bias')); // { layered: true, preset: 'relu:4-8-6-3+bias', … }
 * layeredShape(parseNetwork('dense:2-3-1')).layered; // false: an edge skips a layer
 * @see MATH.md §1
 */
export function layeredShape(network: Network): LayeredShape {
  const no = (reason: string): LayeredShape => ({ layered: false, reason });
  if (network.shared) return no('it shares parameters between edges or biases');
  if (network.fixedWeight.some((w) => !Number.isNaN(w)))
    return no('it has fixed-weight edges (max-pool or given weights)');
  const depth = nodeDepths(network);
  const L = network.outputs.reduce((m, v) => Math.max(m, depth[v]!), 0);
  if (L === 0) return no('it has no layer of weights');
  if (network.outputs.some((v) => depth[v] !== L)) return no('its outputs are at different depths');
  if (network.inputs.some((v) => depth[v] !== 0)) return no('an input has incoming edges');
  const widths = new Array<number>(L + 1).fill(0);
  for (let v = 0; v < network.nodes.length; v++) widths[depth[v]!]!++;
  if (widths[L] !== network.outputs.length) return no('a hidden neuron sits at the depth of the outputs');
  if (widths[0] !== network.inputs.length) return no('a hidden neuron has no incoming edge');
  for (const e of network.edges) if (depth[e.to] !== depth[e.from]! + 1) return no('an edge skips a layer');
  // no duplicate edges, so a complete connection of consecutive layers has exactly Σ n_l n_{l+1} edges
  const complete = widths.slice(1).reduce((n, w, l) => n + w * widths[l]!, 0);
  if (network.edges.length !== complete) return no('two consecutive layers are not completely connected');
  const hidden = network.hidden.map((v) => network.nodes[v]!.activation);
  const activation = hidden[0] ?? 'identity';
  if (activation !== 'relu' && activation !== 'identity') return no(`its hidden activation is ${activation}`);
  if (hidden.some((a) => a !== activation)) return no('its hidden neurons have different activations');
  const biased = (vs: readonly number[]) => vs.filter((v) => network.nodes[v]!.bias).length;
  const bh = biased(network.hidden);
  const bo = biased(network.outputs);
  const H = network.hidden.length;
  const O = network.outputs.length;
  const bias =
    bh === H && bo === O ? 'all' : bh === 0 && bo === 0 ? 'none' : bh === H && bo === 0 ? 'hidden' : null;
  if (bias === null) return no('only some of its neurons have biases');
  const suffix = bias === 'all' ? '+bias' : bias === 'hidden' ? '+hbias' : '';
  const preset = `${activation === 'relu' ? 'relu' : 'linear'}:${widths.join('-')}${suffix}`;
  return { layered: true, widths, activation, bias, preset };
}
