/**
 * What the network page shows, computed in the worker within the size budget: the structure (D,
 * neurons, edges, the exact number of paths d, shared parameters), the DAG drawing (collapsed for
 * large layers), the paths to highlight, the number of conservation laws with the method that
 * counted it (`countNetworkLaws` of `@idyn/conservation`: the exact Lie trace on small networks,
 * the structural rescaling count without enumeration on large or shared ones), and the law
 * formulas. `attention:d:k:v:e[:heads]` is a lifting without a DAG (D, d, the closed-form count
 * with its per-head / cross-head split, checked by the exact Lie trace when D is small); a
 * dropped `.onnx` file is imported with `importOnnx` (θ from the file: path-norms too).
 * Each part is posted as soon as it is known.
 */
import { attentionLawCount, countLaws, countNetworkLaws, findLaws } from '@idyn/conservation';
import type { Network, NetworkSpec } from '@idyn/graph';
import {
  attentionLifting,
  countPaths,
  type Lifting,
  parseAttentionSpec,
  pathLifting,
  pathNorm,
} from '@idyn/lifting';
import { importOnnx } from '@idyn/onnx';
import { dagPlot, renderSvg } from '@idyn/plot';
import { EDITOR_MAX_EDGES, MAX_LISTED_PATHS, SITE_MAX_EDGES, sizeText, smallerPreset } from './budget.js';
import { explainMessage } from './messages.js';
import { draftProblems, readSpec, validateSpec } from './netEdit.js';
import { type DagView, dagView, layersOf } from './netView.js';
import type { Reporter } from './protocol.js';

/** Paths up to which the exact Lie trace, the path list and the formulas are computed. */
export const MAX_ANALYSIS_PATHS = 20000;
/** Largest D of an attention block whose law count is checked by the exact Lie trace. */
export const MAX_ATTENTION_TRACE_D = 200;

/** Where the network comes from: the page's text (preset, attention, JSON) or a dropped file. */
export type NetSource = { kind: 'text'; text: string } | { kind: 'onnx'; name: string; bytes: Uint8Array };

/** The structure of the network (or of an attention block). */
export interface Structure {
  /** `network` (a DAG) or `attention` (a lifting without a DAG). */
  kind: 'network' | 'attention';
  /** Where it came from, in words. */
  source: string;
  D: number;
  neurons: number | null;
  edges: number | null;
  /** Exact number of paths (decimal: may exceed 2^53), null for attention. */
  paths: string | null;
  pathsFromBiases: string | null;
  /** Lifted coordinates of attention (d² + e·d), null for networks (d = paths). */
  d: number | null;
  /** Parameters carried by more than one edge (convolutions), and edges with a fixed weight. */
  sharedParams: number;
  fixedEdges: number;
  /** ‖Φ(θ)‖₁ and ‖Φ(θ)‖₂² at the file's θ (ONNX), else null. */
  pathNorms: { l1: number; l2squared: number } | null;
  /** The imported model's layers (ONNX), else null. */
  onnx: OnnxSummary | null;
  /** The spec when the page may list it (ONNX up to the editor budget; θ left out). */
  spec: NetworkSpec | null;
}

/** What the page lists about an imported model. */
export interface OnnxSummary {
  producer: string;
  input: string;
  layers: { id: string; activation: string; shape: string; ops: string; neurons: number; edges: number }[];
  folded: string[];
  notes: string[];
}

/** The law count shown, with how it was obtained. */
export interface LawView {
  D: number;
  laws: number;
  lieDim: number;
  rankJacobian: number;
  frobenius: boolean;
  /** `lie-trace` (exact, enumerated), `rescaling` (structural, no enumeration), `closed form`. */
  method: string;
  /** Why this method, and what it proves. */
  reason: string;
  proof: string;
  /** Independent known laws (h_v, Gram differences) and whether they are all the laws. */
  knownLaws: number | null;
  complete: boolean | null;
  /** rank per bracket level of the Lie trace, null without one. */
  levels: { level: number; rank: number }[] | null;
  /** Attention: the split of the count, and the exact trace's count when it ran. */
  attention: {
    queryKey: number;
    valueOutput: number;
    perHead: number;
    crossHead: number;
    exact: number | null;
  } | null;
}

/** Law formulas of one degree. */
export interface LawFormulas {
  degree: number;
  formulas: string[];
  error: string | null;
}

/** The parts the worker posts, in order. */
export type NetPartial =
  | { kind: 'net-structure'; structure: Structure }
  | { kind: 'net-problems'; problems: string[] }
  | { kind: 'net-dag'; svg: string | null; view: DagView | null; note: string }
  | { kind: 'net-paths'; labels: string[]; total: string; index: number; highlight: string[] }
  | { kind: 'net-laws'; laws: LawView }
  | { kind: 'net-formulas'; formulas: LawFormulas };

/** A refusal of the size budget, with a smaller view when there is one. */
export class TooLargeError extends RangeError {
  constructor(
    message: string,
    readonly suggestion: string | null,
  ) {
    super(message);
    this.name = 'TooLargeError';
  }
}

/** The node ids of a path label `x0→h1_0→y0` (a bias path starts `b(h1_0)→…`). */
function pathNodes(label: string): string[] {
  return label.split('→').map((id, i) => (i === 0 ? id.replace(/^b\((.*)\)$/, '$1') : id));
}

function checkAbort(signal: AbortSignal): void {
  if (signal.aborted)
    throw signal.reason instanceof Error ? signal.reason : new DOMException('cancelled', 'AbortError');
}

/** The DAG drawing of a (draft) spec within the budget, as an SVG string (null when not drawn). */
export function drawDag(
  spec: NetworkSpec,
  highlight: readonly string[],
): { svg: string | null; view: DagView | null; note: string } {
  const layers = layersOf(spec);
  if (layers === null)
    return { svg: null, view: null, note: 'The draft has a cycle: it cannot be drawn in layers.' };
  const view = dagView(spec, highlight, layers);
  if (view.refused !== null) return { svg: null, view, note: view.refused };
  const fig = dagPlot(
    {
      nodes: view.nodes,
      edges: view.edges,
      ...(view.highlight.length > 1 ? { highlight: view.highlight } : {}),
    },
    {
      title:
        view.highlight.length > 1
          ? `path ${highlight.join(' → ')}`
          : view.collapsed > 0
            ? 'Network (large layers collapsed)'
            : 'Network',
      width: 560,
      height: view.height,
    },
  );
  return { svg: renderSvg(fig, { idPrefix: 'dag' }), view, note: view.description };
}

function onnxSummary(report: ReturnType<typeof importOnnx>['report']): OnnxSummary {
  return {
    producer: `${report.model.producer || 'unknown producer'}, opset ${report.model.opset}`,
    input: `${report.input.name} [${report.input.shape.join('×')}] (${report.input.shapeSource})`,
    layers: report.layers.map((l) => ({
      id: l.id,
      activation: l.activation,
      shape: l.shape.join('×'),
      ops: l.ops.join(', '),
      neurons: l.neurons,
      edges: l.edges,
    })),
    folded: [...report.folded],
    notes: [...report.notes],
  };
}

/** Reads the source into a spec (with θ for files), refusing above the budget before expanding. */
function readSource(
  source: NetSource,
):
  | { spec: NetworkSpec; theta: number[] | null; label: string; onnx: OnnxSummary | null }
  | { attention: string } {
  if (source.kind === 'onnx') {
    const r = importOnnx(source.bytes, { maxEdges: SITE_MAX_EDGES });
    const { theta, ...spec } = r.spec;
    return { spec, theta, label: `the file ${source.name}`, onnx: onnxSummary(r.report) };
  }
  const text = source.text.trim();
  const r = readSpec(text, SITE_MAX_EDGES);
  if (r.kind === 'attention') return { attention: text };
  if (r.kind === 'large') {
    const smaller = smallerPreset(text, r.edges, SITE_MAX_EDGES / 10);
    throw new TooLargeError(
      `${text} has ${sizeText(r.edges)} edges, more than the ${sizeText(SITE_MAX_EDGES)} this page builds (the idyn CLI takes up to 2,000,000).${smaller ? ` A smaller network of the same shape: ${smaller}.` : ''}`,
      smaller,
    );
  }
  if (r.kind === 'error') throw new RangeError(r.error);
  return { spec: r.spec, theta: null, label: text.startsWith('{') ? 'the edited network' : text, onnx: null };
}

/**
 * Analyses the network of `source` and posts each part as it is known (see {@link NetPartial}).
 * @throws RangeError (worded for the page) when the source cannot be read or is over the budget
 */
export async function analyzeNetwork(
  source: NetSource,
  pathIndex: number,
  degree: number,
  r: Reporter,
): Promise<void> {
  r.progress({ label: 'reading the network', fraction: 0 });
  const read = readSource(source);
  if ('attention' in read) {
    analyzeAttention(read.attention, degree, r);
    return;
  }
  const { spec, theta, label, onnx } = read;
  checkAbort(r.signal);
  const problems = draftProblems(spec);
  if (problems.length > 0) {
    r.partial({ kind: 'net-problems', problems });
    r.partial({ kind: 'net-dag', ...drawDag(spec, []) });
    return;
  }
  const v = validateSpec(spec);
  if (v.net === null) {
    r.partial({ kind: 'net-problems', problems: [v.error] });
    r.partial({ kind: 'net-dag', ...drawDag(spec, []) });
    return;
  }
  const net = v.net;
  r.progress({ label: 'counting paths', fraction: 0.1 });
  const counts = countPaths(net);
  const sharedParams = countShared(net);
  r.partial({
    kind: 'net-structure',
    structure: {
      kind: 'network',
      source: label,
      D: net.D,
      neurons: net.nodes.length,
      edges: net.edges.length,
      paths: counts.total.toString(),
      pathsFromBiases: counts.fromBiases.toString(),
      d: null,
      sharedParams,
      fixedEdges: net.fixedWeight.filter((w) => !Number.isNaN(w)).length,
      pathNorms:
        theta === null
          ? null
          : {
              l1: pathNorm(net, theta, { q: 1, gradient: false }).value,
              l2squared: pathNorm(net, theta, { q: 2, gradient: false }).value,
            },
      onnx,
      spec: onnx !== null && spec.edges.length <= EDITOR_MAX_EDGES ? spec : null,
    },
  });
  checkAbort(r.signal);
  const small = counts.total <= BigInt(MAX_ANALYSIS_PATHS);
  let lifting: Lifting | null = null;
  let highlight: string[] = [];
  if (small) {
    r.progress({ label: 'listing the paths', fraction: 0.2 });
    lifting = pathLifting(net);
    const labels = lifting.zLabels;
    const index = pathIndex >= 0 && pathIndex < labels.length ? pathIndex : -1;
    highlight = index < 0 ? [] : pathNodes(labels[index]!);
    r.partial({
      kind: 'net-paths',
      labels: labels.slice(0, MAX_LISTED_PATHS),
      total: String(labels.length),
      index,
      highlight,
    });
  } else
    r.partial({ kind: 'net-paths', labels: [], total: counts.total.toString(), index: -1, highlight: [] });
  r.progress({ label: 'drawing the network', fraction: 0.3 });
  r.partial({ kind: 'net-dag', ...drawDag(spec, highlight) });
  checkAbort(r.signal);
  r.progress({
    label: small ? 'counting laws (exact Lie trace)' : 'counting laws (rescaling symmetries)',
    fraction: 0.4,
  });
  await yieldToMessages();
  checkAbort(r.signal);
  const c = countNetworkLaws(net, { mode: 'blind' });
  r.partial({
    kind: 'net-laws',
    laws: {
      D: c.D,
      laws: c.laws,
      lieDim: c.lieDim,
      rankJacobian: c.rankJacobian,
      frobenius: c.trace?.frobenius ?? c.lieDim === c.rankJacobian,
      method: c.method,
      reason: c.reason,
      proof: c.proof,
      knownLaws: c.knownLaws,
      complete: c.complete,
      levels: c.trace === null ? null : c.trace.levels.map((l) => ({ level: l.level, rank: l.rank })),
      attention: null,
    },
  });
  r.progress({ label: `solving for degree-${degree} formulas`, fraction: 0.8 });
  await yieldToMessages();
  checkAbort(r.signal);
  r.partial({ kind: 'net-formulas', formulas: formulasOf(lifting, degree) });
}

/** Number of parameters carried by more than one edge or bias. */
function countShared(net: Network): number {
  let shared = 0;
  for (let p = 0; p < net.D; p++) if (net.paramEdges[p]!.length + net.paramBiasNodes[p]!.length > 1) shared++;
  return shared;
}

function formulasOf(lifting: Lifting | null, degree: number): LawFormulas {
  if (lifting === null)
    return {
      degree,
      formulas: [],
      error: `The formulas are solved for networks with at most ${sizeText(MAX_ANALYSIS_PATHS)} paths.`,
    };
  try {
    return { degree, formulas: findLaws(lifting, { degree }).laws.map((l) => l.text), error: null };
  } catch (error) {
    return { degree, formulas: [], error: explainMessage((error as Error).message).text };
  }
}

function analyzeAttention(text: string, degree: number, r: Reporter): void {
  const shape = parseAttentionSpec(text);
  const lift = attentionLifting(shape);
  r.partial({
    kind: 'net-structure',
    structure: {
      kind: 'attention',
      source: text,
      D: lift.D,
      neurons: null,
      edges: null,
      paths: null,
      pathsFromBiases: null,
      d: lift.d,
      sharedParams: 0,
      fixedEdges: 0,
      pathNorms: null,
      onnx: null,
      spec: null,
    },
  });
  r.partial({
    kind: 'net-dag',
    svg: null,
    view: null,
    note: 'An attention block is a lifting without a DAG: z = (Σ_h W_Q^h W_K^hᵀ, Σ_h W_O^h W_V^hᵀ), so there is nothing to draw.',
  });
  r.progress({ label: 'counting laws (closed form)', fraction: 0.3 });
  const closed = attentionLawCount(shape);
  let exact: number | null = null;
  let levels: LawView['levels'] = null;
  let rank = closed.lieDim;
  if (lift.D <= MAX_ATTENTION_TRACE_D) {
    r.progress({ label: 'checking the count by the exact Lie trace', fraction: 0.5 });
    const t = countLaws(lift, { mode: 'blind' });
    exact = t.laws;
    levels = t.levels.map((l) => ({ level: l.level, rank: l.rank }));
    rank = t.rankJacobian;
  }
  const known = lift.knownLaws().length;
  r.partial({
    kind: 'net-laws',
    laws: {
      D: closed.D,
      laws: closed.laws,
      lieDim: closed.lieDim,
      rankJacobian: rank,
      frobenius: exact === null ? true : rank === closed.lieDim,
      method: exact === null ? 'closed form' : 'closed form, checked by the exact Lie trace',
      reason:
        exact === null
          ? `D = ${closed.D}: above ${MAX_ATTENTION_TRACE_D}, the exact Lie trace is not run in the page`
          : `D = ${closed.D}: small enough for the exact Lie trace`,
      proof: `Heads that add up are one two-layer factorisation per product (W_Q W_Kᵀ and W_O W_Vᵀ); their laws are the Gram differences W_Qᵀ W_Q − W_Kᵀ W_K and W_Oᵀ W_O − W_Vᵀ W_V (MATH.md §7).${exact === null ? '' : ` The exact count at random points mod p gives ${exact}${exact === closed.laws ? ', the same' : ', which DIFFERS'}.`}`,
      knownLaws: known,
      complete: known === closed.laws,
      levels,
      attention: {
        queryKey: closed.queryKey,
        valueOutput: closed.valueOutput,
        perHead: closed.perHead,
        crossHead: closed.crossHead,
        exact,
      },
    },
  });
  r.progress({ label: `solving for degree-${degree} formulas`, fraction: 0.8 });
  r.partial({
    kind: 'net-formulas',
    formulas: lift.D <= MAX_ATTENTION_TRACE_D ? formulasOf(lift, degree) : formulasOf(null, degree),
  });
}

/** Lets a pending cancel message be read between two synchronous steps. */
function yieldToMessages(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
