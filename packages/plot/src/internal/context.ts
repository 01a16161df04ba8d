/** Pixel rectangle a panel is drawn into. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Figure-wide settings a panel renderer needs. */
export interface RenderContext {
  fontSize: number;
  /** Unique prefix for ids (clip paths) of this panel. */
  id: string;
}
