/**
 * Reading and editing a network spec (the JSON form of `@idyn/graph`) as plain data. Reading never
 * throws and never expands a preset beyond the editor's budget; edits never validate: the editor
 * keeps the draft, and {@link draftProblems} lists every problem of it at once (duplicate edge,
 * cycle, self-loop, edge out of an output, …) while the user keeps editing.
 */
import {
  ACTIVATIONS,
  type Activation,
  createNetwork,
  DEFAULT_HIDDEN_ACTIVATION,
  type Network,
  type NetworkSpec,
  type NodeKind,
  type NodeSpec,
  presetSpec,
} from '@idyn/graph';
import { BudgetError } from '@idyn/linalg';
import { EDITOR_MAX_EDGES } from './budget.js';
import { explainMessage } from './messages.js';

/** Result of {@link readSpec}. */
export type ReadSpecResult =
  | { kind: 'spec'; spec: NetworkSpec; error: null }
  /** A preset larger than the budget: its edge count (computed without expanding it). */
  | { kind: 'large'; spec: null; edges: number; error: null }
  /** `attention:d:k:v:e[:heads]`: a lifting without a DAG. */
  | { kind: 'attention'; spec: null; error: null }
  | { kind: 'error'; spec: null; error: string };

const NODE_KINDS: readonly string[] = ['input', 'hidden', 'output'];

/** The structural problems of a parsed JSON value that is meant to be a spec (types only). */
function shapeProblems(parsed: unknown): string[] {
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    return ['the JSON spec must be an object with "nodes" and "edges" arrays'];
  const o = parsed as Record<string, unknown>;
  const problems: string[] = [];
  if (!Array.isArray(o.nodes)) problems.push('"nodes" must be an array');
  if (!Array.isArray(o.edges)) problems.push('"edges" must be an array');
  if (problems.length > 0) return problems;
  (o.nodes as unknown[]).forEach((n, i) => {
    if (n === null || typeof n !== 'object' || Array.isArray(n)) {
      problems.push(`neuron #${i} must be an object { "id", "kind" }`);
      return;
    }
    const node = n as Record<string, unknown>;
    if (typeof node.id !== 'string' || node.id === '')
      problems.push(`neuron #${i} needs a text id (got ${describe(node.id)})`);
    if (typeof node.kind !== 'string' || !NODE_KINDS.includes(node.kind))
      problems.push(`neuron #${i} needs a kind: input, hidden or output (got ${describe(node.kind)})`);
  });
  (o.edges as unknown[]).forEach((e, i) => {
    if (e === null || typeof e !== 'object' || Array.isArray(e)) {
      problems.push(`edge #${i} must be an object { "from", "to" }`);
      return;
    }
    const edge = e as Record<string, unknown>;
    if (typeof edge.from !== 'string' || typeof edge.to !== 'string')
      problems.push(`edge #${i} needs text "from" and "to" ids`);
  });
  return problems;
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return JSON.stringify(v).slice(0, 30);
}

/**
 * Reads the `net` text of the state: a preset string (`relu:2-3-2`), `attention:…`, or a JSON
 * spec. A preset is expanded only up to `maxEdges` (its size is computed first); a larger one
 * comes back as `large` with its edge count.
 */
export function readSpec(text: string, maxEdges = EDITOR_MAX_EDGES): ReadSpecResult {
  const t = text.trim();
  if (t === '')
    return { kind: 'error', spec: null, error: 'the network is empty: type a preset such as relu:2-3-2' };
  if (t.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(t);
    } catch (error) {
      return {
        kind: 'error',
        spec: null,
        error: `the JSON spec does not parse: ${(error as Error).message}`,
      };
    }
    const problems = shapeProblems(parsed);
    if (problems.length > 0) return { kind: 'error', spec: null, error: problems.join('; ') };
    const spec = parsed as NetworkSpec;
    return {
      kind: 'spec',
      spec: { ...spec, nodes: spec.nodes.map((n) => ({ ...n })), edges: spec.edges.map((e) => ({ ...e })) },
      error: null,
    };
  }
  if (/^attention:/.test(t)) return { kind: 'attention', spec: null, error: null };
  try {
    return { kind: 'spec', spec: presetSpec(t, { maxEdges }), error: null };
  } catch (error) {
    if (error instanceof BudgetError)
      return { kind: 'large', spec: null, edges: Number(error.value), error: null };
    return { kind: 'error', spec: null, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Result of {@link validateSpec}. */
export type ValidateResult = { net: Network; error: null } | { net: null; error: string };

/** Validates a draft with `createNetwork`; the error is worded in the page's language. */
export function validateSpec(spec: NetworkSpec): ValidateResult {
  try {
    return { net: createNetwork(spec), error: null };
  } catch (error) {
    return { net: null, error: explainMessage(error instanceof Error ? error.message : String(error)).text };
  }
}

/**
 * Every structural problem of a draft, in the page's words: duplicate ids, edges naming unknown
 * neurons, self-loops, duplicate edges, edges into inputs or out of outputs, each cycle, missing
 * inputs or outputs, hidden neurons on no input→output path. Empty when the structure is sound (the
 * remaining checks — activations, biases, k — are `createNetwork`'s, see {@link validateSpec}).
 */
export function draftProblems(spec: NetworkSpec): string[] {
  const problems: string[] = [];
  const kind = new Map<string, NodeKind>();
  for (const n of spec.nodes) {
    if (kind.has(n.id)) problems.push(`two neurons are called ${n.id}`);
    kind.set(n.id, n.kind);
  }
  if (spec.nodes.length === 0) problems.push('the network has no neurons');
  const seen = new Set<string>();
  const out = new Map<string, string[]>();
  for (const e of spec.edges) {
    const label = `${e.from} → ${e.to}`;
    const missing = [e.from, e.to].filter((id) => !kind.has(id));
    if (missing.length > 0) {
      problems.push(
        `edge ${label} names ${missing.join(' and ')}, which ${missing.length > 1 ? 'are' : 'is'} not a neuron`,
      );
      continue;
    }
    if (e.from === e.to) problems.push(`edge ${label} is a self-loop (a neuron feeding itself)`);
    const key = `${e.from}\u0000${e.to}`;
    if (seen.has(key)) problems.push(`edge ${label} is there twice`);
    seen.add(key);
    if (kind.get(e.to) === 'input')
      problems.push(`edge ${label} goes into an input (inputs have no incoming edges)`);
    if (kind.get(e.from) === 'output')
      problems.push(`edge ${label} leaves an output (outputs have no outgoing edges)`);
    if (e.from !== e.to) push(out, e.from, e.to);
  }
  for (const cycle of cycles(spec.nodes, out)) problems.push(`the edges form a cycle ${cycle.join(' → ')}`);
  const ids = [...kind.keys()];
  if (spec.nodes.length > 0 && !ids.some((id) => kind.get(id) === 'input'))
    problems.push('the network has no input');
  if (spec.nodes.length > 0 && !ids.some((id) => kind.get(id) === 'output'))
    problems.push('the network has no output');
  // hidden neurons on no input→output path
  const into = new Map<string, string[]>();
  for (const [from, tos] of out) for (const to of tos) push(into, to, from);
  const reach = (starts: string[], next: Map<string, string[]>) => {
    const r = new Set(starts);
    const stack = [...starts];
    while (stack.length > 0) {
      for (const m of next.get(stack.pop()!) ?? []) {
        if (r.has(m)) continue;
        r.add(m);
        stack.push(m);
      }
    }
    return r;
  };
  const fromInputs = reach(
    ids.filter((id) => kind.get(id) === 'input'),
    out,
  );
  const toOutputs = reach(
    ids.filter((id) => kind.get(id) === 'output'),
    into,
  );
  for (const id of ids) {
    if (kind.get(id) !== 'hidden') continue;
    const a = fromInputs.has(id);
    const b = toOutputs.has(id);
    if (!a || !b)
      problems.push(
        `neuron ${id} is on no input→output path (${!a && !b ? 'no input reaches it and it reaches no output' : !a ? 'no input reaches it' : 'it reaches no output'})`,
      );
  }
  return problems;
}

/** One cycle per strongly connected component with more than one neuron (Tarjan, iterative). */
function cycles(nodes: readonly NodeSpec[], out: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found: string[][] = [];
  const order = new Map(nodes.map((n, i) => [n.id, i] as const));
  let next = 0;
  for (const { id: root } of nodes) {
    if (index.has(root)) continue;
    const work: [string, number][] = [[root, 0]];
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const [v, i] = top;
      if (i === 0 && !index.has(v)) {
        index.set(v, next);
        low.set(v, next++);
        stack.push(v);
        onStack.add(v);
      }
      const succ = out.get(v) ?? [];
      if (i < succ.length) {
        top[1] = i + 1;
        const w = succ[i]!;
        if (!index.has(w)) work.push([w, 0]);
        else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]![0];
        low.set(parent, Math.min(low.get(parent)!, low.get(v)!));
      }
      if (low.get(v) === index.get(v)) {
        const comp: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          comp.push(w);
        } while (w !== v);
        if (comp.length > 1)
          found.push(
            cycleIn(
              comp.sort((a, b) => order.get(a)! - order.get(b)!),
              out,
            ),
          );
      }
    }
  }
  return found;
}

/**
 * A shortest cycle inside a strongly connected component (its neurons in spec order): breadth-first
 * from each of its first 200 neurons back to itself; the first shortest one wins.
 */
function cycleIn(members: string[], out: Map<string, string[]>): string[] {
  const comp = new Set(members);
  let best: string[] | null = null;
  for (const s of members.slice(0, 200)) {
    const c = cycleThrough(comp, out, s);
    if (c !== null && (best === null || c.length < best.length)) best = c;
  }
  return best ?? [members[0]!, members[0]!];
}

/** The shortest cycle through `start` inside a component, or null. */
function cycleThrough(comp: Set<string>, out: Map<string, string[]>, start: string): string[] | null {
  const prev = new Map<string, string>();
  const queue = [start];
  for (let q = 0; q < queue.length; q++) {
    const v = queue[q]!;
    for (const w of out.get(v) ?? []) {
      if (!comp.has(w)) continue;
      if (w === start) {
        const path = [v];
        for (let u = v; u !== start; u = prev.get(u)!) path.push(prev.get(u)!);
        return [...path.reverse(), start];
      }
      if (!prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return null;
}

/**
 * The edges the pickers offer from `from`: never a self-loop, never out of an output, never into
 * an input, never an edge already there.
 */
export function edgeTargets(spec: NetworkSpec, from: string): string[] {
  const node = spec.nodes.find((n) => n.id === from);
  if (node === undefined || node.kind === 'output') return [];
  const existing = new Set(spec.edges.filter((e) => e.from === from).map((e) => e.to));
  return spec.nodes
    .filter((n) => n.id !== from && n.kind !== 'input' && !existing.has(n.id))
    .map((n) => n.id);
}

/** The neurons an edge may start from (every neuron but the outputs). */
export function edgeSources(spec: NetworkSpec): string[] {
  return spec.nodes.filter((n) => n.kind !== 'output').map((n) => n.id);
}

/** The compact text stored in the URL for an edited spec (no theta). */
export function specText(spec: NetworkSpec): string {
  const { theta: _theta, ...rest } = spec as NetworkSpec & { theta?: unknown };
  return JSON.stringify(rest);
}

/** A fresh id with the given prefix not used by any node (`h0`, `h1`, …). */
export function freshId(spec: NetworkSpec, prefix: string): string {
  const used = new Set(spec.nodes.map((n) => n.id));
  for (let i = 0; ; i++) if (!used.has(`${prefix}${i}`)) return `${prefix}${i}`;
}

/** Adds a neuron (no edges yet: a new hidden neuron is dangling until edges are added). */
export function addNode(
  spec: NetworkSpec,
  id: string,
  kind: NodeKind,
  activation: Activation = DEFAULT_HIDDEN_ACTIVATION,
): NetworkSpec {
  const node = kind === 'hidden' ? { id, kind, activation } : { id, kind };
  return { ...spec, nodes: [...spec.nodes, node] };
}

/** Removes a neuron and every edge touching it. */
export function removeNode(spec: NetworkSpec, id: string): NetworkSpec {
  return {
    ...spec,
    nodes: spec.nodes.filter((n) => n.id !== id),
    edges: spec.edges.filter((e) => e.from !== id && e.to !== id),
  };
}

/** Adds the edge from → to at the end of the edge list (its weight becomes the last weight). */
export function addEdge(spec: NetworkSpec, from: string, to: string): NetworkSpec {
  return { ...spec, edges: [...spec.edges, { from, to }] };
}

/** Removes the edge at index i. */
export function removeEdge(spec: NetworkSpec, i: number): NetworkSpec {
  return { ...spec, edges: spec.edges.filter((_, k) => k !== i) };
}

/**
 * Sets the activation of a hidden neuron: `k = 1` for a selection neuron (max-pool), no `k`
 * otherwise; the bias is kept where the activation allows one (`ACTIVATIONS` of `@idyn/graph`).
 */
export function setActivation(spec: NetworkSpec, id: string, activation: Activation): NetworkSpec {
  return {
    ...spec,
    nodes: spec.nodes.map((n) => {
      if (n.id !== id) return n;
      const { k: _k, bias, ...rest } = n;
      const a = ACTIVATIONS[activation];
      return {
        ...rest,
        activation,
        ...(a.combine === 'selection' ? { k: 1 } : {}),
        ...(bias && a.bias ? { bias } : {}),
      };
    }),
  };
}

/** Switches the bias of a neuron on or off. */
export function setBias(spec: NetworkSpec, id: string, bias: boolean): NetworkSpec {
  return {
    ...spec,
    nodes: spec.nodes.map((n) => {
      if (n.id !== id) return n;
      const { bias: _b, ...rest } = n;
      return bias ? { ...rest, bias: true } : rest;
    }),
  };
}

/** Appends to the list of a key. */
function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
