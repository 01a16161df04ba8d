import { type PlotOptions, singlePanel } from './plotOptions.js';
import type { DagEdge, DagNode, FigureSpec } from './spec.js';

/** Input of {@link dagPlot}: plain nodes and edges (e.g. from a network's JSON spec). */
export interface DagInput {
  /** Nodes with unique ids; their kinds choose shapes and colours. */
  nodes: readonly DagNode[];
  /** Directed edges between node ids; must form no cycle. */
  edges: readonly DagEdge[];
  /** A path to highlight, as consecutive node ids. */
  highlight?: readonly string[];
}

/** Options of {@link dagPlot}. */
export type DagPlotOptions = Omit<PlotOptions, 'xLabel' | 'yLabel'>;

/**
 * A network's DAG drawn left to right in layers (inputs first, outputs last; see `layoutDag`),
 * node kinds in different shapes and colours, and an optional highlighted path.
 *
 * @param input - {@link DagInput}
 * @param options - {@link DagPlotOptions}
 * @returns a one-panel figure spec
 * @throws nothing itself; `renderSvg` throws RangeError for unknown ids, duplicate ids, cycles or a
 *   highlight that is not a path
 * @example
 * dagPlot({ nodes: [{ id: 'x', kind: 'input' }, { id: 'y', kind: 'output' }], edges: [{ from: 'x', to: 'y' }] });
 * // { panels: [{ kind: 'dag', title: 'Network', nodes: [...], edges: [...] }] }
 * @see MATH.md §1 (networks as DAGs and the path-lifting)
 */
export function dagPlot(input: DagInput, options: DagPlotOptions = {}): FigureSpec {
  return singlePanel(
    {
      kind: 'dag',
      title: options.title ?? 'Network',
      nodes: input.nodes,
      edges: input.edges,
      ...(input.highlight ? { highlight: input.highlight } : {}),
    },
    options,
  );
}
