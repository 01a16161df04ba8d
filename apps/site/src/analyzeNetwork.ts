/**
 * What the network page shows about a valid network: D, the number of paths, the number of
 * conservation laws (exact, `countLaws`), the Frobenius verdict, the law formulas (`findLaws`) and
 * the paths to highlight. Pure; runs in the worker.
 */
import { countLaws, findLaws } from '@idyn/conservation';
import type { Network, NetworkSpec } from '@idyn/graph';
import { countPaths, pathLifting } from '@idyn/lifting';
import { validateSpec } from './netEdit.js';

/** Paths beyond which the exact law count is not attempted in the browser. */
export const MAX_ANALYSIS_PATHS = 20000;
/** Paths listed in the path picker. */
export const MAX_LISTED_PATHS = 500;

/** The quick part: structure and counts. */
export interface NetworkSummary {
  D: number;
  nodes: number;
  edges: number;
  hidden: number;
  /** Exact number of paths d (decimal string: may exceed 2^53). */
  paths: string;
  pathsFromInputs: string;
  pathsFromBiases: string;
  /** Labels of the first paths, e.g. `x0→h1_0→y0`. */
  pathLabels: string[];
  /** Node ids of the highlighted path (empty when there is none). */
  highlight: string[];
  /** The index actually highlighted (clamped into range is never done: -1 when out of range). */
  pathIndex: number;
  laws: LawCount | null;
  /** Why laws is null. */
  lawsSkipped: string | null;
}

/** The `countLaws` figures shown. */
export interface LawCount {
  rankJacobian: number;
  lieDim: number;
  laws: number;
  frobenius: boolean;
  knownLaws: number | null;
  complete: boolean | null;
  agree: boolean;
  levels: { level: number; rank: number; kept: number }[];
}

/** The slow part: formulas of degree k. */
export interface LawFormulas {
  degree: number;
  formulas: string[];
  error: string | null;
}

/** Counts and paths of a network (throws only on programming errors; network errors are caught by the caller). */
export function summarizeNetwork(net: Network, pathIndex: number): NetworkSummary {
  const counts = countPaths(net);
  const base = {
    D: net.D,
    nodes: net.nodes.length,
    edges: net.edges.length,
    hidden: net.hidden.length,
    paths: counts.total.toString(),
    pathsFromInputs: counts.fromInputs.toString(),
    pathsFromBiases: counts.fromBiases.toString(),
  };
  if (counts.total > BigInt(MAX_ANALYSIS_PATHS)) {
    return {
      ...base,
      pathLabels: [],
      highlight: [],
      pathIndex: -1,
      laws: null,
      lawsSkipped: `${counts.total} paths: more than ${MAX_ANALYSIS_PATHS}, too many to count laws in the browser (use \`idyn laws\`)`,
    };
  }
  const lift = pathLifting(net);
  const pathLabels = lift.zLabels.slice(0, MAX_LISTED_PATHS);
  let highlight: string[] = [];
  let index = -1;
  if (pathIndex >= 0 && pathIndex < lift.d) {
    index = pathIndex;
    highlight = lift.path(pathIndex).nodes.map((v) => net.nodes[v]!.id);
  }
  const r = countLaws(lift);
  return {
    ...base,
    pathLabels,
    highlight,
    pathIndex: index,
    laws: {
      rankJacobian: r.rankJacobian,
      lieDim: r.lieDim,
      laws: r.laws,
      frobenius: r.frobenius,
      knownLaws: r.knownLaws,
      complete: r.complete,
      agree: r.agree,
      levels: r.levels.map((l) => ({ level: l.level, rank: l.rank, kept: l.kept })),
    },
    lawsSkipped: null,
  };
}

/** Law formulas of the given degree (errors, e.g. too many unknowns, are returned as text). */
export function lawFormulas(net: Network, degree: number): LawFormulas {
  try {
    const counts = countPaths(net);
    if (counts.total > BigInt(MAX_ANALYSIS_PATHS)) {
      return { degree, formulas: [], error: 'too many paths for the formulas in the browser' };
    }
    const r = findLaws(pathLifting(net), { degree });
    return { degree, formulas: r.laws.map((l) => l.text), error: null };
  } catch (error) {
    return {
      degree,
      formulas: [],
      error: error instanceof Error ? error.message.split('\n')[0]! : String(error),
    };
  }
}

/** Validates then summarizes; the error names the problem for an invalid draft. */
export function analyzeSpec(
  spec: NetworkSpec,
  pathIndex: number,
): { summary: NetworkSummary; error: null } | { summary: null; error: string } {
  const v = validateSpec(spec);
  if (v.net === null) return { summary: null, error: v.error };
  try {
    return { summary: summarizeNetwork(v.net, pathIndex), error: null };
  } catch (error) {
    return { summary: null, error: error instanceof Error ? error.message.split('\n')[0]! : String(error) };
  }
}
