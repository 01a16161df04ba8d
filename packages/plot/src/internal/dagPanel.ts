import { curveMonotoneX, line } from 'd3-shape';
import { layoutDag } from '../layoutDag.js';
import type { DagNodeKind, DagPanelSpec } from '../spec.js';
import type { Box, RenderContext } from './context.js';
import { INK } from './palette.js';
import { el, num, text, textWidth } from './svg.js';

const NODE_STYLE: Record<DagNodeKind, { fill: string; stroke: string }> = {
  input: { fill: '#cfe3f3', stroke: '#0072B2' },
  hidden: { fill: '#ffffff', stroke: '#555555' },
  output: { fill: '#f9dccb', stroke: '#D55E00' },
};
const HIGHLIGHT = '#E69F00';

/** Renders a layered DAG drawing into `box`. */
export function renderDagPanel(panel: DagPanelSpec, box: Box, ctx: RenderContext): string {
  const fs = ctx.fontSize;
  const lay = layoutDag(panel.nodes, panel.edges);
  const top = box.y + (panel.title ? fs * 2.2 : fs * 0.8);
  const bottom = box.y + box.height - fs * 2.4;
  const left = box.x + 24;
  const right = box.x + box.width - 24;
  const nLayers = lay.layerSizes.length;
  const maxSlots = Math.max(...lay.layerSizes);
  const lfs = fs * 0.8;
  const labelOf = new Map(panel.nodes.map((n) => [n.id, n.label ?? n.id]));
  const rowGap = Math.min((bottom - top) / Math.max(maxSlots, 1), 70);
  const r = Math.max(
    9,
    Math.min(
      rowGap * 0.32,
      16,
      Math.max(...panel.nodes.map((n) => textWidth(labelOf.get(n.id) ?? '', lfs) / 2 + 4)),
    ),
  );
  const colX = (l: number) =>
    nLayers === 1 ? (left + right) / 2 : left + r + ((right - left - 2 * r) * l) / (nLayers - 1);
  const slotY = (l: number, s: number) => {
    const n = lay.layerSizes[l]!;
    return (top + bottom) / 2 + (s - (n - 1) / 2) * rowGap;
  };
  const highlighted = new Set<string>();
  const onPath = new Set(panel.highlight ?? []);
  const hl = panel.highlight ?? [];
  for (let i = 1; i < hl.length; i++) highlighted.add(`${hl[i - 1]}\u0000${hl[i]}`);

  const arrowId = `${ctx.id}-arrow`;
  const arrowHlId = `${ctx.id}-arrow-hl`;
  const parts: string[] = [
    el('defs', {}, [
      el(
        'marker',
        {
          id: arrowId,
          viewBox: '0 0 10 10',
          refX: 10,
          refY: 5,
          markerWidth: 7,
          markerHeight: 7,
          orient: 'auto',
        },
        [el('path', { d: 'M0,0L10,5L0,10Z', fill: '#888888' })],
      ),
      el(
        'marker',
        {
          id: arrowHlId,
          viewBox: '0 0 10 10',
          refX: 10,
          refY: 5,
          markerWidth: 6,
          markerHeight: 6,
          orient: 'auto',
        },
        [el('path', { d: 'M0,0L10,5L0,10Z', fill: HIGHLIGHT })],
      ),
    ]),
  ];
  if (panel.title) {
    parts.push(
      text(panel.title, {
        x: box.x + box.width / 2,
        y: box.y + fs * 1.4,
        'text-anchor': 'middle',
        'font-size': fs * 1.1,
        'font-weight': 'bold',
        class: 'title',
      }),
    );
  }
  const gen = line<[number, number]>()
    .x((p) => Math.round(p[0] * 100) / 100)
    .y((p) => Math.round(p[1] * 100) / 100)
    .curve(curveMonotoneX);
  const plain: string[] = [];
  const bright: string[] = [];
  for (const route of lay.routes) {
    const l0 = lay.layer[route.from]!;
    const l1 = lay.layer[route.to]!;
    const p0: [number, number] = [colX(l0), slotY(l0, lay.slot[route.from]!)];
    const p1: [number, number] = [colX(l1), slotY(l1, lay.slot[route.to]!)];
    const pts: [number, number][] = [
      p0,
      ...route.via.map((v) => [colX(v.layer), slotY(v.layer, v.slot)] as [number, number]),
      p1,
    ];
    // Trim the ends to the node circles so arrowheads touch the border.
    const trim = (a: [number, number], b: [number, number]): [number, number] => {
      const dx = b[0] - a[0];
      const dy = b[1] - a[1];
      const len = Math.hypot(dx, dy) || 1;
      return [a[0] + (dx / len) * (r + 1), a[1] + (dy / len) * (r + 1)];
    };
    pts[0] = trim(p0, pts[1] as [number, number]);
    pts[pts.length - 1] = trim(p1, pts[pts.length - 2] as [number, number]);
    const isHl = highlighted.has(`${route.from}\u0000${route.to}`);
    const path = el('path', {
      d: gen(pts) ?? '',
      fill: 'none',
      stroke: isHl ? HIGHLIGHT : '#9a9a9a',
      'stroke-width': isHl ? 3 : 1.2,
      'marker-end': `url(#${isHl ? arrowHlId : arrowId})`,
      class: isHl ? 'edge highlight' : 'edge',
    });
    (isHl ? bright : plain).push(path);
  }
  parts.push(el('g', { class: 'edges' }, [...plain, ...bright]));
  const nodeParts: string[] = [];
  for (const n of panel.nodes) {
    const l = lay.layer[n.id]!;
    const cx = colX(l);
    const cy = slotY(l, lay.slot[n.id]!);
    const st = NODE_STYLE[n.kind];
    const sw = onPath.has(n.id) ? 3 : 1.5;
    const stroke = onPath.has(n.id) ? HIGHLIGHT : st.stroke;
    const cls = `node ${n.kind}${onPath.has(n.id) ? ' highlight' : ''}`;
    if (n.kind === 'hidden') {
      nodeParts.push(el('circle', { cx, cy, r, fill: st.fill, stroke, 'stroke-width': sw, class: cls }));
    } else {
      nodeParts.push(
        el('rect', {
          x: cx - r,
          y: cy - r,
          width: 2 * r,
          height: 2 * r,
          rx: n.kind === 'input' ? 3 : r * 0.45,
          fill: st.fill,
          stroke,
          'stroke-width': sw,
          class: cls,
        }),
      );
    }
    const label = labelOf.get(n.id) ?? n.id;
    const inside = textWidth(label, lfs) <= 2 * r - 2;
    nodeParts.push(
      text(
        label,
        inside
          ? {
              x: cx,
              y: cy + lfs * 0.35,
              'text-anchor': 'middle',
              'font-size': lfs,
              fill: INK,
              class: 'node-label',
            }
          : {
              x: cx,
              y: cy - r - 4,
              'text-anchor': 'middle',
              'font-size': lfs,
              fill: INK,
              class: 'node-label',
            },
      ),
    );
  }
  parts.push(el('g', { class: 'nodes' }, nodeParts));
  // Legend of node kinds present.
  const kinds = (['input', 'hidden', 'output'] as const).filter((k) => panel.nodes.some((n) => n.kind === k));
  const leg: string[] = [];
  kinds.forEach((k, i) => {
    const x = left + i * fs * 6;
    const y = box.y + box.height - fs * 0.6;
    const st = NODE_STYLE[k];
    leg.push(
      el('rect', {
        x,
        y: y - fs * 0.7,
        width: fs * 0.8,
        height: fs * 0.8,
        rx: k === 'hidden' ? fs * 0.4 : 2,
        fill: st.fill,
        stroke: st.stroke,
      }),
    );
    leg.push(text(k, { x: x + fs * 1.1, y: y, 'font-size': lfs, class: 'legend-label' }));
  });
  parts.push(el('g', { class: 'legend' }, leg));
  return el('g', { class: 'panel dag', 'data-crossings': num(lay.crossings) }, parts);
}
