/** Role of a neuron in the DAG (MATH.md §1): inputs have no incoming edge, outputs no outgoing edge. */
export type NodeKind = 'input' | 'hidden' | 'output';

import type { Activation } from './activations.js';

// Activation of a neuron: a name of the activation table (activations.ts). Inputs and outputs are
// always 'identity'.
export type { Activation };

/** One node of a {@link NetworkSpec} (the JSON form). */
export interface NodeSpec {
  /** Identifier: letters, digits and `_`, not starting with a digit (e.g. `x0`, `h1_2`, `y0`). */
  id: string;
  /** Role of the neuron. */
  kind: NodeKind;
  /** Activation; `'relu'` by default for hidden neurons, always `'identity'` for inputs and outputs. */
  activation?: Activation;
  /** Rank selected by a max-pool neuron, 1 (the maximum) to its in-degree; default 1; only on max-pool. */
  k?: number;
  /** Whether the neuron has a trainable bias (not allowed on inputs and max-pool neurons); default false. */
  bias?: boolean;
}

/** One directed edge of a {@link NetworkSpec}, between node ids. */
export interface EdgeSpec {
  /** Id of the tail (antecedent). */
  from: string;
  /** Id of the head. */
  to: string;
}

/**
 * The JSON description of a network (schema: `@idyn/graph/schema.json`). Edge order and node order
 * fix the parameter layout (see {@link Network}). `theta`, when given, must have length D.
 */
export interface NetworkSpec {
  /** Nodes; their order fixes the order of the biases in theta and of the input/output columns. */
  nodes: NodeSpec[];
  /** Edges; their order fixes the order of the weights in theta. */
  edges: EdgeSpec[];
  /** Optional parameters in the layout of {@link Network}, length D. */
  theta?: number[];
}

/** A validated node of a {@link Network}. */
export interface NetworkNode {
  /** Identifier from the spec. */
  readonly id: string;
  /** Role of the neuron. */
  readonly kind: NodeKind;
  /** Activation, defaults resolved (`'identity'` for inputs and outputs). */
  readonly activation: Activation;
  /** k of a k-max-pool neuron; 0 for every other neuron. */
  readonly k: number;
  /** Whether the neuron has a bias parameter (index `biasParam[v]`). */
  readonly bias: boolean;
}

/** A validated edge of a {@link Network}, between node indices. */
export interface NetworkEdge {
  /** Index of the tail in `nodes`. */
  readonly from: number;
  /** Index of the head in `nodes`. */
  readonly to: number;
}

/**
 * A validated DAG network with its parameter layout, as plain data (MATH.md §1).
 *
 * Parameter layout of theta in R^D: first one weight per edge whose head is not a max-pool neuron,
 * in edge order; then one bias per node with `bias: true`, in node order. Edges into a max-pool
 * neuron carry the fixed weight 1 and no parameter.
 *
 * Create one with `createNetwork(spec)` or `parseNetwork(presetOrSpecOrJson)`; never build it by hand.
 */
export interface Network {
  /** Nodes in spec order. */
  readonly nodes: readonly NetworkNode[];
  /** Edges in spec order. */
  readonly edges: readonly NetworkEdge[];
  /** Node index by id. */
  readonly nodeIndex: ReadonlyMap<string, number>;
  /** Number of parameters D = (edges not into a max-pool) + (biases). */
  readonly D: number;
  /** Number of weight parameters; biases occupy theta[nWeights..D). */
  readonly nWeights: number;
  /** Name of every parameter, Unicode: `w(x0→h1_0)`, `b(h1_0)`. */
  readonly paramNames: readonly string[];
  /** Name of every parameter, ASCII: `w(x0->h1_0)`, `b(h1_0)` (terminals, CSV). */
  readonly paramNamesAscii: readonly string[];
  /** For each edge, its parameter index, or -1 for an edge into a max-pool neuron. */
  readonly edgeParam: readonly number[];
  /** For each node, the parameter index of its bias, or -1 when it has none. */
  readonly biasParam: readonly number[];
  /** For each parameter, the edge it weighs, or -1 for a bias. */
  readonly paramEdge: readonly number[];
  /** For each parameter, the node whose bias it is, or -1 for a weight. */
  readonly paramNode: readonly number[];
  /** All node indices in a topological order (tails before heads; ties by node index). */
  readonly topoOrder: readonly number[];
  /** Input node indices in node order; column j of an input batch feeds `inputs[j]`. */
  readonly inputs: readonly number[];
  /** Hidden node indices in node order. */
  readonly hidden: readonly number[];
  /** Output node indices in node order; column j of an output batch is `outputs[j]`. */
  readonly outputs: readonly number[];
  /**
   * Hidden ReLU/identity neurons that carry a rescaling law h_v (MATH.md §1), in node order: those
   * none of whose outgoing edges enters a max-pool neuron (such an edge has no parameter to absorb
   * the rescaling, so h_v is not conserved there).
   */
  readonly lawNodes: readonly number[];
  /** For each node, the indices of its incoming edges, in edge order. */
  readonly inEdges: readonly (readonly number[])[];
  /** For each node, the indices of its outgoing edges, in edge order. */
  readonly outEdges: readonly (readonly number[])[];
  /** Parameters given in the spec (`theta` field), validated to length D and finite; else undefined. */
  readonly theta?: Float64Array;
}
