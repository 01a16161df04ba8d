/**
 * Editing a network spec (the JSON form of `@idyn/graph`) as plain data. Edits never validate:
 * the editor keeps the draft, and {@link validateSpec} says what is wrong with it, so a cycle or a
 * dangling neuron is shown as a message while the user keeps editing.
 */
import {
  ACTIVATIONS,
  type Activation,
  createNetwork,
  DEFAULT_HIDDEN_ACTIVATION,
  type Network,
  type NetworkSpec,
  type NodeKind,
  presetSpec,
} from '@idyn/graph';

/** Result of {@link readSpec}. */
export type ReadSpecResult = { spec: NetworkSpec; error: null } | { spec: null; error: string };

/** Reads the `net` text of the state: a preset string (`relu:2-3-2`) or a JSON spec. */
export function readSpec(text: string): ReadSpecResult {
  const t = text.trim();
  try {
    if (t.startsWith('{')) {
      const parsed = JSON.parse(t) as unknown;
      if (
        parsed === null ||
        typeof parsed !== 'object' ||
        !Array.isArray((parsed as NetworkSpec).nodes) ||
        !Array.isArray((parsed as NetworkSpec).edges)
      ) {
        return { spec: null, error: 'the JSON spec must be an object with "nodes" and "edges" arrays' };
      }
      const spec = parsed as NetworkSpec;
      return {
        spec: { nodes: spec.nodes.map((n) => ({ ...n })), edges: spec.edges.map((e) => ({ ...e })) },
        error: null,
      };
    }
    return { spec: presetSpec(t), error: null };
  } catch (error) {
    return { spec: null, error: firstLine(error) };
  }
}

/** Result of {@link validateSpec}. */
export type ValidateResult = { net: Network; error: null } | { net: null; error: string };

/** Validates a draft with `createNetwork`; the error is its first line (it names the problem). */
export function validateSpec(spec: NetworkSpec): ValidateResult {
  try {
    return { net: createNetwork(spec), error: null };
  } catch (error) {
    return { net: null, error: firstLine(error) };
  }
}

/** The compact text stored in the URL for an edited spec (no theta). */
export function specText(spec: NetworkSpec): string {
  return JSON.stringify({ nodes: spec.nodes, edges: spec.edges });
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
  return { nodes: [...spec.nodes, node], edges: spec.edges };
}

/** Removes a neuron and every edge touching it. */
export function removeNode(spec: NetworkSpec, id: string): NetworkSpec {
  return {
    nodes: spec.nodes.filter((n) => n.id !== id),
    edges: spec.edges.filter((e) => e.from !== id && e.to !== id),
  };
}

/** Adds the edge from → to at the end of the edge list (its weight becomes the last weight). */
export function addEdge(spec: NetworkSpec, from: string, to: string): NetworkSpec {
  return { nodes: spec.nodes, edges: [...spec.edges, { from, to }] };
}

/** Removes the edge at index i. */
export function removeEdge(spec: NetworkSpec, i: number): NetworkSpec {
  return { nodes: spec.nodes, edges: spec.edges.filter((_, k) => k !== i) };
}

/**
 * Sets the activation of a hidden neuron: `k = 1` for a selection neuron (max-pool), no `k`
 * otherwise; the bias is kept where the activation allows one (`ACTIVATIONS` of `@idyn/graph`).
 */
export function setActivation(spec: NetworkSpec, id: string, activation: Activation): NetworkSpec {
  return {
    nodes: spec.nodes.map((n) => {
      if (n.id !== id) return n;
      const { k: _k, bias, ...rest } = n;
      const spec = ACTIVATIONS[activation];
      return {
        ...rest,
        activation,
        ...(spec.combine === 'selection' ? { k: 1 } : {}),
        ...(bias && spec.bias ? { bias } : {}),
      };
    }),
    edges: spec.edges,
  };
}

/** Switches the bias of a neuron on or off. */
export function setBias(spec: NetworkSpec, id: string, bias: boolean): NetworkSpec {
  return {
    nodes: spec.nodes.map((n) => {
      if (n.id !== id) return n;
      const { bias: _b, ...rest } = n;
      return bias ? { ...rest, bias: true } : rest;
    }),
    edges: spec.edges,
  };
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
