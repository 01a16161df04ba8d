import { PRIME } from '@idyn/linalg';
import { reconstructRational, SparseModEchelon, type SparseRow } from './internal/sparseModEchelon.js';
import type { Network } from './Network.js';

/** One basis element of the rescaling symmetries of a network (see {@link rescalingSymmetries}). */
export interface RescalingSymmetry {
  /**
   * Integer log-scale exponents μ_v, one per node (0 on inputs and outputs): the symmetry
   * multiplies the value of neuron v by c^{μ_v}, for every c > 0.
   */
  readonly mu: Int32Array;
  /**
   * Integer exponents ε_j, one per parameter: θ_j becomes c^{ε_j} θ_j, where ε_j = μ_head − μ_tail
   * for every edge carrying j and μ_v for every bias b_v carrying j. The conserved law is
   * h(θ) = Σ_j ε_j θ_j² (MATH.md §7).
   */
  readonly coefficients: Int32Array;
  /** Nodes with μ_v ≠ 0, in node order. */
  readonly support: readonly number[];
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
 * conv.symmetries[0].coefficients; // Int32Array [1, 1, 0, 0, -1, -1, -1, 0, 0, 0]
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
    const c = s.coefficients;
    for (let j = 0; j < c.length; j++) if (c[j] !== 0) h += c[j]! * theta[j]! ** 2;
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
  const echelon = new SparseModEchelon(p);
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
    const row: SparseRow = new Map();
    for (const [k, v] of eq) row.set(k, ((v % p) + p) % p);
    echelon.add(row);
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
  echelon.reduce();
  const kernel = echelon.nullSpace(S).map((x) => liftToIntegers(x, p));
  const rootOf = new Int32Array(n);
  const potOf: (Map<number, number> | null)[] = new Array(n).fill(null);
  for (const v of net.hidden) {
    const [r, pv] = uf.find(v);
    rootOf[v] = r;
    potOf[v] = pv;
  }
  const candidates: Int32Array[] = [];
  const roots = [...new Set(net.hidden.map((v) => rootOf[v]!))].filter((r) => r !== G);
  for (const r of roots) {
    const mu = new Int32Array(n);
    for (const v of net.hidden) if (rootOf[v] === r) mu[v] = 1;
    candidates.push(mu);
  }
  for (const x of kernel) {
    if (x === null) throw internalError(net, 'a kernel vector has no small rational lift');
    const mu = new Int32Array(n);
    for (const v of net.hidden) {
      let m = 0;
      const pv = potOf[v];
      if (pv) for (const [k, c] of pv) m += c * (x.get(k) ?? 0);
      mu[v] = m;
    }
    candidates.push(mu);
  }
  const basis = kernel.length > 0 ? canonicalBasis(net, candidates, p) : candidates;
  const symmetries = basis.map((mu) => verified(net, mu));
  symmetries.sort((a, b) => a.support[0]! - b.support[0]!);
  return { count: symmetries.length, symmetries, sharedParams: S, equations: echelon.rank };
}

/** Lifts a sparse vector mod p to the smallest integer multiple of its rational reconstruction. */
function liftToIntegers(x: SparseRow, p: number): Map<number, number> | null {
  const frac: [number, number, number][] = [];
  let lcm = 1;
  for (const [k, v] of x) {
    const q = reconstructRational(v, p);
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
function canonicalBasis(net: Network, rows: Int32Array[], p: number): Int32Array[] {
  const ech = new SparseModEchelon(p);
  for (const mu of rows) {
    const row: SparseRow = new Map();
    for (const v of net.hidden) if (mu[v] !== 0) row.set(v, ((mu[v]! % p) + p) % p);
    if (!ech.add(row)) throw internalError(net, 'the candidate vectors are dependent');
  }
  ech.reduce();
  return [...ech.rows.values()].map((row) => {
    const x = liftToIntegers(row, p);
    if (x === null) throw internalError(net, 'a reduced basis vector has no small rational lift');
    let g = 0;
    for (const v of x.values()) g = gcd(g, v);
    const mu = new Int32Array(net.nodes.length);
    for (const [v, c] of x) mu[v] = c / g;
    return mu;
  });
}

/** Derives ε from μ and checks every edge and bias exactly over the integers. */
function verified(net: Network, mu: Int32Array): RescalingSymmetry {
  const eps = new Int32Array(net.D);
  const set = new Uint8Array(net.D);
  const check = (j: number, value: number, where: string) => {
    if (j < 0) {
      if (value !== 0) throw internalError(net, `${where} is parameter-free but gets exponent ${value}`);
      return;
    }
    if (!set[j]) {
      set[j] = 1;
      eps[j] = value;
    } else if (eps[j] !== value) {
      throw internalError(net, `parameter ${j} gets exponents ${eps[j]} and ${value} (${where})`);
    }
  };
  net.edges.forEach((edge, e) => {
    check(net.edgeParam[e]!, mu[edge.to]! - mu[edge.from]!, `edges[${e}]`);
  });
  net.biasParam.forEach((j, v) => {
    if (j >= 0) check(j, mu[v]!, `the bias of nodes[${v}]`);
  });
  const support: number[] = [];
  let group = true;
  for (let v = 0; v < mu.length; v++) {
    if (mu[v] === 0) continue;
    support.push(v);
    if (mu[v] !== 1) group = false;
  }
  return { mu, coefficients: eps, support, group };
}

function internalError(net: Network, what: string): Error {
  return new Error(
    `rescalingSymmetries: internal error on a network of ${net.nodes.length} nodes and ${net.edges.length} edges: ${what}`,
  );
}
