import type { FigureSpec, PanelSpec } from './spec.js';

/** Options shared by the ready-made plot functions (`lossPlot`, `convergencePlot`, ...). */
export interface PlotOptions {
  /** Panel title. @default the plot's own title (e.g. 'Loss', 'Network') */
  title?: string;
  /** x-axis label. @default the plot's own label (e.g. 't') */
  xLabel?: string;
  /** y-axis label. @default the plot's own label (e.g. 'loss') */
  yLabel?: string;
  /** Panel width in px. @default 480 */
  width?: number;
  /** Panel height in px. @default 340 */
  height?: number;
}

/** Wraps one panel into a figure with the sizes from `options`. */
export function singlePanel(panel: PanelSpec, options: PlotOptions): FigureSpec {
  const fig: { panels: PanelSpec[]; panelWidth?: number; panelHeight?: number } = { panels: [panel] };
  if (options.width !== undefined) fig.panelWidth = options.width;
  if (options.height !== undefined) fig.panelHeight = options.height;
  return fig;
}
