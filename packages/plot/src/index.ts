// Public entry of @idyn/plot: re-exports only. Browser-safe (no node: imports); PNG rendering lives
// in the `@idyn/plot/png` subpath.
export type * from './spec.js';
export { validateSpec } from './validateSpec.js';
export { renderSvg, figureSize, type RenderSvgOptions, type FigureSize } from './renderSvg.js';
export { layoutDag, type LayoutDagOptions, type LayoutDagResult, type LayoutDagRoute } from './layoutDag.js';
export type { PlotOptions } from './plotOptions.js';
export { combinePlots, type CombinePlotsOptions } from './combinePlots.js';
export { columnsOf } from './columnsOf.js';
export { fitLogLogSlope, type FitLogLogSlopeResult } from './fitLogLogSlope.js';
export {
  trajectoryOverlayPlot,
  type TrajectoryOverlayInput,
  type TrajectoryOverlayPlotOptions,
} from './trajectoryOverlayPlot.js';
export { lawDriftPlot, type LawDriftInput, type LawDriftPlotOptions } from './lawDriftPlot.js';
export { lossPlot, type LossInput, type LossPlotOptions } from './lossPlot.js';
export {
  singularValuesPlot,
  type SingularValuesInput,
  type SingularValuesPlotOptions,
} from './singularValuesPlot.js';
export {
  rankPerLevelPlot,
  type RankPerLevelInput,
  type RankPerLevelPlotOptions,
} from './rankPerLevelPlot.js';
export { convergencePlot, type ConvergenceInput, type ConvergencePlotOptions } from './convergencePlot.js';
export {
  ensembleBandPlot,
  type EnsembleBandInput,
  type EnsembleBandPlotOptions,
  type EnsembleGroup,
} from './ensembleBandPlot.js';
export { metricHeatmap, type MatrixInput, type MetricHeatmapOptions } from './metricHeatmap.js';
export { dagPlot, type DagInput, type DagPlotOptions } from './dagPlot.js';
