/**
 * What `@idyn` knows about one activation: every package that branches on a neuron's activation
 * (validation, forward and backward passes, path activations of the lifting, which neurons carry a
 * rescaling law, whether the intrinsic metric is implemented, labels in the UI) reads this record
 * instead of comparing names, so that adding an activation is one entry of {@link ACTIVATIONS}
 * (see CONTRIBUTING.md, "Add an activation").
 */
export interface ActivationSpec {
  /** The name used in specs and presets (`'relu'`). */
  readonly name: string;
  /** Human-readable name for messages and menus (`'ReLU'`, `'max-pool'`). */
  readonly label: string;
  /**
   * How the neuron combines its antecedents:
   * - `'pointwise'`: v = σ(b_v + Σ_{u→v} w_{u→v} u), each incoming edge and the bias (if any) a
   *   parameter;
   * - `'selection'`: v = σ(the k-th largest antecedent value), incoming edges parameter-free (fixed
   *   weight 1), ties broken towards the earlier edge (a k-max-pool).
   */
  readonly combine: 'pointwise' | 'selection';
  /** σ, applied to the pre-activation (pointwise) or to the selected antecedent value (selection). */
  readonly value: (pre: number) => number;
  /**
   * σ' at the pre-activation: the factor a path through this neuron is multiplied by in the path
   * activations A(θ, x) (MATH.md §1) and the factor the backward pass applies. ReLU: 1 if pre > 0,
   * else 0 (the derivative at 0 is taken as 0).
   */
  readonly slope: (pre: number) => number;
  /**
   * σ(c x) = c σ(x) for every c > 0. Then rescaling a neuron's incoming weights and bias by c and its
   * outgoing weights by 1/c leaves the function unchanged: the neuron carries the rescaling law
   * h_v = Σ in² + b² − Σ out² (MATH.md §1), and the path-lifting (a product of weights along paths,
   * times path activations) represents the network. An activation without it can still be
   * evaluated and differentiated, but carries no law and breaks the path-lifting through it.
   */
  readonly positivelyHomogeneous: boolean;
  /** Whether a neuron with this activation may have a bias. */
  readonly bias: boolean;
  /**
   * Whether the intrinsic metric of `@idyn/intrinsic` (`pathIntrinsicModel`, recovery of θ* by
   * rescaling) is implemented for this activation (MATH.md §4.2): pointwise and positively
   * homogeneous activations only.
   */
  readonly intrinsicMetric: boolean;
}

const relu: ActivationSpec = Object.freeze({
  name: 'relu',
  label: 'ReLU',
  combine: 'pointwise',
  // biome-ignore lint/complexity/useMathMinMax: the forward pass's own ReLU, bit for bit (-0 maps to 0)
  value: (pre: number) => (pre > 0 ? pre : 0),
  slope: (pre: number) => (pre > 0 ? 1 : 0),
  positivelyHomogeneous: true,
  bias: true,
  intrinsicMetric: true,
});

const identity: ActivationSpec = Object.freeze({
  name: 'identity',
  label: 'identity',
  combine: 'pointwise',
  value: (pre: number) => pre,
  slope: (_pre: number) => 1,
  positivelyHomogeneous: true,
  bias: true,
  intrinsicMetric: true,
});

const maxpool: ActivationSpec = Object.freeze({
  name: 'maxpool',
  label: 'max-pool',
  combine: 'selection',
  value: (pre: number) => pre,
  slope: (_pre: number) => 1,
  positivelyHomogeneous: true,
  bias: false,
  intrinsicMetric: false,
});

/**
 * The activation table: one {@link ActivationSpec} per activation name. Inputs and outputs are
 * always `'identity'`; hidden neurons default to {@link DEFAULT_HIDDEN_ACTIVATION}.
 * @example
 * ACTIVATIONS.relu.slope(-1); // 0
 * ACTIVATIONS.maxpool.combine; // 'selection'
 * Object.keys(ACTIVATIONS); // ['relu', 'identity', 'maxpool'] (the accepted names, in this order)
 * @see MATH.md §1 (positively homogeneous activations, rescaling laws, path activations)
 */
export const ACTIVATIONS = Object.freeze({ relu, identity, maxpool });

/** Name of an activation: a key of {@link ACTIVATIONS}. */
export type Activation = keyof typeof ACTIVATIONS;

/**
 * The accepted activation names, in table order.
 * @example
 * ACTIVATION_NAMES; // ['relu', 'identity', 'maxpool']
 */
export const ACTIVATION_NAMES: readonly Activation[] = Object.freeze(
  Object.keys(ACTIVATIONS) as Activation[],
);

/**
 * The activation of a hidden neuron whose spec names none.
 * @example
 * createNetwork({ nodes: [{ id: 'x', kind: 'input' }, { id: 'h', kind: 'hidden' }, { id: 'y', kind: 'output' }],
 *   edges: [{ from: 'x', to: 'h' }, { from: 'h', to: 'y' }] }).nodes[1].activation; // 'relu'
 */
export const DEFAULT_HIDDEN_ACTIVATION: Activation = 'relu';
