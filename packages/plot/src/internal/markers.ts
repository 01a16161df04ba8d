import type { MarkerShape } from '../spec.js';
import { num } from './svg.js';

/** Path data of a marker of radius r centred at (cx, cy). */
export function markerPath(shape: MarkerShape, cx: number, cy: number, r: number): string {
  switch (shape) {
    case 'circle':
      return `M${num(cx - r)},${num(cy)}a${num(r)},${num(r)} 0 1,0 ${num(2 * r)},0a${num(r)},${num(r)} 0 1,0 ${num(-2 * r)},0Z`;
    case 'square': {
      const s = r * 0.9;
      return `M${num(cx - s)},${num(cy - s)}h${num(2 * s)}v${num(2 * s)}h${num(-2 * s)}Z`;
    }
    case 'triangle': {
      const h = r * 1.15;
      return `M${num(cx)},${num(cy - h)}L${num(cx + h)},${num(cy + h * 0.75)}L${num(cx - h)},${num(cy + h * 0.75)}Z`;
    }
    case 'diamond': {
      const d = r * 1.25;
      return `M${num(cx)},${num(cy - d)}L${num(cx + d)},${num(cy)}L${num(cx)},${num(cy + d)}L${num(cx - d)},${num(cy)}Z`;
    }
    case 'cross': {
      const c = r;
      return `M${num(cx - c)},${num(cy - c)}L${num(cx + c)},${num(cy + c)}M${num(cx - c)},${num(cy + c)}L${num(cx + c)},${num(cy - c)}`;
    }
  }
}
