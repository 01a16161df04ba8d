/** Role of a neuron in the DAG (MATH.md §1): inputs have no incoming edge, outputs no outgoing edge. */
export type NodeKind = 'input' | 'hidden' | 'output';

/**
 * Activation of a neuron. Inputs and outputs are always `'identity'`; a hidden neuron is `'relu'`,
 * `'identity'` or `'maxpool'` (k-max-pool: outputs the k-th largest value of its antecedents).
 */
export type Activation = 'relu' | 'identity' | 'maxpool';

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
  /**
   * Index in theta of this node's bias (only with `bias: true`). Either no edge and no bias carries
   * an index (the classic layout) or every parametrised edge and every bias does (MATH.md §7).
   */
  biasParam?: number;
}

/** One directed edge of a {@link NetworkSpec}, between node ids. */
export interface EdgeSpec {
  /** Id of the tail (antecedent). */
  from: string;
  /** Id of the head. */
  to: string;
  /**
   * Index in theta of the parameter this edge's weight reads; several edges may share one index
   * (weight sharing, MATH.md §7). Either no edge and no bias carries an index (the classic layout)
   * or every parametrised edge and every bias does. Not allowed on edges into a max-pool neuron or
   * with `weight`.
   */
  param?: number;
  /**
   * A fixed, non-trainable weight (finite, nonzero): the edge carries no parameter, e.g. the
   * parameter-free skip of a residual block (`weight: 1`). Not allowed on edges into a max-pool
   * neuron (their weight is always 1).
   */
  weight?: number;
}

/**
 * The JSON description of a network (schema: `@idyn/graph/schema.json`). Without parameter indices,
 * edge order and node order fix the parameter layout (see {@link Network}); with them (`param` on
 * every parametrised edge, `biasParam` on every bias) the indices do, and edges may share a
 * parameter. `theta`, when given, must have length D.
 */
export interface NetworkSpec {
  /** Nodes; their order fixes the order of the biases in theta (classic layout) and of the input/output columns. */
  nodes: NodeSpec[];
  /** Edges; their order fixes the order of the weights in theta (classic layout). */
  edges: EdgeSpec[];
  /** Optional parameters in the layout of {@link Network}, length D. */
  theta?: number[];
  /**
   * Optional names of the D parameters (distinct, non-empty), e.g. `W1[c=0,i=0,j=1]`, used in
   * reports instead of the generated `w(x→y)` names.
   */
  paramNames?: string[];
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
 * A validated DAG network with its parameter layout, as plain data (MATH.md §1, §7).
 *
 * Classic parameter layout of theta in R^D (specs without indices): first one weight per
 * parametrised edge, in edge order; then one bias per node with `bias: true`, in node order. With
 * indices (`param`, `biasParam` in the spec), theta_j is read by every edge and bias carrying
 * index j (weight sharing). Edges into a max-pool neuron carry the fixed weight 1 and no parameter;
 * edges with a spec `weight` carry that fixed weight and no parameter.
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
  /**
   * Number of parameters D: classic layout (parametrised edges) + (biases); with indices, the
   * number of distinct indices.
   */
  readonly D: number;
  /**
   * Number of weight (edge) parameters. In the classic layout biases occupy theta[nWeights..D);
   * with indices the order is the spec's.
   */
  readonly nWeights: number;
  /**
   * Name of every parameter, Unicode: the spec's `paramNames` when given, else `w(x0→h1_0)`,
   * `b(h1_0)` for a parameter carried by one edge or bias and `θ7` for a shared one.
   */
  readonly paramNames: readonly string[];
  /** Name of every parameter, ASCII (`→` written `->`, `θ` written `theta`; terminals, CSV). */
  readonly paramNamesAscii: readonly string[];
  /** For each edge, its parameter index, or -1 for a parameter-free edge (into a max-pool, or with a fixed `weight`). */
  readonly edgeParam: readonly number[];
  /** For each node, the parameter index of its bias, or -1 when it has none. */
  readonly biasParam: readonly number[];
  /**
   * For each edge, the fixed weight of a parameter-free edge (1 into a max-pool neuron, the spec's
   * `weight` otherwise), NaN for an edge that carries a parameter.
   */
  readonly fixedWeight: readonly number[];
  /** For each parameter, the edge it weighs (the first of `paramEdges[p]` when shared), or -1 for a bias. */
  readonly paramEdge: readonly number[];
  /** For each parameter, the node whose bias it is (the first of `paramBiasNodes[p]` when shared), or -1 for a weight. */
  readonly paramNode: readonly number[];
  /** For each parameter, every edge whose weight it is, in edge order (empty for a bias parameter). */
  readonly paramEdges: readonly (readonly number[])[];
  /** For each parameter, every node whose bias it is, in node order (empty for a weight parameter). */
  readonly paramBiasNodes: readonly (readonly number[])[];
  /**
   * Whether some parameter is carried by more than one edge or bias (weight sharing, MATH.md §7).
   * When false, `paramEdge`/`paramNode` are exact inverse maps of `edgeParam`/`biasParam`.
   */
  readonly shared: boolean;
  /** All node indices in a topological order (tails before heads; ties by node index). */
  readonly topoOrder: readonly number[];
  /** Input node indices in node order; column j of an input batch feeds `inputs[j]`. */
  readonly inputs: readonly number[];
  /** Hidden node indices in node order. */
  readonly hidden: readonly number[];
  /** Output node indices in node order; column j of an output batch is `outputs[j]`. */
  readonly outputs: readonly number[];
  /**
   * Hidden ReLU/identity neurons that carry a rescaling law h_v on their own (MATH.md §1), in node
   * order: those with no parameter-free incident edge (an edge into a max-pool or with a fixed
   * `weight` has no parameter to absorb the rescaling, so h_v is not conserved there) and, with
   * sharing, whose incident parameters are each carried by one edge or bias only. Laws of groups
   * of neurons (a convolution channel) are given by `rescalingSymmetries`.
   */
  readonly lawNodes: readonly number[];
  /** For each node, the indices of its incoming edges, in edge order. */
  readonly inEdges: readonly (readonly number[])[];
  /** For each node, the indices of its outgoing edges, in edge order. */
  readonly outEdges: readonly (readonly number[])[];
  /** Parameters given in the spec (`theta` field), validated to length D and finite; else undefined. */
  readonly theta?: Float64Array;
}
