/** One layer of an import: the neurons one ONNX tensor became (a hidden layer or the outputs). */
export interface OnnxImportLayer {
  /** Node-id prefix of its neurons: `h3` (ids `h3_0`, `h3_1`, … by element index), or `y`. */
  id: string;
  /** Hidden neurons or output neurons. */
  kind: 'hidden' | 'output';
  /** Activation of its neurons (`'maxpool'`: k = 1 max-pool neurons). */
  activation: 'relu' | 'identity' | 'maxpool';
  /** Shape of the ONNX tensor, batch axis included (element e is neuron `<id>_<e>`). */
  shape: number[];
  /** ONNX operator types merged into this layer, in order, e.g. `['Conv', 'BatchNormalization', 'Relu']`. */
  ops: string[];
  /** The ONNX node names of `ops`. */
  nodes: string[];
  /** Neurons kept (elements that reach no output are dropped, see `pruned`). */
  neurons: number;
  /** Elements dropped because they reach no output (e.g. a pooling window that skips a border). */
  pruned: number;
  /** Incoming edges of its neurons. */
  edges: number;
  /** Channels (axis 1 of `shape`; for a vector, each neuron is its own channel). */
  channels: number;
  /** Channels that some rescaling symmetry moves, i.e. in a conservation law (hidden ReLU/identity layers only). */
  channelsWithLaw: number;
  /** What happened on the way (a Relu moved before a max-pool, which graph output it is). */
  notes: string[];
}

/** One group of parameters of the imported θ: an ONNX tensor, or parameters the import added. */
export interface OnnxImportTensor {
  /** Name: the ONNX initializer (`conv1.weight`), or `<node>.shift` / `<node>.scale` for added ones. */
  name: string;
  /** Weights sit on edges, biases on neurons. */
  role: 'weight' | 'bias';
  /** Shape of the tensor. */
  shape: number[];
  /** Parameters kept in θ (entries used by no kept edge are dropped). */
  count: number;
  /** First index in θ (the tensor's kept entries are consecutive, in row-major order). */
  offset: number;
  /**
   * Where the values come from: `'initializer'` (the file's weights, possibly folded) or
   * `'batchnorm'` (a BatchNormalization's new shift, or its scale and shift where nothing could
   * absorb them).
   */
  source: 'initializer' | 'batchnorm';
  /** Operations folded into these values (a BatchNormalization, Gemm alpha), empty if none. */
  folded: string[];
}

/** What `importOnnx` imported, for people (see `formatImportReport`) and programs. */
export interface OnnxImportReport {
  /** The file's producer (`pytorch 1.13.0`), IR version, default-domain opset and graph name. */
  model: { producer: string; irVersion: number; opset: number; graph: string };
  /** The data input: name, the static shape used, and where that shape came from. */
  input: { name: string; shape: number[]; shapeSource: 'model' | 'option' | 'model, batch set to 1' };
  /** The graph outputs, in order; their elements are the output neurons `y0, y1, …` in this order. */
  outputs: { name: string; shape: number[] }[];
  /** Hidden layers in topological order, then the outputs. */
  layers: OnnxImportLayer[];
  /** Parameters: D = weights + biases, and their tensors in θ order. */
  parameters: { D: number; weights: number; biases: number; tensors: OnnxImportTensor[] };
  /** Neuron counts. */
  neurons: { inputs: number; hidden: number; outputs: number; total: number };
  /**
   * Edges: all; those carrying a parameter; parameter-free ones of fixed weight 1 (residual skips,
   * outputs read from hidden neurons); those into max-pool neurons (weight 1, no parameter).
   */
  edges: { total: number; weighted: number; fixed: number; maxpool: number };
  /** Number of paths of the path-lifting, counted exactly (never enumerated). */
  paths: { total: bigint; fromInputs: bigint; fromBiases: bigint };
  /**
   * Rescaling conservation laws (MATH.md §7): `count` independent laws h = Σ_j ε_j θ_j², the
   * dimension of the rescaling symmetries of the imported network (exact, from `@idyn/graph`'s
   * `rescalingSymmetries`: a channel, a channel with its pools, channels tied by residual skips);
   * `hiddenChannels` counts the channels of the hidden ReLU/identity layers (a neuron, for dense
   * layers) and `channelsWithLaw` those some symmetry rescales.
   */
  laws: { count: number; hiddenChannels: number; channelsWithLaw: number };
  /** One sentence per folding (BatchNormalization into the affine map before it, Gemm alpha/beta). */
  folded: string[];
  /** Everything else worth knowing (parameter-free skips, pruned neurons, commuted ReLUs). */
  notes: string[];
}
