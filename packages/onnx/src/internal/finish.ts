// From the intermediate form to the network spec and the report: drop what reaches no output,
// number parameters in creation order (tensor by tensor, row-major), count paths exactly and list
// the channels of every hidden layer (their laws are filled in from @idyn/graph's symmetries).
import type { EdgeSpec, NetworkSpec, NodeSpec } from '@idyn/graph';
import type { OnnxImportLayer, OnnxImportReport, OnnxImportTensor } from '../OnnxImportReport.js';
import { FIXED_ONE, POOL_EDGE } from './builder.js';
import { channelOf } from './shape.js';
import type { TranslateResult } from './translate.js';

export function finish(
  tr: TranslateResult,
  model: OnnxImportReport['model'],
): {
  spec: NetworkSpec & { theta: number[]; paramNames: string[] };
  report: OnnxImportReport;
  channelNodes: Map<number, string[][]>;
} {
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

  const layers: OnnxImportLayer[] = [];
  // node ids of every channel of the hidden ReLU/identity layers, by index in `layers`
  const channelNodes = new Map<number, string[][]>();
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
    if (L.kind === 'hidden' && L.activation !== 'maxpool') {
      const { channels, of } = channelOf(L.shape);
      const members: string[][] = Array.from({ length: channels }, () => []);
      L.nodes.forEach((v, e) => {
        if (alive[v]) members[of[e]!]!.push(ids[v]!);
      });
      channelNodes.set(
        layers.length,
        members.filter((m) => m.length > 0),
      );
    }
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
      channelsWithLaw: 0,
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
    laws: { count: 0, hiddenChannels: 0, channelsWithLaw: 0 },
    folded: b.folded,
    notes,
  };
  return { spec: { nodes, edges, theta, paramNames }, report, channelNodes };
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
