/**
 * What the network page shows about a valid network, from the `lift` and `laws` studies of
 * `@idyn/studies` (the studies `idyn lift` and `idyn laws` run): D, the number of paths, the
 * number of conservation laws (exact), the Frobenius verdict, the law formulas and the paths to
 * highlight. Runs in the worker.
 */
import type { Network, NetworkSpec } from '@idyn/graph';
import { lawsStudy, liftStudy } from '@idyn/studies';
import { errorLine } from './studyErrors.js';

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
  /** The index actually highlighted (-1 when out of range; never clamped). */
  pathIndex: number;
  laws: LawCount | null;
  /** Why laws is null. */
  lawsSkipped: string | null;
}

/** The law-count figures shown. */
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

/** The node ids of a path label `x0→h1_0→y0` (a bias path starts `b(h1_0)→…`). */
function pathNodes(label: string): string[] {
  return label.split('→').map((id, i) => (i === 0 ? id.replace(/^b\((.*)\)$/, '$1') : id));
}

/** Counts and paths of a valid network (its spec is what the studies receive). */
export async function summarizeNetwork(
  net: Network,
  spec: NetworkSpec,
  pathIndex: number,
): Promise<NetworkSummary> {
  const lift = await liftStudy.run({ net: spec, maxPaths: MAX_ANALYSIS_PATHS });
  const paths = lift.paths!;
  const base = {
    D: net.D,
    nodes: net.nodes.length,
    edges: net.edges.length,
    hidden: net.hidden.length,
    paths: paths.total,
    pathsFromInputs: paths.fromInputs,
    pathsFromBiases: paths.fromBiases,
  };
  if (lift.phi === null) {
    return {
      ...base,
      pathLabels: [],
      highlight: [],
      pathIndex: -1,
      laws: null,
      lawsSkipped: `${paths.total} paths: more than ${MAX_ANALYSIS_PATHS}, too many to count laws in the browser (use \`idyn laws\`)`,
    };
  }
  const labels = lift.phi.map((p) => p.label);
  const index = pathIndex >= 0 && pathIndex < labels.length ? pathIndex : -1;
  // Blind count: the rank per bracket level is shown as it rises, not stopped by the known laws.
  const r = await lawsStudy.run({ net: spec, blind: true });
  return {
    ...base,
    pathLabels: labels.slice(0, MAX_LISTED_PATHS),
    highlight: index < 0 ? [] : pathNodes(labels[index]!),
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
export async function lawFormulas(spec: NetworkSpec, paths: string, degree: number): Promise<LawFormulas> {
  if (BigInt(paths) > BigInt(MAX_ANALYSIS_PATHS))
    return { degree, formulas: [], error: 'too many paths for the formulas in the browser' };
  try {
    const r = await lawsStudy.run({ net: spec, formulas: true, degree });
    return { degree, formulas: (r.formulas?.laws ?? []).map((l) => l.text), error: null };
  } catch (error) {
    return { degree, formulas: [], error: errorLine(error) };
  }
}
