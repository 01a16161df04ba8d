/**
 * What the DAG drawing shows, within the size budget: small networks neuron by neuron; a layer with
 * more than {@link DAG_MAX_LAYER} neurons as one box (`h1_* ×50`), the edges between two boxes as
 * one arrow; a network with too many boxes even then is not drawn (with the reason). Pure: runs in
 * the worker before anything is rendered.
 */
import type { DagEdge, DagNode } from '@idyn/plot';
import type { NetworkSpec, NodeKind } from '@idyn/graph';
import { DAG_MAX_EDGES, DAG_MAX_LAYER, DAG_MAX_NODES, sizeText } from './budget.js';

/** The drawing of a network within the budget. */
export interface DagView {
  /** Boxes (a neuron, or a collapsed group `L<layer>:<kind>`). */
  nodes: DagNode[];
  edges: DagEdge[];
  /** The highlighted path in boxes (empty when none). */
  highlight: string[];
  /** Number of layers drawn as one box. */
  collapsed: number;
  /** Neurons and edges in the network. */
  neurons: number;
  connections: number;
  /** Why nothing is drawn (too many boxes even collapsed), else null. */
  refused: string | null;
  /** Height of the figure (px), from the tallest column. */
  height: number;
  /** One sentence: what the drawing shows (its accessible description). */
  description: string;
}

/**
 * Longest-path layers of an acyclic draft (inputs 0, outputs last), or null on a cycle.
 * @param spec - nodes and edges (unknown endpoints are ignored)
 */
export function layersOf(spec: NetworkSpec): Map<string, number> | null {
  const indeg = new Map<string, number>();
  const out = new Map<string, string[]>();
  for (const n of spec.nodes) indeg.set(n.id, 0);
  for (const e of spec.edges) {
    if (!indeg.has(e.from) || !indeg.has(e.to)) continue;
    indeg.set(e.to, indeg.get(e.to)! + 1);
    push(out, e.from, e.to);
  }
  const layer = new Map<string, number>();
  const queue = spec.nodes.filter((n) => indeg.get(n.id) === 0).map((n) => n.id);
  for (const id of queue) layer.set(id, 0);
  for (let q = 0; q < queue.length; q++) {
    const v = queue[q]!;
    for (const w of out.get(v) ?? []) {
      layer.set(w, Math.max(layer.get(w) ?? 0, layer.get(v)! + 1));
      indeg.set(w, indeg.get(w)! - 1);
      if (indeg.get(w) === 0) queue.push(w);
    }
  }
  if (queue.length < spec.nodes.length) return null;
  const last = Math.max(0, ...layer.values());
  for (const n of spec.nodes) if (n.kind === 'output') layer.set(n.id, last);
  return layer;
}

/** `h1_* ×50` from ids `h1_0 … h1_49` (their common stem), else `50 hidden`. */
function groupLabel(ids: string[], kind: NodeKind): string {
  let stem = ids[0] ?? '';
  for (const id of ids) while (!id.startsWith(stem)) stem = stem.slice(0, -1);
  stem = stem.replace(/\d+$/, '');
  return stem.length > 0 ? `${stem}* ×${ids.length}` : `${ids.length} ${kind}`;
}

/**
 * The drawing of a (draft) network within the budget.
 * @param spec - the network (acyclic)
 * @param path - node ids of a path to highlight (may be empty)
 * @param layers - its layers ({@link layersOf})
 */
export function dagView(spec: NetworkSpec, path: readonly string[], layers: Map<string, number>): DagView {
  const neurons = spec.nodes.length;
  const connections = spec.edges.length;
  const kindOf = new Map(spec.nodes.map((n) => [n.id, n.kind] as const));
  const buckets = new Map<string, string[]>();
  for (const n of spec.nodes) {
    const key = `L${layers.get(n.id) ?? 0}:${n.kind}`;
    push(buckets, key, n.id);
  }
  const build = (limit: number) => {
    const group = new Map<string, string>();
    const nodes: DagNode[] = [];
    let collapsed = 0;
    const columns = new Map<number, number>();
    for (const [key, ids] of buckets) {
      const col = Number(key.slice(1, key.indexOf(':')));
      const kind = kindOf.get(ids[0]!)!;
      if (ids.length > limit) {
        collapsed++;
        nodes.push({ id: key, kind, label: groupLabel(ids, kind) });
        for (const id of ids) group.set(id, key);
        columns.set(col, (columns.get(col) ?? 0) + 1);
      } else {
        for (const id of ids) {
          nodes.push({ id, kind });
          group.set(id, id);
        }
        columns.set(col, (columns.get(col) ?? 0) + ids.length);
      }
    }
    const seen = new Set<string>();
    const edges: DagEdge[] = [];
    for (const e of spec.edges) {
      const from = group.get(e.from);
      const to = group.get(e.to);
      if (from === undefined || to === undefined || from === to) continue;
      const k = `${from}\u0000${to}`;
      if (seen.has(k)) continue;
      seen.add(k);
      edges.push({ from, to });
    }
    const highlight: string[] = [];
    for (const id of path) {
      const g = group.get(id);
      if (g !== undefined && highlight[highlight.length - 1] !== g) highlight.push(g);
    }
    return { nodes, edges, highlight, collapsed, tallest: Math.max(1, ...columns.values()) };
  };
  let v = build(DAG_MAX_LAYER);
  if (v.nodes.length > DAG_MAX_NODES || v.edges.length > DAG_MAX_EDGES) v = build(0);
  const refused =
    v.nodes.length > DAG_MAX_NODES || v.edges.length > DAG_MAX_EDGES
      ? `Not drawn: even with every layer as one box the drawing would have ${sizeText(v.nodes.length)} boxes and ${sizeText(v.edges.length)} arrows (the page draws up to ${DAG_MAX_NODES} and ${DAG_MAX_EDGES}).`
      : null;
  const description =
    refused ??
    (v.collapsed === 0
      ? `The network drawn left to right, inputs first: ${neurons} neurons and ${connections} edges${v.highlight.length > 1 ? `; the highlighted path is ${path.join(' → ')}` : ''}.`
      : `The network drawn left to right with ${v.collapsed} large layer${v.collapsed > 1 ? 's' : ''} shown as one box each (${sizeText(neurons)} neurons and ${sizeText(connections)} edges in all; an arrow stands for every edge between two boxes).`);
  return {
    nodes: refused ? [] : v.nodes,
    edges: refused ? [] : v.edges,
    highlight: refused ? [] : v.highlight,
    collapsed: v.collapsed,
    neurons,
    connections,
    refused,
    height: Math.min(560, Math.max(240, 30 * v.tallest + 60)),
    description,
  };
}

/** Appends to the list of a key. */
function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
