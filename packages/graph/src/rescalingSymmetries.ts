import { PRIME, rationalReconstruct, SparseModRowBasis } from '@idyn/linalg';
import type { Network } from './Network.js';

/** One basis element of the rescaling symmetries of a network (see {@link rescalingSymmetries}). */
export interface RescalingSymmetry {
  /**
   * Nodes with μ_v ≠ 0, in node order. The symmetry multiplies the value of neuron v by c^{μ_v},
   * for every c > 0; μ = 0 elsewhere (inputs and outputs always).
   */
  readonly support: readonly number[];
  /** The integer log-scale exponent μ_v of each node of `support`. */
  readonly mu: Int32Array;
  /**
   * Parameters with ε_j ≠ 0, increasing: θ_j becomes c^{ε_j} θ_j, where ε_j = μ_head − μ_tail for
   * every edge carrying j and μ_v for every bias b_v carrying j; the others are unchanged.
   */
  readonly params: Int32Array;
  /**
   * The integer exponent ε_j of each parameter of `params`. The conserved law is
   * h(θ) = Σ_j ε_j θ_j² (MATH.md §7). Sparse, so that a network with 10^4 neurons and 10^6
   * parameters keeps its basis small.
   */
  readonly exponents: Int32Array;
  /**
   * Whether μ is the indicator of `support`: a group of neurons rescaled together (a hidden neuron
   * alone, a convolution channel, a channel with its pool, a residual stream).
   */
  readonly group: boolean;
}

/** Result of {@link rescalingSymmetries}. */
export interface RescalingSymmetriesResult {
  /** Dimension of the space of rescaling symmetries: the number of independent laws h. */
  readonly count: number;
  /** A basis, in reduced row-echelon form over the hidden nodes (ordered by their first node). */
  readonly symmetries: readonly RescalingSymmetry[];
  /** Parameters carried by more than one edge or bias (the unknowns of the sharing equations). */
  readonly sharedParams: number;
  /** Independent equations the sharing imposes beyond the union-find merges (their rank mod p). */
  readonly equations: number;
}

const cache = new WeakMap<Network, RescalingSymmetriesResult>();

/**
 * The rescaling symmetries of a network with shared parameters and fixed edges, exactly: all
 * μ ∈ R^{nodes} (μ = 0 on inputs and outputs) such that every parameter j gets one well-defined
 * exponent ε_j = μ_head − μ_tail over all edges carrying it (μ_v over all biases b_v carrying it)
 * and every parameter-free edge has μ_head = μ_tail (MATH.md §7, derived). Then
 * θ_j → c^{ε_j} θ_j leaves every path monomial, hence the path-lifting Φ and the network function
 * (ReLU, identity and max-pool are positively homogeneous) unchanged, and
 * h_μ(θ) = Σ_j ε_j θ_j² is conserved by every gradient flow. Without sharing and fixed edges the
 * basis is the h_v of every hidden neuron; a convolution channel is a group; in general μ need not
 * be an indicator (see the README).
 *
 * The space is also the kernel of the path-exponent matrix A (rows: the exponent vectors of the
 * paths), so its dimension is D − rank A = D − rank DΦ(θ) at every θ without zero entries: the
 * number of conservation laws of the path-lifting (MATH.md §7, derived). Computed without
 * enumerating paths: a union-find over the nodes with potentials in the shared exponents, then the
 * remaining equations mod p, then an exact check of every basis vector against every edge and bias
 * over the integers (so the count is exact: it is at most the count mod p and at least the number of
 * verified independent vectors). Cached per network.
 *
 * @param net - the network
 * @returns the dimension and an integer basis
 * @throws Error if a basis vector fails the exact check (never expected; reported rather than hidden)
 * @example
 * rescalingSymmetries(parseNetwork('relu:2-3-1')).count; // 3 (one per hidden neuron)
 * const conv = rescalingSymmetries(parseNetwork('conv1d:4:1-2:2:1'));
 * conv.count; // 2: one per hidden channel (MATH.md §7)
 * conv.symmetries[0].params; // Int32Array [0, 1, 4, 5, 6]: W1[c=0,i=0,·] and A[o=0,c=0,·]
 * conv.symmetries[0].exponents; // Int32Array [1, 1, -1, -1, -1]
 * @see MATH.md §1 (rescaling), §7 (shared weights, convolution)
 */
export function rescalingSymmetries(net: Network): RescalingSymmetriesResult {
  const hit = cache.get(net);
  if (hit) return hit;
  const result = compute(net);
  cache.set(net, result);
  return result;
}

/**
 * Values of the laws of {@link rescalingSymmetries}: h_k(θ) = Σ_j ε^{(k)}_j θ_j², in basis order.
 *
 * @param net - the network
 * @param theta - parameters, length D (not validated here beyond indexing; use `assertTheta`)
 * @returns one value per basis symmetry
 * @example
 * symmetryLaws(parseNetwork('conv1d:4:1-2:2:1'), [1, 2, 0, 0, 1, 1, 1, 0, 0, 0]); // Float64Array [2, 0]
 * @see MATH.md §7
 */
export function symmetryLaws(net: Network, theta: ArrayLike<number>): Float64Array {
  const { symmetries } = rescalingSymmetries(net);
  return Float64Array.from(symmetries, (s) => {
    let h = 0;
    for (let k = 0; k < s.params.length; k++) h += s.exponents[k]! * theta[s.params[k]!]! ** 2;
    return h;
  });
}

/** Weighted union-find over nodes; potentials are sparse integer vectors over the shared exponents. */
class PotentialUnionFind {
  readonly parent: Int32Array;
  readonly pot: (Map<number, number> | null)[];

  constructor(n: number) {
    this.parent = Int32Array.from({ length: n }, (_, i) => i);
    this.pot = new Array(n).fill(null);
  }

  /** Root of v and μ_v − μ_root, with path compression. */
  find(v: number): [number, Map<number, number> | null] {
    const path: number[] = [];
    let r = v;
    while (this.parent[r] !== r) {
      path.push(r);
      r = this.parent[r]!;
    }
    // Compress from the node nearest the root outwards, accumulating potentials.
    for (let i = path.length - 1; i >= 0; i--) {
      const u = path[i]!;
      const up = this.parent[u]!;
      if (up !== r) this.pot[u] = addVec(this.pot[u]!, this.pot[up]!, 1);
      this.parent[u] = r;
    }
    return [r, this.pot[v] ?? null];
  }
}

function addVec(
  a: Map<number, number> | null,
  b: Map<number, number> | null,
  s: number,
): Map<number, number> | null {
  if (b === null || b.size === 0) return a;
  const out = new Map(a ?? []);
  for (const [k, v] of b) {
    const x = (out.get(k) ?? 0) + s * v;
    if (x === 0) out.delete(k);
    else out.set(k, x);
  }
  return out;
}

function compute(net: Network): RescalingSymmetriesResult {
  const n = net.nodes.length;
  const G = n; // ground: every input and output (μ = 0)
  const ground = (v: number) => (net.nodes[v]!.kind === 'hidden' ? v : G);
  const uses = net.paramEdges.map((l, j) => l.length + net.paramBiasNodes[j]!.length);
  const sharedIndex = new Int32Array(net.D).fill(-1);
  let S = 0;
  for (let j = 0; j < net.D; j++) if (uses[j]! > 1) sharedIndex[j] = S++;

  // Relations μ_h − μ_t = r: fixed edges (r = 0) and every use of a shared parameter (r = ε_s).
  const uf = new PotentialUnionFind(n + 1);
  const p = PRIME;
  const echelon = new SparseModRowBasis({ prime: p });
  const seenRows = new Set<string>();
  const relate = (t: number, h: number, s: number) => {
    const [rh, ph] = uf.find(h);
    const [rt, pt] = uf.find(t);
    const r = s >= 0 ? new Map([[s, 1]]) : null;
    if (rh !== rt) {
      // μ_rh − μ_rt = pt + r − ph; the ground stays a root (μ_G = 0).
      if (rh === G) {
        uf.parent[rt] = rh;
        uf.pot[rt] = addVec(addVec(ph, pt, -1), r, -1);
      } else {
        uf.parent[rh] = rt;
        uf.pot[rh] = addVec(addVec(pt, r, 1), ph, -1);
      }
      return;
    }
    // A cycle: ph − pt − r = 0 is an equation on the shared exponents.
    const eq = addVec(addVec(ph, pt, -1), r, -1);
    if (eq === null || eq.size === 0) return;
    const key = [...eq.entries()].sort((a, b) => a[0] - b[0]).join(';');
    if (seenRows.has(key)) return;
    seenRows.add(key);
    echelon.add(eq);
  };
  net.edges.forEach((edge, e) => {
    const j = net.edgeParam[e]!;
    if (j >= 0 && sharedIndex[j]! < 0) return;
    relate(ground(edge.from), ground(edge.to), j >= 0 ? sharedIndex[j]! : -1);
  });
  net.biasParam.forEach((j, v) => {
    if (j >= 0 && sharedIndex[j]! >= 0) relate(G, ground(v), sharedIndex[j]!);
  });

  // Basis over Q: free roots (groups) and the kernel of the equations, lifted from GF(p).
  const kernel = echelon.nullSpace(S).map((x) => liftToIntegers(x, p));
  const rootOf = new Int32Array(n);
  const potOf: (Map<number, number> | null)[] = new Array(n).fill(null);
  for (const v of net.hidden) {
    const [r, pv] = uf.find(v);
    rootOf[v] = r;
    potOf[v] = pv;
  }
  // Candidates as sparse μ over the hidden nodes (a dense vector per law would not fit large
  // unshared networks, which have one law per hidden neuron).
  const candidates: Map<number, number>[] = [];
  const groupOf = new Map<number, Map<number, number>>();
  for (const v of net.hidden) {
    const r = rootOf[v]!;
    if (r === G) continue;
    let g = groupOf.get(r);
    if (g === undefined) {
      g = new Map();
      groupOf.set(r, g);
      candidates.push(g);
    }
    g.set(v, 1);
  }
  for (const x of kernel) {
    if (x === null) throw internalError(net, 'a kernel vector has no small rational lift');
    const mu = new Map<number, number>();
    for (const v of net.hidden) {
      let m = 0;
      const pv = potOf[v];
      if (pv) for (const [k, c] of pv) m += c * (x.get(k) ?? 0);
      if (m !== 0) mu.set(v, m);
    }
    candidates.push(mu);
  }
  const basis = kernel.length > 0 ? canonicalBasis(net, candidates, p) : candidates;
  const symmetries = basis.map((mu) => verified(net, mu));
  symmetries.sort((a, b) => a.support[0]! - b.support[0]!);
  return { count: symmetries.length, symmetries, sharedParams: S, equations: echelon.rank };
}

/** Lifts a sparse vector mod p to the smallest integer multiple of its rational reconstruction. */
function liftToIntegers(x: ReadonlyMap<number, number>, p: number): Map<number, number> | null {
  const frac: [number, number, number][] = [];
  let lcm = 1;
  for (const [k, v] of x) {
    const q = rationalReconstruct(v, p);
    if (q === null) return null;
    frac.push([k, q[0], q[1]]);
    lcm = (lcm / gcd(lcm, q[1])) * q[1];
  }
  return new Map(frac.map(([k, a, b]) => [k, (a * lcm) / b]));
}

function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * Reduced row-echelon form of the μ vectors over the hidden nodes in node order, lifted back to
 * coprime integers: a canonical basis, which is the set of group indicators whenever the space is
 * spanned by indicators of disjoint groups.
 */
function canonicalBasis(net: Network, rows: Map<number, number>[], p: number): Map<number, number>[] {
  const ech = new SparseModRowBasis({ prime: p });
  for (const mu of rows) {
    if (!ech.add(mu)) throw internalError(net, 'the candidate vectors are dependent');
  }
  return ech.reducedRows().map((row) => {
    const x = liftToIntegers(row, p);
    if (x === null) throw internalError(net, 'a reduced basis vector has no small rational lift');
    let g = 0;
    for (const v of x.values()) g = gcd(g, v);
    return new Map([...x].map(([v, c]) => [v, c / g]));
  });
}

/**
 * Derives ε from μ and checks it exactly over the integers on every edge and bias of every parameter
 * that touches the support (the others see μ = 0 at both ends, so ε = 0 on all their uses), and on
 * every parameter-free edge at the support (it must get 0).
 */
function verified(net: Network, mu: ReadonlyMap<number, number>): RescalingSymmetry {
  const at = (v: number) => mu.get(v) ?? 0;
  const edgeExp = (e: number) => at(net.edges[e]!.to) - at(net.edges[e]!.from);
  const touched = new Set<number>();
  for (const v of mu.keys()) {
    for (const e of [...net.inEdges[v]!, ...net.outEdges[v]!]) {
      const j = net.edgeParam[e]!;
      if (j >= 0) touched.add(j);
      else if (edgeExp(e) !== 0) {
        throw internalError(net, `edges[${e}] is parameter-free but gets exponent ${edgeExp(e)}`);
      }
    }
    if (net.biasParam[v]! >= 0) touched.add(net.biasParam[v]!);
  }
  const params: number[] = [];
  const exponents: number[] = [];
  for (const j of [...touched].sort((a, b) => a - b)) {
    const values = [...net.paramEdges[j]!.map(edgeExp), ...net.paramBiasNodes[j]!.map(at)];
    if (values.some((x) => x !== values[0])) {
      throw internalError(net, `parameter ${j} gets exponents ${[...new Set(values)].join(', ')}`);
    }
    if (values[0] !== 0) {
      params.push(j);
      exponents.push(values[0]!);
    }
  }
  const support = [...mu.keys()].filter((v) => at(v) !== 0).sort((a, b) => a - b);
  return {
    support,
    mu: Int32Array.from(support, at),
    params: Int32Array.from(params),
    exponents: Int32Array.from(exponents),
    group: support.every((v) => at(v) === 1),
  };
}

function internalError(net: Network, what: string): Error {
  return new Error(
    `rescalingSymmetries: internal error on a network of ${net.nodes.length} nodes and ${net.edges.length} edges: ${what}`,
  );
}
