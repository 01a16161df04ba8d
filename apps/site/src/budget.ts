/**
 * The site's size budget: what the page computes, draws and lists, checked before anything is
 * expanded or rendered. Above a limit the page says what is too big (with the sizes) and shows a
 * smaller view (a collapsed drawing, a paginated list, a suggestion) instead of freezing.
 */

/** Largest preset the main thread expands (the editor's table and pickers). */
export const EDITOR_MAX_EDGES = 5000;
/** Largest network the worker builds (edges; conv2d:28x28:1-8-8:3x3:10 has 426 528). */
export const SITE_MAX_EDGES = 500_000;
/** Rows per page of the neuron and edge lists. */
export const LIST_PAGE = 50;
/** A DAG layer with more neurons than this is drawn as one box (labels would merge). */
export const DAG_MAX_LAYER = 12;
/** Largest number of boxes in the DAG drawing. */
export const DAG_MAX_NODES = 120;
/** Largest number of arrows in the DAG drawing. */
export const DAG_MAX_EDGES = 600;
/** Paths listed in the path picker. */
export const MAX_LISTED_PATHS = 500;
/**
 * Flow lab: the intrinsic flow of a path-lifting evaluates a d × D Jacobian at every step; above
 * this many entries the page refuses (the CLI has no such limit).
 */
export const FLOW_MAX_JACOBIAN = 2_000_000;
/** Flow lab: largest number of stored values d × output times of one run. */
export const FLOW_MAX_VALUES = 4_000_000;
/** Flow lab: the live run stops growing its horizon at this many output times. */
export const FLOW_MAX_FRAMES = 3841;
/** Ensemble page: largest number of trajectory steps × parameters of one run. */
export const ENSEMBLE_MAX_WORK = 5e10;

/** A number with thin thousands separators, for sizes in messages. */
export function sizeText(n: number | bigint): string {
  return n.toLocaleString('en-US');
}

/**
 * A scaled-down layered preset with about `limit` edges (the "smaller view" the page offers), or
 * null when the preset is not layered.
 * @param preset - e.g. `relu:1000-1000-1000`
 * @param edges - its number of edges
 * @param limit - the edges the smaller one should stay under
 */
export function smallerPreset(preset: string, edges: number, limit: number): string | null {
  const m = /^(relu|linear|dense):(\d+(?:-\d+)+)(\+bias|\+hbias)?$/.exec(preset.trim());
  if (m === null || edges <= limit) return null;
  const f = Math.sqrt(limit / edges) * 0.9;
  const widths = m[2]!.split('-').map((w) => Math.max(1, Math.floor(Number(w) * f)));
  return `${m[1]}:${widths.join('-')}${m[3] ?? ''}`;
}
