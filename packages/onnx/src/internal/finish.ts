// From the intermediate form to the network spec and the report: drop what reaches no output,
// number parameters in creation order (tensor by tensor, row-major), count paths exactly and find
// the channels with a rescaling law.
import type { EdgeSpec, NetworkSpec, NodeSpec } from '@idyn/graph';
import type { OnnxImportLayer, OnnxImportReport, OnnxImportTensor } from '../OnnxImportReport.js';
import { FIXED_ONE, POOL_EDGE } from './builder.js';
import { channelOf } from './shape.js';
import type { TranslateResult } from './translate.js';

export function finish(
  tr: TranslateResult,
  model: OnnxImportReport['model'],
): { spec: NetworkSpec & { theta: number[]; paramNames: string[] }; report: OnnxImportReport } {
  const { b } = tr;
  const nNodes = b.nodeKind.length;
  const nEdges = b.eFrom.length;
  // nodes are created after their antecedents, so every edge goes from a lower to a higher index
  const alive = new Uint8Array(nNodes);
  for (let v = 0; v < nNodes; v++) if (b.nodeKind[v] !== 'hidden') alive[v] = 1;
  const outPtr = csr(nNodes, b.eFrom);
  const outList = fill(outPtr, b.eFrom);
  for (let v = nNodes - 1; v >= 0; v--) {
    if (b.nodeKind[v] !== 'hidden') continue;
    for (let j = outPtr[v]!; j < outPtr[v + 1]!; j++) {
      if (alive[b.eTo[outList[j]!]!]) {
        alive[v] = 1;
        break;
      }
    }
  }
  const keepEdge = (e: number): boolean => alive[b.eTo[e]!] === 1 && alive[b.eFrom[e]!] === 1;

  // parameters in creation order
  const D0 = b.pValue.length;
  const used = new Uint8Array(D0);
  for (let e = 0; e < nEdges; e++) if (keepEdge(e) && b.eParam[e]! >= 0) used[b.eParam[e]!] = 1;
  for (let v = 0; v < nNodes; v++) if (alive[v] && b.nodeBias[v]! >= 0) used[b.nodeBias[v]!] = 1;
  const newParam = new Int32Array(D0).fill(-1);
  const theta: number[] = [];
  const paramNames: string[] = [];
  for (let p = 0; p < D0; p++) {
    if (!used[p]) continue;
    newParam[p] = theta.length;
    theta.push(b.pValue[p]!);
    paramNames.push(b.pName[p]!);
  }

  // ids: inputs x<i>, hidden h<layer>_<element>, outputs y<k>
  const hiddenLayerNo = new Map<number, number>();
  let outputCount = 0;
  let inputCount = 0;
  const ids: string[] = new Array<string>(nNodes);
  const outputIdsStart = new Map<number, number>();
  for (let v = 0; v < nNodes; v++) {
    const kind = b.nodeKind[v]!;
    if (kind === 'input') ids[v] = `x${inputCount++}`;
    else if (kind === 'output') {
      const L = b.nodeLayer[v]!;
      if (!outputIdsStart.has(L)) outputIdsStart.set(L, outputCount);
      ids[v] = `y${outputCount++}`;
    } else if (alive[v]) {
      const L = b.nodeLayer[v]!;
      if (!hiddenLayerNo.has(L)) hiddenLayerNo.set(L, hiddenLayerNo.size + 1);
      ids[v] = `h${hiddenLayerNo.get(L)}_${b.nodePos[v]}`;
    }
  }
  const nodes: NodeSpec[] = [];
  const order = [
    ...range(nNodes).filter((v) => b.nodeKind[v] === 'input'),
    ...range(nNodes).filter((v) => b.nodeKind[v] === 'hidden' && alive[v]),
    ...range(nNodes).filter((v) => b.nodeKind[v] === 'output'),
  ];
  for (const v of order) {
    const kind = b.nodeKind[v]!;
    const node: NodeSpec = { id: ids[v]!, kind };
    if (kind === 'hidden') node.activation = b.nodeAct[v]!;
    if (b.nodeBias[v]! >= 0) {
      node.bias = true;
      node.biasParam = newParam[b.nodeBias[v]!]!;
    }
    nodes.push(node);
  }
  const edges: EdgeSpec[] = [];
  let maxpoolEdges = 0;
  let fixedEdges = 0;
  for (let e = 0; e < nEdges; e++) {
    if (!keepEdge(e)) continue;
    const p = b.eParam[e]!;
    const edge: EdgeSpec = { from: ids[b.eFrom[e]!]!, to: ids[b.eTo[e]!]! };
    if (p === POOL_EDGE) maxpoolEdges++;
    else if (p === FIXED_ONE) {
      fixedEdges++;
      edge.weight = 1;
    } else edge.param = newParam[p]!;
    edges.push(edge);
  }

  // exact path count: #paths(v) = [v output] + Σ_{v→w} #paths(w), over inputs and biased neurons
  const paths = new Array<bigint>(nNodes).fill(0n);
  let fromInputs = 0n;
  let fromBiases = 0n;
  for (let v = nNodes - 1; v >= 0; v--) {
    if (!alive[v]) continue;
    let s = b.nodeKind[v] === 'output' ? 1n : 0n;
    for (let j = outPtr[v]!; j < outPtr[v + 1]!; j++) {
      const e = outList[j]!;
      if (keepEdge(e)) s += paths[b.eTo[e]!]!;
    }
    paths[v] = s;
    if (b.nodeKind[v] === 'input') fromInputs += s;
    else if (b.nodeBias[v]! >= 0) fromBiases += s;
  }

  const lawInfo = rescalingChannels(tr, alive, keepEdge);
  const lawsByLayer = lawInfo.byLayer;

  const layers: OnnxImportLayer[] = [];
  const inDegree = new Int32Array(nNodes);
  for (let e = 0; e < nEdges; e++) if (keepEdge(e)) inDegree[b.eTo[e]!]!++;
  b.layers.forEach((L, li) => {
    let neurons = 0;
    let edgesIn = 0;
    for (const v of L.nodes) {
      if (!alive[v]) continue;
      neurons++;
      edgesIn += inDegree[v]!;
    }
    if (neurons === 0) return;
    const law = lawsByLayer.get(li);
    layers.push({
      id: L.kind === 'output' ? 'y' : `h${hiddenLayerNo.get(li)}`,
      kind: L.kind,
      activation: L.activation,
      shape: L.shape,
      ops: L.ops.map((o) => o.op),
      nodes: L.ops.map((o) => o.node),
      neurons,
      pruned: L.nodes.length - neurons,
      edges: edgesIn,
      channels: channelOf(L.shape).channels,
      channelsWithLaw: law?.withLaw ?? 0,
      notes: L.notes,
    });
  });
  const pruned = layers.reduce((s, l) => s + l.pruned, 0);
  const notes = [...b.notes];
  if (pruned > 0)
    notes.push(
      `${pruned} hidden neurons reach no output (e.g. a pooling or strided window skips them) and were dropped`,
    );
  if (lawInfo.tied > 0) {
    notes.push(
      `${lawInfo.tied} rescaling laws tie channels of several layers (joined by parameter-free skips): one law per tied group`,
    );
  }
  if (tr.input.source === 'model, batch set to 1')
    notes.push(`the dynamic batch axis of input "${tr.input.name}" was set to 1`);

  const tensors: OnnxImportTensor[] = [];
  for (const t of b.tensors) {
    let count = 0;
    let offset = -1;
    for (let p = t.start; p < t.start + t.size; p++) {
      if (newParam[p]! < 0) continue;
      if (offset < 0) offset = newParam[p]!;
      count++;
    }
    if (count > 0)
      tensors.push({
        name: t.name,
        role: t.role,
        shape: t.shape,
        count,
        offset,
        source: t.source,
        folded: t.folded,
      });
  }
  const biases = tensors.filter((t) => t.role === 'bias').reduce((s, t) => s + t.count, 0);
  const nInputs = order.filter((v) => b.nodeKind[v] === 'input').length;
  const nOutputs = outputCount;
  let hiddenChannels = 0;
  let channelsWithLaw = 0;
  for (const l of lawsByLayer.values()) {
    hiddenChannels += l.channels;
    channelsWithLaw += l.withLaw;
  }
  const report: OnnxImportReport = {
    model,
    input: { name: tr.input.name, shape: tr.input.shape, shapeSource: tr.input.source },
    outputs: tr.outputs.map((o) => ({ name: o.name, shape: o.shape })),
    layers,
    parameters: { D: theta.length, weights: theta.length - biases, biases, tensors },
    neurons: {
      inputs: nInputs,
      hidden: order.length - nInputs - nOutputs,
      outputs: nOutputs,
      total: order.length,
    },
    edges: {
      total: edges.length,
      weighted: edges.length - maxpoolEdges - fixedEdges,
      fixed: fixedEdges,
      maxpool: maxpoolEdges,
    },
    paths: { total: fromInputs + fromBiases, fromInputs, fromBiases },
    laws: { hiddenChannels, channelsWithLaw, laws: lawInfo.laws },
    folded: b.folded,
    notes,
  };
  return { spec: { nodes, edges, theta, paramNames }, report };
}

/**
 * Rescaling laws of channel groups. Channel c of a hidden ReLU/identity layer is a set of neurons;
 * sets joined by a parameter-free edge of fixed weight 1 (a residual skip) must rescale together,
 * and max-pool neurons join the set of their window (positive rescaling commutes with max). A
 * group G has the law h_G = Σ_in θ² − Σ_out θ² when every use of its incoming parameters (edges
 * into G from outside, biases of G) and of its outgoing parameters (edges out of G) is one of
 * those, and no fixed edge or pool links G to an input or output. Returns per layer the channels
 * whose group has a law, and the number of groups with a law.
 */
function rescalingChannels(
  tr: TranslateResult,
  alive: Uint8Array,
  keepEdge: (e: number) => boolean,
): { byLayer: Map<number, { channels: number; withLaw: number }>; laws: number; tied: number } {
  const { b } = tr;
  const nNodes = b.nodeKind.length;
  const nEdges = b.eFrom.length;
  // union-find over nodes: channel members, then fixed edges and pools
  const parent = Int32Array.from({ length: nNodes }, (_, i) => i);
  const find = (x: number): number => {
    let r = x;
    while (parent[r] !== r) r = parent[r]!;
    while (parent[x] !== r) {
      const next = parent[x]!;
      parent[x] = r;
      x = next;
    }
    return r;
  };
  const union = (x: number, y: number): void => {
    const a = find(x);
    const c = find(y);
    if (a !== c) parent[Math.max(a, c)] = Math.min(a, c);
  };
  const channelLayers: number[] = [];
  b.layers.forEach((L, li) => {
    if (L.kind !== 'hidden' || L.activation === 'maxpool') return;
    channelLayers.push(li);
    const { channels, of } = channelOf(L.shape);
    const first = new Int32Array(channels).fill(-1);
    L.nodes.forEach((v, e) => {
      if (!alive[v]) return;
      const c = of[e]!;
      if (first[c]! < 0) first[c] = v;
      else union(first[c]!, v);
    });
  });
  const grouped = (v: number): boolean => b.nodeKind[v] === 'hidden';
  const broken = new Uint8Array(nNodes); // per root after unions: touches an input/output
  const links: [number, number][] = [];
  for (let e = 0; e < nEdges; e++) {
    if (!keepEdge(e)) continue;
    const p = b.eParam[e]!;
    if (p !== FIXED_ONE && p !== POOL_EDGE) continue;
    links.push([b.eFrom[e]!, b.eTo[e]!]);
  }
  for (const [u, v] of links) if (grouped(u) && grouped(v)) union(u, v);
  for (const [u, v] of links) if (!grouped(u) || !grouped(v)) broken[find(grouped(u) ? u : v)] = 1;
  // parameter uses: total, and per group as incoming / outgoing
  const uses = new Int32Array(b.pValue.length);
  const inUse = new Map<number, Map<number, number>>();
  const outUse = new Map<number, Map<number, number>>();
  const bump = (m: Map<number, Map<number, number>>, g: number, p: number): void => {
    let inner = m.get(g);
    if (!inner) {
      inner = new Map();
      m.set(g, inner);
    }
    inner.set(p, (inner.get(p) ?? 0) + 1);
  };
  for (let e = 0; e < nEdges; e++) {
    if (!keepEdge(e)) continue;
    const p = b.eParam[e]!;
    if (p < 0) continue;
    uses[p]!++;
    const u = b.eFrom[e]!;
    const v = b.eTo[e]!;
    const gu = grouped(u) ? find(u) : -1;
    const gv = grouped(v) ? find(v) : -1;
    if (gu === gv) continue; // inside a group: unchanged by its rescaling
    if (gv >= 0) bump(inUse, gv, p);
    if (gu >= 0) bump(outUse, gu, p);
  }
  for (let v = 0; v < nNodes; v++) {
    const p = b.nodeBias[v]!;
    if (!alive[v] || p < 0) continue;
    uses[p]!++;
    if (grouped(v)) bump(inUse, find(v), p);
  }
  const lawOf = new Map<number, boolean>();
  const hasLaw = (g: number): boolean => {
    const known = lawOf.get(g);
    if (known !== undefined) return known;
    const ins = inUse.get(g);
    const outs = outUse.get(g);
    let ok = broken[g] === 0 && ins !== undefined && outs !== undefined;
    if (ok) {
      for (const [p, n] of ins!) if (outs!.has(p) || uses[p] !== n) ok = false;
      for (const [p, n] of outs!) if (uses[p] !== n) ok = false;
    }
    lawOf.set(g, ok);
    return ok;
  };
  const byLayer = new Map<number, { channels: number; withLaw: number }>();
  const roots = new Set<number>();
  const layersOfRoot = new Map<number, Set<number>>();
  for (const li of channelLayers) {
    const L = b.layers[li]!;
    const { channels, of } = channelOf(L.shape);
    const rootOf = new Int32Array(channels).fill(-1);
    L.nodes.forEach((v, e) => {
      if (alive[v]) rootOf[of[e]!] = find(v);
    });
    let present = 0;
    let withLaw = 0;
    for (const g of rootOf) {
      if (g < 0) continue;
      present++;
      if (!hasLaw(g)) continue;
      withLaw++;
      roots.add(g);
      let set = layersOfRoot.get(g);
      if (!set) {
        set = new Set();
        layersOfRoot.set(g, set);
      }
      set.add(li);
    }
    byLayer.set(li, { channels: present, withLaw });
  }
  let tied = 0;
  for (const set of layersOfRoot.values()) if (set.size > 1) tied++;
  return { byLayer, laws: roots.size, tied };
}

function csr(n: number, key: readonly number[]): Int32Array {
  const ptr = new Int32Array(n + 1);
  for (const v of key) ptr[v + 1]!++;
  for (let v = 0; v < n; v++) ptr[v + 1]! += ptr[v]!;
  return ptr;
}

function fill(ptr: Int32Array, key: readonly number[]): Int32Array {
  const pos = ptr.slice(0, -1);
  const list = new Int32Array(key.length);
  key.forEach((v, e) => {
    list[pos[v]!++] = e;
  });
  return list;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
