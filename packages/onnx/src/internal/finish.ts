// From the intermediate form to the network spec and the report: drop what reaches no output,
// number parameters in creation order (tensor by tensor, row-major), count paths exactly and find
// the channels with a rescaling law.
import type { OnnxImportLayer, OnnxImportReport, OnnxImportTensor } from '../OnnxImportReport.js';
import type { TranslateResult } from './translate.js';
import { channelOf } from './shape.js';

/** The JSON network spec with shared parameters (the format of @idyn/graph). */
export interface SharedSpec {
  nodes: {
    id: string;
    kind: 'input' | 'hidden' | 'output';
    activation?: 'relu' | 'identity' | 'maxpool';
    bias?: boolean;
    biasParam?: number;
  }[];
  edges: { from: string; to: string; param?: number }[];
  theta: number[];
  paramNames: string[];
}

export function finish(
  tr: TranslateResult,
  model: OnnxImportReport['model'],
): { spec: SharedSpec; report: OnnxImportReport } {
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
  const nodes: SharedSpec['nodes'] = [];
  const order = [
    ...range(nNodes).filter((v) => b.nodeKind[v] === 'input'),
    ...range(nNodes).filter((v) => b.nodeKind[v] === 'hidden' && alive[v]),
    ...range(nNodes).filter((v) => b.nodeKind[v] === 'output'),
  ];
  for (const v of order) {
    const kind = b.nodeKind[v]!;
    const node: SharedSpec['nodes'][number] = { id: ids[v]!, kind };
    if (kind === 'hidden') node.activation = b.nodeAct[v]!;
    if (b.nodeBias[v]! >= 0) {
      node.bias = true;
      node.biasParam = newParam[b.nodeBias[v]!]!;
    }
    nodes.push(node);
  }
  const edges: SharedSpec['edges'] = [];
  let maxpoolEdges = 0;
  for (let e = 0; e < nEdges; e++) {
    if (!keepEdge(e)) continue;
    const p = b.eParam[e]!;
    if (p < 0) {
      maxpoolEdges++;
      edges.push({ from: ids[b.eFrom[e]!]!, to: ids[b.eTo[e]!]! });
    } else edges.push({ from: ids[b.eFrom[e]!]!, to: ids[b.eTo[e]!]!, param: newParam[p]! });
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

  const lawsByLayer = rescalingChannels(tr, alive, keepEdge, outPtr, outList);

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
    edges: { total: edges.length, weighted: edges.length - maxpoolEdges, maxpool: maxpoolEdges },
    paths: { total: fromInputs + fromBiases, fromInputs, fromBiases },
    laws: { hiddenChannels, channelsWithLaw },
    folded: b.folded,
    notes,
  };
  return { spec: { nodes, edges, theta, paramNames }, report };
}

/**
 * Channels with a rescaling law, per hidden (ReLU or identity) layer. Channel c of a layer is a
 * set G of neurons; a following max-pool whose windows lie inside G joins it (positive rescaling
 * commutes with max). The law exists when every use of the parameters into G (weights, biases)
 * is into G, and every use of the parameters out of G (and its pools) is out of them.
 */
function rescalingChannels(
  tr: TranslateResult,
  alive: Uint8Array,
  keepEdge: (e: number) => boolean,
  outPtr: Int32Array,
  outList: Int32Array,
): Map<number, { channels: number; withLaw: number }> {
  const { b } = tr;
  const nNodes = b.nodeKind.length;
  const inPtr = csr(nNodes, b.eTo);
  const inList = fill(inPtr, b.eTo);
  const uses = new Int32Array(b.pValue.length);
  for (let e = 0; e < b.eFrom.length; e++) if (keepEdge(e) && b.eParam[e]! >= 0) uses[b.eParam[e]!]!++;
  for (let v = 0; v < nNodes; v++) if (alive[v] && b.nodeBias[v]! >= 0) uses[b.nodeBias[v]!]!++;
  const result = new Map<number, { channels: number; withLaw: number }>();
  b.layers.forEach((L, li) => {
    if (L.kind !== 'hidden' || L.activation === 'maxpool') return;
    const { channels, of } = channelOf(L.shape);
    const groups: number[][] = Array.from({ length: channels }, () => []);
    L.nodes.forEach((v, e) => {
      if (alive[v]) groups[of[e]!]!.push(v);
    });
    let present = 0;
    let withLaw = 0;
    for (const g of groups) {
      if (g.length === 0) continue;
      present++;
      if (hasLaw(g)) withLaw++;
    }
    result.set(li, { channels: present, withLaw });
  });
  return result;

  function hasLaw(group: number[]): boolean {
    const members = new Set(group);
    const inCount = new Map<number, number>();
    const outCount = new Map<number, number>();
    const count = (m: Map<number, number>, p: number) => m.set(p, (m.get(p) ?? 0) + 1);
    for (const v of group) {
      for (let j = inPtr[v]!; j < inPtr[v + 1]!; j++) {
        const e = inList[j]!;
        if (keepEdge(e)) count(inCount, b.eParam[e]!);
      }
      if (b.nodeBias[v]! >= 0) count(inCount, b.nodeBias[v]!);
    }
    // the group's out-edges; max-pool heads join the group (their windows must lie inside it)
    const frontier = [...group];
    while (frontier.length > 0) {
      const v = frontier.pop()!;
      for (let j = outPtr[v]!; j < outPtr[v + 1]!; j++) {
        const e = outList[j]!;
        if (!keepEdge(e)) continue;
        const w = b.eTo[e]!;
        if (b.nodeAct[w] === 'maxpool' && b.nodeKind[w] === 'hidden') {
          if (!members.has(w)) {
            members.add(w);
            frontier.push(w);
            for (let i = inPtr[w]!; i < inPtr[w + 1]!; i++) {
              const f = inList[i]!;
              if (keepEdge(f) && !members.has(b.eFrom[f]!) && b.nodeAct[b.eFrom[f]!] !== 'maxpool')
                return false;
            }
          }
        } else count(outCount, b.eParam[e]!);
      }
    }
    // pools of pools: every antecedent of a member pool must be a member
    for (const w of members) {
      if (b.nodeAct[w] !== 'maxpool') continue;
      for (let i = inPtr[w]!; i < inPtr[w + 1]!; i++) {
        const f = inList[i]!;
        if (keepEdge(f) && !members.has(b.eFrom[f]!)) return false;
      }
    }
    if (outCount.size === 0) return false;
    for (const [p, n] of inCount) if (p < 0 || outCount.has(p) || uses[p] !== n) return false;
    for (const [p, n] of outCount) if (p < 0 || uses[p] !== n) return false;
    return true;
  }
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
