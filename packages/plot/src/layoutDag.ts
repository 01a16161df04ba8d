import type { DagEdge, DagNode } from './spec.js';

/** Options of {@link layoutDag}. */
export interface LayoutDagOptions {
  /** Number of down-and-up barycentre sweeps. @default 8 */
  sweeps?: number;
}

/** A point an edge passes through on its way across intermediate layers. */
export interface LayoutDagRoute {
  /** Id of the edge's source node. */
  from: string;
  /** Id of the edge's target node. */
  to: string;
  /** Layer and slot of each intermediate (dummy) point, one per crossed layer. */
  via: { layer: number; slot: number }[];
}

/** Result of {@link layoutDag}. */
export interface LayoutDagResult {
  /** Layer index of each node id (0 = sources). */
  layer: Record<string, number>;
  /** Slot of each node id within its layer (0 = top), counting dummy points of long edges. */
  slot: Record<string, number>;
  /** Number of slots (nodes plus dummy points) in each layer. */
  layerSizes: number[];
  /** One route per input edge, in input order. */
  routes: LayoutDagRoute[];
  /** Number of edge crossings between adjacent layers in the chosen ordering. */
  crossings: number;
}

interface Item {
  key: string;
  layer: number;
}

/**
 * Layered (Sugiyama-style) layout of a DAG: longest-path layering (sources in layer 0, every edge
 * points to a later layer; output nodes without successors moved to the last layer), long edges
 * split into dummy points, then alternating down/up barycentre sweeps, keeping the ordering with
 * the fewest crossings.
 *
 * @param nodes - nodes (ids unique); kinds are used only to place outputs last
 * @param edges - edges between node ids; the graph must be acyclic
 * @param options - {@link LayoutDagOptions}
 * @returns layer and slot per node, edge routes, and the crossing count
 * @throws RangeError if an edge names an unknown node or the graph has a cycle
 * @example
 * const r = layoutDag(
 *   [{ id: 'a', kind: 'input' }, { id: 'b', kind: 'hidden' }, { id: 'c', kind: 'output' }],
 *   [{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }],
 * );
 * r.layer; // { a: 0, b: 1, c: 2 }
 * @see Sugiyama, Tagawa, Toda (1981), Methods for visual understanding of hierarchical system structures
 */
export function layoutDag(
  nodes: readonly DagNode[],
  edges: readonly DagEdge[],
  options: LayoutDagOptions = {},
): LayoutDagResult {
  const sweeps = options.sweeps ?? 8;
  const ids = nodes.map((n) => n.id);
  const known = new Set(ids);
  const preds = new Map<string, string[]>(ids.map((id) => [id, []]));
  const succs = new Map<string, string[]>(ids.map((id) => [id, []]));
  edges.forEach((e, i) => {
    if (!known.has(e.from))
      throw new RangeError(`layoutDag: edges[${i}].from is ${JSON.stringify(e.from)}, not a node id`);
    if (!known.has(e.to))
      throw new RangeError(`layoutDag: edges[${i}].to is ${JSON.stringify(e.to)}, not a node id`);
    preds.get(e.to)?.push(e.from);
    succs.get(e.from)?.push(e.to);
  });
  // Kahn's algorithm gives a topological order (and detects cycles).
  const indeg = new Map(ids.map((id) => [id, preds.get(id)?.length ?? 0]));
  const queue = ids.filter((id) => indeg.get(id) === 0);
  const topo: string[] = [];
  while (queue.length > 0) {
    const v = queue.shift() as string;
    topo.push(v);
    for (const w of succs.get(v) ?? []) {
      const d = (indeg.get(w) as number) - 1;
      indeg.set(w, d);
      if (d === 0) queue.push(w);
    }
  }
  if (topo.length !== ids.length) {
    const stuck = ids.find((id) => (indeg.get(id) as number) > 0);
    throw new RangeError(`layoutDag: the edges contain a cycle through node ${JSON.stringify(stuck)}`);
  }
  const layer: Record<string, number> = {};
  for (const v of topo) {
    let l = 0;
    for (const u of preds.get(v) ?? []) l = Math.max(l, layer[u]! + 1);
    layer[v] = l;
  }
  const maxLayer = Math.max(0, ...Object.values(layer));
  for (const n of nodes) {
    if (n.kind === 'output' && (succs.get(n.id)?.length ?? 0) === 0) layer[n.id] = maxLayer;
  }

  // Build the layered graph with dummy points on long edges.
  const layers: Item[][] = Array.from({ length: maxLayer + 1 }, () => []);
  for (const id of ids) layers[layer[id]!]?.push({ key: id, layer: layer[id]! });
  const up = new Map<string, string[]>();
  const down = new Map<string, string[]>();
  const link = (a: string, b: string) => {
    down.set(a, [...(down.get(a) ?? []), b]);
    up.set(b, [...(up.get(b) ?? []), a]);
  };
  const routeKeys: string[][] = [];
  edges.forEach((e, i) => {
    const l0 = layer[e.from]!;
    const l1 = layer[e.to]!;
    const chain: string[] = [];
    let prev = e.from;
    for (let l = l0 + 1; l < l1; l++) {
      const key = `\u0000${i}:${l}`;
      layers[l]?.push({ key, layer: l });
      chain.push(key);
      link(prev, key);
      prev = key;
    }
    link(prev, e.to);
    routeKeys.push(chain);
  });

  const order: string[][] = layers.map((items) => items.map((it) => it.key));
  const countCrossings = (ord: string[][]): number => {
    let total = 0;
    for (let l = 0; l + 1 < ord.length; l++) {
      const pos = new Map((ord[l + 1] as string[]).map((k, i) => [k, i]));
      const segs: [number, number][] = [];
      (ord[l] as string[]).forEach((k, i) => {
        for (const t of down.get(k) ?? []) segs.push([i, pos.get(t) as number]);
      });
      for (let a = 0; a < segs.length; a++) {
        for (let b = a + 1; b < segs.length; b++) {
          const [a0, a1] = segs[a] as [number, number];
          const [b0, b1] = segs[b] as [number, number];
          if ((a0 - b0) * (a1 - b1) < 0) total++;
        }
      }
    }
    return total;
  };
  const reorder = (ord: string[][], l: number, ref: string[], nbrs: Map<string, string[]>) => {
    const pos = new Map(ref.map((k, i) => [k, i]));
    const current = ord[l] as string[];
    const bary = current.map((k, i) => {
      const ns = nbrs.get(k) ?? [];
      if (ns.length === 0) return i;
      let s = 0;
      for (const n of ns) s += pos.get(n) as number;
      return s / ns.length;
    });
    const idx = current.map((_, i) => i);
    // Stable: ties keep the current order.
    idx.sort((a, b) => bary[a]! - bary[b]! || a - b);
    ord[l] = idx.map((i) => current[i] as string);
  };
  let best = order.map((l) => [...l]);
  let bestCrossings = countCrossings(best);
  const work = order.map((l) => [...l]);
  for (let s = 0; s < sweeps && bestCrossings > 0; s++) {
    for (let l = 1; l < work.length; l++) reorder(work, l, work[l - 1] as string[], up);
    for (let l = work.length - 2; l >= 0; l--) reorder(work, l, work[l + 1] as string[], down);
    const c = countCrossings(work);
    if (c < bestCrossings) {
      bestCrossings = c;
      best = work.map((l) => [...l]);
    }
  }
  const slotOf = new Map<string, number>();
  for (const l of best) {
    l.forEach((k, i) => {
      slotOf.set(k, i);
    });
  }
  const slot: Record<string, number> = {};
  for (const id of ids) slot[id] = slotOf.get(id) as number;
  const routes: LayoutDagRoute[] = edges.map((e, i) => ({
    from: e.from,
    to: e.to,
    via: (routeKeys[i] as string[]).map((k, j) => ({
      layer: layer[e.from]! + 1 + j,
      slot: slotOf.get(k) as number,
    })),
  }));
  return { layer, slot, layerSizes: best.map((l) => l.length), routes, crossings: bestCrossings };
}
