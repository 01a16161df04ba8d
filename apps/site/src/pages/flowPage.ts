/**
 * Flow lab: θ-flow and intrinsic z-flow side by side for the network of the state, animated, with
 * the trajectory overlay, the deviation, the law drift and the loss. A run that stops early
 * (divergence, a failed recovery) stops the animation there and says why.
 */
import { lawDriftPlot, lossPlot, renderSvg, trajectoryOverlayPlot } from '@idyn/plot';
import type { FigureSpec } from '@idyn/plot';
import type { PageContext, PageFactory } from '../context.js';
import { debounce, field, fmt, h, select, setSvg } from '../dom.js';
import { type FlowOutput, formatDeviation, linearWidths } from '../runFlow.js';
import { type AppState, INITS, type InitKind, type LossKind } from '../state.js';
import { PRESETS } from './networkPage.js';

const ANIMATION_MS = 2500;

export const flowPage: PageFactory = (root: HTMLElement, ctx: PageContext) => {
  const s0 = ctx.state();
  const netInput = h('input', { type: 'text', id: 'flow-net', spellcheck: 'false', value: s0.net });
  const netSelect = select(
    [['', 'presets…'], ...PRESETS.filter((p) => !p.startsWith('maxpool')).map((p) => [p, p] as const)],
    '',
    {
      'aria-label': 'choose a preset',
    },
  );
  const initSelect = select(
    INITS.map(
      (k) =>
        [
          k,
          k === 'gaussian'
            ? 'Gaussian'
            : k === 'balanced'
              ? 'balanced (h = 0)'
              : 'relaxed balanced λ (linear)',
        ] as const,
    ),
    s0.init,
    { id: 'flow-init' },
  );
  const seedInput = h('input', { type: 'number', id: 'flow-seed', min: 0, step: 1, value: s0.seed });
  const scaleInput = h('input', { type: 'text', id: 'flow-scale', value: String(s0.scale), size: 5 });
  const lambdaInput = h('input', { type: 'number', id: 'flow-lambda', step: 0.1, value: s0.lambda });
  const lossSelect = select(
    [
      ['synthetic', 'synthetic f(z) = ½‖z − Y‖² + 0.1 Σz⁴/4'],
      ['csv', 'data set (CSV, MSE)'],
    ],
    s0.loss,
    { id: 'flow-loss' },
  );
  const lossSeedInput = h('input', {
    type: 'number',
    id: 'flow-loss-seed',
    min: 0,
    step: 1,
    value: s0.lossSeed,
  });
  const csvInput = h('textarea', {
    id: 'flow-csv',
    rows: 5,
    cols: 30,
    spellcheck: 'false',
    placeholder: 'x0,x1,y0,y1\n1,2,0.5,1\n-1,0.5,0,2',
  });
  csvInput.value = s0.csv;
  const TInput = h('input', { type: 'number', id: 'flow-T', min: 0.01, step: 0.5, value: s0.T });
  const runButton = h('button', { type: 'button', id: 'flow-run', class: 'primary' }, 'Run');
  const stopButton = h('button', { type: 'button', id: 'flow-stop' }, 'Stop');
  const status = h('p', { class: 'status', id: 'flow-status', role: 'status' });
  const readout = h('dl', { class: 'stats', id: 'flow-readout' });
  const figs = {
    traj: h('div', { class: 'figure', id: 'fig-trajectory' }),
    dev: h('div', { class: 'figure', id: 'fig-deviation' }),
    drift: h('div', { class: 'figure', id: 'fig-drift' }),
    loss: h('div', { class: 'figure', id: 'fig-loss' }),
  };
  const scrubber = h('input', {
    type: 'range',
    id: 'flow-scrub',
    min: 0,
    max: 0,
    step: 1,
    value: 0,
    'aria-label': 'time',
  });
  const scrubReadout = h('output', { id: 'flow-scrub-readout', class: 'readout' });
  const lambdaField = field('λ', lambdaInput, 'UᵀU − VᵀV = λI');
  const csvField = field('CSV data (inputs, then outputs)', csvInput);

  root.append(
    h(
      'section',
      { class: 'controls', 'aria-label': 'flow settings' },
      h('div', { class: 'row' }, field('Network', netInput), netSelect),
      h(
        'div',
        { class: 'row' },
        field('Init', initSelect),
        field('seed', seedInput),
        field('scale', scaleInput, 'σ or he'),
        lambdaField,
      ),
      h(
        'div',
        { class: 'row' },
        field('Loss', lossSelect),
        field('target seed', lossSeedInput),
        field('T', TInput),
        runButton,
        stopButton,
      ),
      csvField,
    ),
    status,
    readout,
    h('div', { class: 'row scrub' }, field('scrub t', scrubber), scrubReadout),
    h('div', { class: 'grid2' }, figs.traj, figs.dev, figs.drift, figs.loss),
  );

  const num = (el: HTMLInputElement, fallback: number) =>
    Number.isFinite(Number(el.value)) && el.value !== '' ? Number(el.value) : fallback;
  function readControls(): Partial<AppState> {
    const st = ctx.state();
    const scaleText = scaleInput.value.trim();
    const scale = scaleText === 'he' ? 'he' : Number(scaleText) > 0 ? Number(scaleText) : st.scale;
    return {
      net: netInput.value.trim() || st.net,
      init: initSelect.value as InitKind,
      seed: Math.max(0, Math.floor(num(seedInput, st.seed))),
      scale,
      lambda: num(lambdaInput, st.lambda),
      loss: lossSelect.value as LossKind,
      lossSeed: Math.max(0, Math.floor(num(lossSeedInput, st.lossSeed))),
      csv: csvInput.value,
      T: Math.max(0.001, num(TInput, st.T)),
    };
  }
  const changed = debounce(() => {
    ctx.update(readControls());
    run();
  }, 400);
  for (const el of [netInput, seedInput, scaleInput, lambdaInput, lossSeedInput, csvInput, TInput])
    el.addEventListener('input', changed);
  for (const el of [initSelect, lossSelect]) el.addEventListener('change', changed);
  netSelect.addEventListener('change', () => {
    if (netSelect.value === '') return;
    netInput.value = netSelect.value;
    netSelect.value = '';
    changed();
  });
  runButton.addEventListener('click', () => {
    ctx.update(readControls());
    run();
  });
  stopButton.addEventListener('click', () => {
    ctx.lane('flow').cancel();
    cancelAnimationFrame(frame);
    setStatus('Stopped.', 'warn');
  });

  let frame = 0;
  let runToken = 0;
  let shown: FlowOutput | null = null;

  /** Read-out of the values at output time k (the scrubber, and the animation's current frame). */
  function readAt(out: FlowOutput, k: number): void {
    const i = Math.min(out.times.length - 1, Math.max(0, k));
    const drift = Math.max(0, ...out.lawDrift.map((r) => r[i] ?? 0));
    const z = out.zLabels
      .slice(0, 3)
      .map((label, j) => `${label}: ${fmt(out.zTheta[j]![i]!, 4)} / ${fmt(out.zIntrinsic[j]![i]!, 4)}`)
      .join(', ');
    scrubReadout.textContent = `t = ${fmt(out.times[i]!, 3)} · deviation ${fmt(out.deviation[i]!)} · law drift ${fmt(drift)} · loss ${fmt(out.lossTheta[i]!, 4)}${
      out.lossIntrinsic ? ` / ${fmt(out.lossIntrinsic[i]!, 4)}` : ''
    } · θ-flow / z-flow ${z}`;
    scrubber.value = String(i);
  }
  scrubber.addEventListener('input', () => {
    if (shown === null) return;
    runToken++; // stops the animation
    cancelAnimationFrame(frame);
    const k = Number(scrubber.value);
    draw(shown, k + 1);
    readAt(shown, k);
  });

  function setStatus(text: string, kind: 'ok' | 'warn' | 'error' | 'busy'): void {
    status.textContent = text;
    status.className = `status ${kind}`;
    status.dataset.state = kind;
  }

  function syncVisibility(st: AppState): void {
    lambdaField.hidden = st.init !== 'relaxed';
    scaleInput.closest('label')!.hidden = st.init === 'relaxed';
    csvField.hidden = st.loss !== 'csv';
    lossSeedInput.closest('label')!.hidden = st.loss !== 'synthetic';
  }

  function figures(out: FlowOutput, k: number): Record<keyof typeof figs, FigureSpec> {
    const t = out.times.slice(0, k);
    const cut = (rows: number[][]) => rows.map((r) => r.slice(0, k));
    const size = { width: 470, height: 300 };
    const positive = (xs: number[]) => xs.map((x) => (x > 0 ? x : Number.NaN));
    return {
      traj: trajectoryOverlayPlot(
        { t, thetaFlow: cut(out.zTheta), zFlow: cut(out.zIntrinsic) },
        {
          labels: out.zLabels,
          title: `z = φ(θ(t)) solid, intrinsic z(t) dashed (${out.zLabels.length} of d = ${out.d})`,
          ...size,
        },
      ),
      dev: {
        panels: [
          {
            kind: 'xy',
            title: 'deviation max_p |φ(θ(t)) − z(t)|',
            x: { label: 't', domain: [0, out.times[out.times.length - 1]!] },
            y: { label: 'deviation', scale: 'log' },
            invalid: 'drop',
            legend: 'none',
            series: [{ type: 'line', x: t, y: positive(out.deviation.slice(0, k)), label: 'deviation' }],
          },
        ],
        panelWidth: size.width,
        panelHeight: size.height,
      },
      drift: lawDriftPlot(
        { t, drift: cut(out.lawDrift).map(positive) },
        { labels: out.lawLabels, title: 'law drift |h(θ(t)) − h(θ(0))|', ...size },
      ),
      loss: lossPlot(
        {
          x: t,
          loss:
            out.lossIntrinsic === null
              ? [out.lossTheta.slice(0, k)]
              : [out.lossTheta.slice(0, k), out.lossIntrinsic.slice(0, k)],
        },
        { labels: out.lossIntrinsic === null ? ['θ-flow'] : ['θ-flow', 'z-flow'], title: 'loss', ...size },
      ),
    };
  }

  function draw(out: FlowOutput, k: number): void {
    for (const [key, fig] of Object.entries(figures(out, Math.max(2, k))) as [
      keyof typeof figs,
      FigureSpec,
    ][]) {
      try {
        setSvg(figs[key], renderSvg(fig, { idPrefix: `flow-${key}` }));
      } catch (error) {
        figs[key].textContent = `(${(error as Error).message.split('\n')[0]})`;
      }
    }
  }

  function showReadout(out: FlowOutput): void {
    const rows: [string, string, string][] = [
      ['max deviation', formatDeviation(out.maxDeviation), 'flow-deviation'],
      ['law drift (θ-flow)', fmt(out.maxLawDrift), 'flow-drift'],
      [
        'final loss θ / z',
        `${fmt(out.lossTheta.at(-1) ?? Number.NaN, 4)}${out.lossIntrinsic ? ` / ${fmt(out.lossIntrinsic.at(-1) ?? Number.NaN, 4)}` : ''}`,
        'flow-loss-final',
      ],
      ['D / d', `${out.D} / ${out.d}`, 'flow-dims'],
      ['metric', out.model, 'flow-model'],
    ];
    readout.replaceChildren(
      ...rows.flatMap(([k, v, id]) => [h('dt', {}, k), h('dd', { id, 'data-testid': id }, v)]),
    );
  }

  function animate(out: FlowOutput, token: number): void {
    const n = out.times.length;
    const start = performance.now();
    const step = () => {
      if (token !== runToken) return;
      const k = Math.min(n, 2 + Math.floor(((performance.now() - start) / ANIMATION_MS) * n));
      draw(out, k);
      readAt(out, k - 1);
      if (k < n) frame = requestAnimationFrame(step);
    };
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(step);
  }

  function run(): void {
    const st = ctx.state();
    syncVisibility(st);
    const token = ++runToken;
    cancelAnimationFrame(frame);
    if (st.init === 'relaxed' && linearWidths(st.net) === null) {
      setStatus(
        'Relaxed balanced inits are for layered linear networks (e.g. linear:3-3-2): choose one, or pick the Gaussian/balanced init.',
        'error',
      );
      return;
    }
    setStatus('Integrating both flows (DOPRI5, rtol 1e-11)…', 'busy');
    const { net, init, seed, scale, lambda, loss, lossSeed, csv, T } = st;
    const started = performance.now();
    ctx
      .lane('flow')
      .run({ kind: 'flow', input: { net, init, seed, scale, lambda, loss, lossSeed, csv, T } })
      .then((done) => {
        if (done === null || done.kind !== 'flow' || token !== runToken) return;
        const out = done.output;
        shown = out;
        scrubber.max = String(out.times.length - 1);
        showReadout(out);
        const secs = ((performance.now() - started) / 1000).toFixed(2);
        if (out.stopped !== null) {
          setStatus(`The run stopped at t = ${fmt(out.times.at(-1) ?? 0)}: ${out.stopped}`, 'error');
          draw(out, out.times.length);
          readAt(out, out.times.length - 1);
        } else {
          setStatus(
            `Done in ${secs} s: both flows reached T = ${st.T} (${out.times.length} frames).${out.notes.length ? ` ${out.notes.join('; ')}` : ''}`,
            'ok',
          );
          animate(out, token);
        }
      })
      .catch((error: Error) => {
        if (token !== runToken) return;
        setStatus(`The run stopped: ${error.message}`, 'error');
      });
  }

  syncVisibility(s0);
  run();

  return {
    update(st: AppState) {
      syncVisibility(st);
    },
    destroy() {
      runToken++;
      cancelAnimationFrame(frame);
      ctx.lane('flow').cancel();
    },
  };
};
