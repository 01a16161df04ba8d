import { Accumulator, copyVec, type SparseMat, type SparseVec } from './compiled.js';
import { Annihilator } from './Annihilator.js';

/** A vector field evaluated at the current point: value and Jacobian, residues mod p. */
export interface FieldAtPoint {
  readonly value: SparseVec;
  readonly jac: SparseMat;
}

/**
 * What the trace algorithm needs from a family of generators X_1..X_n (polynomial vector fields on
 * R^D): their exact values and Jacobians mod p at a point, and symbolic brackets (only for brackets
 * that are kept and must be bracketed again).
 */
export interface FieldSystem<S> {
  readonly D: number;
  readonly count: number;
  generatorValue(i: number, x: Float64Array, p: number, acc: Accumulator): SparseVec;
  generatorJacobian(i: number, x: Float64Array, p: number): SparseMat;
  generatorSymbolic(i: number): S;
  bracket(left: S, right: S): S;
  fieldAt(field: S, x: Float64Array, p: number, acc: Accumulator): FieldAtPoint;
}

/** Per-level record of one run. */
export interface TraceLevel {
  readonly level: number;
  readonly rank: number;
  readonly kept: number;
  readonly tried: number;
  readonly skipped: number;
}

/** A kept field: a generator (level 1) or [X_gen, parent]. */
export interface KeptField {
  readonly level: number;
  readonly key: string;
  readonly generator: number;
  readonly parent: KeptField | null;
}

export interface TraceResult {
  readonly rankJacobian: number;
  readonly lieDim: number;
  readonly levels: TraceLevel[];
  readonly kept: KeptField[];
  /** Whether the run stopped at maxLevel with brackets still being kept. */
  readonly truncated: boolean;
  readonly annihilator: Annihilator;
  /** Values of the kept generators (their span is W(x)). */
  readonly generatorValues: SparseVec[];
}

interface Node {
  readonly field: KeptField;
  readonly at: FieldAtPoint;
  readonly jacCols: Int32Array;
  /** Index among kept generators (level 1 only), else -1. */
  readonly genSlot: number;
}

/** The distinct column indices of `m`; `seen` is a zeroed scratch of length D, left zeroed. */
function distinctCols(m: SparseMat, seen: Uint8Array): Int32Array {
  const out: number[] = [];
  for (let k = 0; k < m.cols.length; k++) {
    const c = m.cols[k]!;
    if (seen[c] === 0) {
      seen[c] = 1;
      out.push(c);
    }
  }
  for (const c of out) seen[c] = 0;
  return Int32Array.from(out);
}

/**
 * [X, Y](x) = DX(x) Y(x) − DY(x) X(x) mod p, from values and Jacobians only (no symbolic bracket).
 */
export function bracketValue(
  X: FieldAtPoint,
  Y: FieldAtPoint,
  p: number,
  dense: Float64Array,
  acc: Accumulator,
): SparseVec {
  applyJac(X.jac, Y.value, p, dense, acc, false);
  applyJac(Y.jac, X.value, p, dense, acc, true);
  return acc.flushShared();
}

function applyJac(
  J: SparseMat,
  v: SparseVec,
  p: number,
  dense: Float64Array,
  acc: Accumulator,
  negate: boolean,
): void {
  const n = v.n;
  for (let k = 0; k < n; k++) dense[v.idx[k]!] = v.val[k]!;
  const nr = J.rows.length;
  for (let r = 0; r < nr; r++) {
    let s = 0;
    for (let k = J.ptr[r]!; k < J.ptr[r + 1]!; k++) {
      const y = dense[J.cols[k]!]!;
      if (y !== 0) {
        s += (J.val[k]! * y) % p;
        if (s >= p) s -= p;
      }
    }
    if (s !== 0) acc.add(J.rows[r]!, negate ? p - s : s, p);
  }
  for (let k = 0; k < n; k++) dense[v.idx[k]!] = 0;
}

/**
 * The trace of the generated Lie algebra at one point (MATH.md §2), exact mod p.
 *
 * Level 1 keeps the generators whose value raises the rank. Level k+1 brackets every field kept at
 * level k with every kept generator and keeps the brackets whose value raises the rank. Only kept
 * generators are used as left factors: at a generic point a dependent generator is a combination
 * of the kept ones with rational-function coefficients c_j, and [Σ c_j X_j, Y] = Σ c_j [X_j, Y] −
 * Σ (Y c_j) X_j lies in the span of brackets already tried and fields already kept. Pairs whose
 * supports make the bracket identically zero are skipped without evaluation (for a generator with
 * Jacobian columns C_X and value support S_X, [X, Y] = 0 when C_X ∩ S_Y = C_Y ∩ S_X = ∅).
 *
 * Stops when a level keeps nothing, when the rank reaches `target` (D − known laws, certifying), or
 * at `maxLevel`. `order` is the order in which the generators are tested (default: natural).
 */
export function lieTrace<S>(
  sys: FieldSystem<S>,
  x: Float64Array,
  p: number,
  target: number,
  maxLevel: number,
  fieldCache: Map<string, S>,
  order?: Int32Array,
): TraceResult {
  const D = sys.D;
  const acc = new Accumulator(D);
  const dense = new Float64Array(D);
  const seen = new Uint8Array(D);
  const ann = new Annihilator(D, p);
  const levels: TraceLevel[] = [];
  const kept: KeptField[] = [];

  const keptGens: number[] = [];
  const generatorValues: SparseVec[] = [];
  const genValues: SparseVec[] = [];
  // The generators are visited in `order` (a random permutation): the rank then saturates early,
  // after which each test costs O(#laws · nnz) instead of O(D · nnz) (path-liftings list paths by
  // input, so in natural order the last input's edges only appear at the very end).
  for (let t = 0; t < sys.count; t++) {
    const i = order === undefined ? t : order[t]!;
    const v = sys.generatorValue(i, x, p, acc);
    // Every generator is tested even in certifying mode so that the kept values span W(x).
    if (ann.add(v)) {
      const own = copyVec(v);
      keptGens.push(i);
      genValues.push(own);
      generatorValues.push(own);
    }
  }
  const rankJacobian = ann.rank;
  levels.push({ level: 1, rank: rankJacobian, kept: keptGens.length, tried: sys.count, skipped: 0 });
  keptGens.forEach((g) => {
    kept.push({ level: 1, key: `g${g}`, generator: g, parent: null });
  });
  if (ann.rank >= target || maxLevel <= 1) {
    return {
      rankJacobian,
      lieDim: ann.rank,
      levels,
      kept,
      truncated: false,
      annihilator: ann,
      generatorValues,
    };
  }

  const gens: Node[] = keptGens.map((g, slot) => {
    const at: FieldAtPoint = { value: genValues[slot] as SparseVec, jac: sys.generatorJacobian(g, x, p) };
    return { field: kept[slot] as KeptField, at, jacCols: distinctCols(at.jac, seen), genSlot: slot };
  });
  // Inverted indices: variable -> kept generators whose Jacobian has that column / whose value
  // has that coordinate.
  const byJacCol: number[][] = Array.from({ length: D }, () => []);
  const byValue: number[][] = Array.from({ length: D }, () => []);
  gens.forEach((g, slot) => {
    for (const c of g.jacCols) byJacCol[c]!.push(slot);
    for (let k = 0; k < g.at.value.n; k++) byValue[g.at.value.idx[k]!]!.push(slot);
  });
  const stamp = new Int32Array(gens.length).fill(-1);
  let stampId = 0;

  let frontier: Node[] = gens;
  let truncated = false;
  for (let level = 2; ; level++) {
    if (level > maxLevel) {
      truncated = true;
      break;
    }
    let tried = 0;
    let skipped = 0;
    const next: KeptField[] = [];
    let done = false;
    for (const Y of frontier) {
      stampId++;
      const cand: number[] = [];
      const visit = (list: number[]) => {
        for (const slot of list) {
          if (stamp[slot] !== stampId) {
            stamp[slot] = stampId;
            // At level 2 both factors are generators: [X_a, X_b] = −[X_b, X_a], [X_a, X_a] = 0.
            if (Y.genSlot < 0 || slot < Y.genSlot) cand.push(slot);
          }
        }
      };
      for (let k = 0; k < Y.at.value.n; k++) visit(byJacCol[Y.at.value.idx[k]!]!);
      for (const c of Y.jacCols) visit(byValue[c]!);
      const total = Y.genSlot >= 0 ? Y.genSlot : gens.length;
      skipped += total - cand.length;
      cand.sort((a, b) => a - b);
      for (const slot of cand) {
        const X = gens[slot] as Node;
        const v = bracketValue(X.at, Y.at, p, dense, acc);
        tried++;
        if (v.n > 0 && ann.add(v)) {
          const f: KeptField = {
            level,
            key: `[g${X.field.generator},${Y.field.key}]`,
            generator: X.field.generator,
            parent: Y.field,
          };
          next.push(f);
          kept.push(f);
          if (ann.rank >= target) {
            done = true;
            break;
          }
        }
      }
      if (done) break;
    }
    levels.push({ level, rank: ann.rank, kept: next.length, tried, skipped });
    if (done || next.length === 0) break;
    frontier = next.map((f) => {
      const sym = symbolicOf(sys, f, fieldCache);
      const at = sys.fieldAt(sym, x, p, acc);
      return { field: f, at, jacCols: distinctCols(at.jac, seen), genSlot: -1 };
    });
  }
  return { rankJacobian, lieDim: ann.rank, levels, kept, truncated, annihilator: ann, generatorValues };
}

/** The symbolic field of a kept field, built once per key and cached across points. */
export function symbolicOf<S>(sys: FieldSystem<S>, f: KeptField, cache: Map<string, S>): S {
  const hit = cache.get(f.key);
  if (hit !== undefined) return hit;
  let s: S;
  if (f.parent === null) s = sys.generatorSymbolic(f.generator);
  else
    s = sys.bracket(
      symbolicOf(sys, { level: 1, key: `g${f.generator}`, generator: f.generator, parent: null }, cache),
      symbolicOf(sys, f.parent, cache),
    );
  cache.set(f.key, s);
  return s;
}
