import { ACTIVATIONS, type Network, rescalingSymmetries, symmetryLaws } from '@idyn/graph';
import { type Budget, checkBudget, checkLimit, describeValue, type Rational, rational } from '@idyn/linalg';
import { Polynomial } from '@idyn/poly';
import type { Lifting, SparseJacobian } from './Lifting.js';
import { buildLifting } from './internal/buildLifting.js';
import { forwardStates } from './internal/forwardStates.js';
import { checkNetwork, neuronLaw } from './internal/network.js';
import { pathSizes } from './internal/pathSizes.js';
import { pathLiftingCost } from './pathLiftingCost.js';
import { enumeratePathTable, pathsFromNodes } from './internal/paths.js';
import { checkVector } from './internal/validate.js';

/** Options of {@link pathLifting}. */
export interface PathLiftingOptions {
  /**
   * Largest number of paths the lifting may enumerate (a positive integer, or a bigint above
   * 2^53); above it `pathLifting` throws a BudgetError with `option: 'maxPaths'` (use
   * `countPaths`, `pathNorm` and `pathCotangentVjp`, which never enumerate).
   * @default 1_000_000
   */
  maxPaths?: number | bigint;
  /** Memory and work budget, checked before enumerating ({@link pathLiftingCost}). @default DEFAULT_BUDGET */
  budget?: Budget;
}

/** One path of a {@link PathLifting}, as node, edge and parameter indices of its network. */
export interface LiftingPath {
  /** `'input'` when the path starts at an input (factor 1), `'bias'` when at its first node's bias. */
  readonly start: 'input' | 'bias';
  /** Node indices p_0, …, p_l (p_l is an output). */
  readonly nodes: readonly number[];
  /** Edge indices p_0→p_1, …, p_{l-1}→p_l. */
  readonly edges: readonly number[];
  /** Parameter indices of the factors of Phi_p (bias first, then weights; max-pool edges skipped). */
  readonly params: readonly number[];
}

/** The path-lifting of a network, with its paths and path activations. */
export interface PathLifting extends Lifting {
  /** The network. */
  readonly network: Network;
  /** The d paths, in z order. */
  path(p: number): LiftingPath;
  /**
   * Path activations A(theta, x) (MATH.md §1) for a batch of inputs X (batch x nIn, row-major,
   * column j feeding `network.inputs[j]`): a batch x d row-major array, the product along each path
   * of the activations' slopes (`ACTIVATIONS` of `@idyn/graph`), 0 through a selection neuron's
   * unselected edges: 0/1 values for ReLU, identity and max-pool neurons.
   */
  activations(theta: ArrayLike<number>, X: ArrayLike<number>, batch: number): Float64Array;
  /**
   * The path cotangent G = Σ_s A(theta, x_s) ∘ (x_s; 1)_{start} ⊗ C_s, length d: the gradient
   * with respect to z = Phi(theta) of Σ_s <C_s, output(x_s)> at the frozen activation pattern.
   * C is batch x nOut row-major (column j for `network.outputs[j]`).
   */
  dataCotangent(
    theta: ArrayLike<number>,
    X: ArrayLike<number>,
    C: ArrayLike<number>,
    batch: number,
  ): Float64Array;
}

/**
 * The path-lifting Phi of a DAG network (MATH.md §1): one coordinate per path that ends at an
 * output and starts at an input or at a biased neuron (length-0 paths of biased outputs
 * included); Phi_p(theta) = (b_{p_0} or 1) · Π w_{p_{i-1}→p_i}, edges into max-pool neurons having
 * the fixed weight 1.
 *
 * Paths are ordered by start node (node order; an input's paths, or a biased neuron's), then
 * depth-first along outgoing edges in edge order. z labels read `x0→h1_2→y0` (from an input) and
 * `b(h1_2)→y0` (from a bias); parameter names are the network's.
 *
 * The Jacobian is sparse (a row has one entry per distinct parameter of its path, at most
 * depth + 1) and each entry ∂Phi_p/∂theta_j is the sum, over the factors of the path carrying j, of
 * the product of the other factors, by prefix and suffix products: with shared parameters (MATH.md
 * §7) a factor may repeat, and the entry is (number of edges of p carrying j) times the product of
 * the other factors, exact when theta_j = 0 (nothing is divided). Parameter-free edges contribute
 * their fixed weight as a constant coefficient of Phi_p (1 into a max-pool). jvp, vjp and
 * metricProduct work on the rows directly and never form M.
 *
 * Known laws: h_v = Σ_{u→v} w² + b_v² − Σ_{v→w} w² for every hidden ReLU/identity neuron in
 * `network.lawNodes`; for a network with shared parameters or fixed edge weights, the laws
 * h = Σ_j ε_j θ_j² of a basis of its rescaling symmetries (`rescalingSymmetries` of `@idyn/graph`:
 * one per convolution channel, per residual stream, …), which are all its laws (MATH.md §7).
 *
 * @param net - a validated network (`createNetwork`/`parseNetwork` of `@idyn/graph`)
 * @param options - see {@link PathLiftingOptions}
 * @returns the lifting with its paths, activations and data cotangents
 * @throws TypeError if `net` is not a network; RangeError if `maxPaths` is not a positive integer;
 *   BudgetError (a RangeError) when the network has more than `maxPaths` paths (option
 *   'maxPaths', the exact count as a bigint in `value`) or the enumeration exceeds the memory or
 *   work budget
 * @example
 * const net = parseNetwork('relu:2-3-2');
 * const lift = pathLifting(net);
 * lift.d; // 12 = 2 * 3 * 2
 * lift.zLabels[0]; // 'x0→h1_0→y0' (ids as the preset names them)
 * @see MATH.md §1 (path-lifting, laws, activations)
 */
export function pathLifting(net: Network, options: PathLiftingOptions = {}): PathLifting {
  const fn = 'pathLifting';
  checkNetwork(fn, net);
  const maxPaths = options.maxPaths ?? 1_000_000;
  if (
    typeof maxPaths === 'bigint'
      ? maxPaths < 1n
      : typeof maxPaths !== 'number' || !Number.isSafeInteger(maxPaths) || maxPaths < 1
  ) {
    throw new RangeError(
      `${fn}: options.maxPaths must be a positive integer (a bigint above 2^53), got ${describeValue(maxPaths)}`,
    );
  }
  const estimate = pathLiftingCost(net);
  // the exact count, unless it has thousands of digits (then 2^floor(log2), a lower bound)
  const { log2Total } = pathSizes(net);
  const total = log2Total < 4096 ? exactTotal(net) : 2n ** BigInt(Math.floor(log2Total));
  checkLimit(estimate, 'maxPaths', 'paths', total, maxPaths);
  checkBudget(estimate, options.budget);
  if (total === 0n)
    throw new RangeError(`${fn}: the network has no path from an input or a bias to an output`);
  const T = enumeratePathTable(net, Number(total));
  const d = T.count;
  const D = net.D;
  const { paramPtr, params, coef } = T;
  // Distinct parameters of each row, in first-occurrence order, and the slot of every factor.
  const uPtr = new Int32Array(d + 1);
  const uCol: number[] = [];
  const slot = new Int32Array(params.length);
  {
    const at = new Map<number, number>();
    for (let p = 0; p < d; p++) {
      at.clear();
      for (let k = paramPtr[p]!; k < paramPtr[p + 1]!; k++) {
        const j = params[k]!;
        let u = at.get(j);
        if (u === undefined) {
          u = uCol.length - uPtr[p]!;
          at.set(j, u);
          uCol.push(j);
        }
        slot[k] = u;
      }
      uPtr[p + 1] = uCol.length;
    }
  }
  const colIndex = Int32Array.from(uCol);
  const ids = net.nodes.map((n) => n.id);
  const zLabels: string[] = new Array(d);
  for (let p = 0; p < d; p++) {
    const parts: string[] = [];
    for (let k = T.nodePtr[p]!; k < T.nodePtr[p + 1]!; k++) parts.push(ids[T.nodes[k]!]!);
    if (T.fromBias[p]) parts[0] = `b(${parts[0]})`;
    zLabels[p] = parts.join('→');
  }

  const phi = (t: Float64Array) => {
    const z = new Float64Array(d);
    for (let p = 0; p < d; p++) {
      let prod = 1;
      for (let k = paramPtr[p]!; k < paramPtr[p + 1]!; k++) prod *= t[params[k]!]!;
      z[p] = coef[p]! * prod;
    }
    return z;
  };
  // suffix[k] = product of factors k.. of the current row; the derivative with respect to factor
  // j is prefix_j * suffix[j+1], so a zero factor never causes a division.
  const suffix = new Float64Array(T.maxFactors + 1);
  const fillSuffix = (t: Float64Array, p: number) => {
    const a = paramPtr[p]!;
    const n = paramPtr[p + 1]! - a;
    suffix[n] = 1;
    for (let j = n - 1; j >= 0; j--) suffix[j] = suffix[j + 1]! * t[params[a + j]!]!;
    return n;
  };
  const jvp = (t: Float64Array, v: Float64Array) => {
    const out = new Float64Array(d);
    for (let p = 0; p < d; p++) {
      const n = fillSuffix(t, p);
      const a = paramPtr[p]!;
      let prefix = 1;
      let s = 0;
      for (let j = 0; j < n; j++) {
        const k = params[a + j]!;
        s += v[k]! * prefix * suffix[j + 1]!;
        prefix *= t[k]!;
      }
      out[p] = coef[p]! * s;
    }
    return out;
  };
  const vjp = (t: Float64Array, g: Float64Array) => {
    const out = new Float64Array(D);
    for (let p = 0; p < d; p++) {
      const gp = coef[p]! * g[p]!;
      if (gp === 0) continue;
      const n = fillSuffix(t, p);
      const a = paramPtr[p]!;
      let prefix = 1;
      for (let j = 0; j < n; j++) {
        const k = params[a + j]!;
        out[k]! += gp * prefix * suffix[j + 1]!;
        prefix *= t[k]!;
      }
    }
    return out;
  };
  const jacobianSparse = (t: Float64Array): SparseJacobian => {
    const values = new Float64Array(colIndex.length);
    for (let p = 0; p < d; p++) {
      const n = fillSuffix(t, p);
      const a = paramPtr[p]!;
      const u = uPtr[p]!;
      const c = coef[p]!;
      let prefix = 1;
      for (let j = 0; j < n; j++) {
        values[u + slot[a + j]!]! += c * prefix * suffix[j + 1]!;
        prefix *= t[params[a + j]!]!;
      }
    }
    return { rows: d, cols: D, rowPtr: uPtr.slice(), colIndex: colIndex.slice(), values };
  };
  const polynomials = () => {
    const out: Polynomial[] = new Array(d);
    for (let p = 0; p < d; p++) {
      let m = Polynomial.constant(D, exactRational(coef[p]!));
      for (let k = paramPtr[p]!; k < paramPtr[p + 1]!; k++) m = m.mul(Polynomial.variable(D, params[k]!));
      out[p] = m;
    }
    return out;
  };
  const bySymmetries = usesSymmetryBasis(net);
  const knownLaws = () =>
    bySymmetries
      ? rescalingSymmetries(net).symmetries.map((sym) =>
          Polynomial.fromTerms(
            D,
            Array.from(sym.params, (j, k) => ({
              coefficient: sym.exponents[k]!,
              variables: [j],
              exponents: [2],
            })),
          ),
        )
      : net.lawNodes.map((v) => {
          let h = Polynomial.constant(D, 0);
          const sq = (k: number) => {
            const x = Polynomial.variable(D, k);
            return x.mul(x);
          };
          for (const e of net.inEdges[v]!) h = h.add(sq(net.edgeParam[e]!));
          if (net.biasParam[v]! >= 0) h = h.add(sq(net.biasParam[v]!));
          for (const e of net.outEdges[v]!) h = h.sub(sq(net.edgeParam[e]!));
          return h;
        });
  const lawValues = (t: Float64Array) =>
    bySymmetries ? symmetryLaws(net, t) : Float64Array.from(net.lawNodes, (v) => neuronLaw(net, t, v));

  const base = buildLifting({
    name: `path[${net.nodes.length} nodes, ${net.edges.length} edges]`,
    D,
    d,
    paramNames: net.paramNames,
    zLabels,
    phi,
    jvp,
    vjp,
    jacobianSparse,
    polynomials,
    knownLaws,
    lawValues,
  });

  const nIn = net.inputs.length;
  const nOut = net.outputs.length;
  const outputColumn = new Map(net.outputs.map((v, j) => [v, j]));
  const inputColumn = new Map(net.inputs.map((v, j) => [v, j]));
  const checkBatch = (what: string, batch: unknown) => {
    if (typeof batch !== 'number' || !Number.isInteger(batch) || batch < 1) {
      throw new RangeError(`${fn}.${what}: batch must be a positive integer, got ${describeValue(batch)}`);
    }
  };
  /** a_p(x_s) for every path and sample, as batch x d. */
  const activationsOf = (t: Float64Array, X: Float64Array, batch: number) => {
    const st = forwardStates(net, t, X, batch);
    const A = new Float64Array(batch * d);
    for (let p = 0; p < d; p++) {
      const n0 = T.nodePtr[p]!;
      const n1 = T.nodePtr[p + 1]!;
      const e0 = T.edgePtr[p]!;
      for (let s = 0; s < batch; s++) {
        let a = 1;
        for (let k = n0; k < n1 && a !== 0; k++) {
          const v = T.nodes[k]!;
          if (net.nodes[v]!.kind !== 'hidden') continue;
          a *= st.slope[v * batch + s]!;
          // A selection neuron (max-pool) is never a path start (no bias), so the edge into it exists.
          const sel = st.selected[v * batch + s]!;
          if (sel >= 0 && sel !== T.edges[e0 + (k - n0) - 1]) a = 0;
        }
        A[s * d + p] = a;
      }
    }
    return A;
  };

  return {
    ...base,
    network: net,
    path(p: number): LiftingPath {
      if (!Number.isInteger(p) || p < 0 || p >= d) {
        throw new RangeError(`${fn}.path: p must be an integer in [0, ${d - 1}], got ${describeValue(p)}`);
      }
      return {
        start: T.fromBias[p] ? 'bias' : 'input',
        nodes: Array.from(T.nodes.subarray(T.nodePtr[p]!, T.nodePtr[p + 1]!)),
        edges: Array.from(T.edges.subarray(T.edgePtr[p]!, T.edgePtr[p + 1]!)),
        params: Array.from(params.subarray(paramPtr[p]!, paramPtr[p + 1]!)),
      };
    },
    activations(theta, X, batch) {
      checkBatch('activations', batch);
      const t = checkVector(`${fn}.activations`, 'theta', theta, D, 'D');
      const x = checkVector(`${fn}.activations`, 'X', X, batch * nIn, 'batch * nIn');
      return activationsOf(t, x, batch);
    },
    dataCotangent(theta, X, C, batch) {
      checkBatch('dataCotangent', batch);
      const t = checkVector(`${fn}.dataCotangent`, 'theta', theta, D, 'D');
      const x = checkVector(`${fn}.dataCotangent`, 'X', X, batch * nIn, 'batch * nIn');
      const c = checkVector(`${fn}.dataCotangent`, 'C', C, batch * nOut, 'batch * nOut');
      const A = activationsOf(t, x, batch);
      const G = new Float64Array(d);
      for (let p = 0; p < d; p++) {
        const first = T.nodes[T.nodePtr[p]!]!;
        const last = T.nodes[T.nodePtr[p + 1]! - 1]!;
        const col = outputColumn.get(last)!;
        const inCol = T.fromBias[p] ? -1 : inputColumn.get(first)!;
        let g = 0;
        for (let s = 0; s < batch; s++) {
          const xs = inCol < 0 ? 1 : x[s * nIn + inCol]!;
          g += A[s * d + p]! * xs * c[s * nOut + col]!;
        }
        G[p] = g;
      }
      return G;
    },
  };
}

/**
 * Whether the known laws come from the rescaling symmetries (shared parameters or fixed edge
 * weights) rather than from the h_v of `lawNodes` (which they equal on other networks without
 * max-pool).
 */
function usesSymmetryBasis(net: Network): boolean {
  return (
    net.shared ||
    net.fixedWeight.some(
      (c, e) =>
        !Number.isNaN(c) && ACTIVATIONS[net.nodes[net.edges[e]!.to]!.activation].combine !== 'selection',
    )
  );
}

/** The exact rational value of a double (every finite double is a dyadic rational). */
function exactRational(c: number): Rational {
  let x = c;
  let k = 0n;
  while (!Number.isInteger(x)) {
    x *= 2;
    k++;
  }
  return rational(BigInt(x), 2n ** k);
}

/** The exact number of paths (BigInt). */
function exactTotal(net: Network): bigint {
  const counts = pathsFromNodes(net);
  let total = 0n;
  for (let v = 0; v < net.nodes.length; v++) {
    if (net.nodes[v]!.kind === 'input' || net.biasParam[v]! >= 0) total += counts[v]!;
  }
  return total;
}
