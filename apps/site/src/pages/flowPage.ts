/**
 * Flow lab: the θ-flow and the intrinsic z-flow side by side for the network of the state, with a
 * Play / Pause / Step / Reset player like TensorFlow Playground's. The first run integrates [0, T]
 * (what `idyn flow` reports); Play then continues past T: the plots grow frame by frame at the
 * chosen speed while the worker integrates ahead on a doubled horizon (each extension recomputes
 * from t = 0 on the same time grid, because the flow study integrates both flows in one call;
 * the total work stays within twice that of one run to the final horizon). Axes are fixed per
 * horizon, legends sit under the plots, exact zeros on log scales are marked. Every field is
 * checked inline: an invalid value is marked, nothing runs, and the results shown are dimmed.
 */
import { FLOW_MAX_FRAMES } from '../budget.js';
import type { PageContext, PageFactory } from '../context.js';
import { bindField, type BoundField, debounce, field, fmt, h, select, textInput } from '../dom.js';
import { pageIntro, term } from '../glossary.js';
import { colorOf, domainOf, FigureBox } from '../plots.js';
import { FLOW_FRAMES, type FlowOutput, type FlowState, formatDeviation, linearWidths } from '../runFlow.js';
import { type AppState, INITS, LOSSES, type StateKey } from '../state.js';
import { TaskControl } from '../task.js';
import { PRESETS } from './networkPage.js';

/** Frames per second at speed 1× (the first T, 60 frames, plays in 2.5 s). */
const BASE_FPS = 24;
const SPEEDS = ['0.25', '0.5', '1', '2', '4'] as const;
/** Fewest milliseconds between two redraws while playing. */
const DRAW_EVERY_MS = 60;

const FLOW_KEYS = [
  'net',
  'init',
  'seed',
  'scale',
  'lambda',
  'loss',
  'lossSeed',
  'csv',
  'T',
] as const satisfies readonly StateKey[];

export const flowPage: PageFactory = (root: HTMLElement, ctx: PageContext) => {
  const lane = ctx.lane('flow');
  const s0 = ctx.state();
  const controls = {
    net: textInput('net', { id: 'flow-net', value: s0.net }),
    init: select(
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
    ),
    seed: textInput('seed', { id: 'flow-seed', inputmode: 'numeric', value: s0.seed, size: 8 }),
    scale: textInput('scale', { id: 'flow-scale', value: String(s0.scale), size: 5 }),
    lambda: textInput('lambda', { id: 'flow-lambda', inputmode: 'decimal', value: s0.lambda, size: 6 }),
    loss: select(
      LOSSES.map(
        (k) =>
          [k, k === 'synthetic' ? 'synthetic f(z) = ½‖z − Y‖² + 0.1 Σz⁴/4' : 'data set (CSV, MSE)'] as const,
      ),
      s0.loss,
      { id: 'flow-loss' },
    ),
    lossSeed: textInput('lossSeed', {
      id: 'flow-loss-seed',
      inputmode: 'numeric',
      value: s0.lossSeed,
      size: 8,
    }),
    csv: h('textarea', {
      id: 'flow-csv',
      rows: 4,
      spellcheck: 'false',
      placeholder: 'x0,x1,y0,y1\n1,2,0.5,1\n-1,0.5,0,2',
    }),
    T: textInput('T', { id: 'flow-T', inputmode: 'decimal', value: s0.T, size: 6 }),
  };
  controls.csv.value = s0.csv;
  const netSelect = select(
    [
      ['', 'presets…'],
      ...PRESETS.filter((p) => !/^(maxpool|conv|attention)/.test(p)).map((p) => [p, p] as const),
    ],
    '',
    { 'aria-label': 'choose a preset' },
  );
  const wrappers: Record<(typeof FLOW_KEYS)[number], HTMLElement> = {
    net: field('Network', controls.net),
    init: field('Init', controls.init),
    seed: field('seed', controls.seed),
    scale: field('scale', controls.scale, 'σ or he'),
    lambda: field(term('lambda', 'λ'), controls.lambda, 'UᵀU − VᵀV = λI'),
    loss: field('Loss', controls.loss),
    lossSeed: field('target seed', controls.lossSeed),
    csv: field('CSV data (inputs, then outputs)', controls.csv),
    T: field('first run to T', controls.T),
  };

  const task = new TaskControl('flow', () => {
    lane.cancel();
    pause();
  });
  const playButton = h(
    'button',
    { type: 'button', id: 'flow-play', class: 'primary', 'aria-label': 'play' },
    '▶ Play',
  );
  const stepButton = h(
    'button',
    { type: 'button', id: 'flow-step', title: 'one output time forward' },
    'Step +1',
  );
  const resetButton = h('button', { type: 'button', id: 'flow-reset', title: 'back to t = 0' }, 'Reset');
  const speedSelect = select(
    SPEEDS.map((s) => [s, `${s}×`] as const),
    '1',
    { id: 'flow-speed' },
  );
  const clock = h('output', { id: 'flow-time', class: 'readout' });
  const scrubber = h('input', {
    type: 'range',
    id: 'flow-scrub',
    min: 0,
    max: 0,
    step: 1,
    value: 0,
    'aria-label': 'time',
  });
  const readout = h('dl', { class: 'stats', id: 'flow-readout' });
  const crossingsBox = h('div', { id: 'flow-crossings' });
  const figs = {
    traj: new FigureBox('fig-trajectory'),
    dev: new FigureBox('fig-deviation'),
    drift: new FigureBox('fig-drift'),
    loss: new FigureBox('fig-loss'),
  };
  const resultsBox = h(
    'section',
    { class: 'flow-results', id: 'flow-results', 'aria-label': 'flow results' },
    readout,
    crossingsBox,
    h('div', { class: 'grid2' }, figs.traj.element, figs.dev.element, figs.drift.element, figs.loss.element),
  );

  root.append(
    pageIntro(
      'Flow lab',
      'Gradient descent in continuous time moves the parameters θ; the page lifts that flow to z = φ(θ) and integrates, beside it, the intrinsic flow of z alone. When the dynamics is intrinsic the two curves lie on each other (dashes on solid lines) and the conserved quantities stay put; press Play to keep training past T.',
      '4',
      'modules/_idyn_intrinsic.html',
    ),
    h(
      'section',
      { class: 'controls', 'aria-label': 'flow settings' },
      h('div', { class: 'row' }, wrappers.net, netSelect),
      h('div', { class: 'row' }, wrappers.init, wrappers.seed, wrappers.scale, wrappers.lambda),
      h('div', { class: 'row' }, wrappers.loss, wrappers.lossSeed, wrappers.T),
      wrappers.csv,
    ),
    task.element,
    h(
      'div',
      { class: 'player row', role: 'group', 'aria-label': 'player' },
      resetButton,
      playButton,
      stepButton,
      field('speed', speedSelect),
      h(
        'div',
        { class: 'field grow' },
        h('label', { class: 'field-label', for: 'flow-scrub' }, 'time'),
        scrubber,
      ),
      clock,
    ),
    resultsBox,
  );

  // ---- fields: one validator for inputs and links
  const invalid = new Set<string>();
  const bound = {} as { [K in (typeof FLOW_KEYS)[number]]: BoundField<K> };
  const commitLater = debounce(() => {
    if (invalid.size > 0) return;
    const change: Partial<AppState> = {};
    for (const k of FLOW_KEYS) (change as Record<string, unknown>)[k] = bound[k].value();
    ctx.commit(change);
  }, 400);
  for (const key of FLOW_KEYS) {
    (bound as Record<string, unknown>)[key] = bindField(key, controls[key], wrappers[key], {
      onValid() {
        invalid.delete(key);
        syncVisibility();
        if (invalid.size === 0) commitLater();
        else showInvalid();
      },
      onInvalid() {
        invalid.add(key);
        commitLater.cancel();
        showInvalid();
      },
    });
  }
  netSelect.addEventListener('change', () => {
    if (netSelect.value === '') return;
    controls.net.value = netSelect.value;
    netSelect.value = '';
    controls.net.dispatchEvent(new Event('input'));
  });

  function showInvalid(): void {
    lane.cancel();
    pause();
    resultsBox.classList.add('stale');
    task.finish(
      `Nothing runs until ${[...invalid].map((k) => (k === 'T' ? 'T' : k === 'lossSeed' ? 'the target seed' : `the ${k}`)).join(', ')} ${invalid.size > 1 ? 'are' : 'is'} fixed; the results below are for the previous settings.`,
      'warn',
    );
  }

  function syncVisibility(): void {
    const init = controls.init.value;
    const loss = controls.loss.value;
    wrappers.lambda.hidden = init !== 'relaxed';
    wrappers.scale.hidden = init === 'relaxed';
    wrappers.csv.hidden = loss !== 'csv';
    wrappers.lossSeed.hidden = loss !== 'synthetic';
  }

  // ---- the player
  let data: FlowOutput | null = null;
  /** Current frame (fractional while playing). */
  let k = 0;
  let playing = false;
  let extending = false;
  let frame = 0;
  let lastTick = 0;
  let lastDraw = 0;
  let runKey = '';
  let firstOutput: FlowOutput | null = null;

  function flowState(st: AppState): FlowState {
    const { net, init, seed, scale, lambda, loss, lossSeed, csv, T } = st;
    return { net, init, seed, scale, lambda, loss, lossSeed, csv, T };
  }

  function last(): number {
    return data === null ? 0 : data.times.length - 1;
  }

  function setPlaying(on: boolean): void {
    playing = on;
    playButton.textContent = on ? '■ Pause' : '▶ Play';
    playButton.setAttribute('aria-label', on ? 'pause' : 'play');
    playButton.dataset.playing = String(on);
    if (on) {
      lastTick = performance.now();
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(tick);
    } else {
      cancelAnimationFrame(frame);
      if (data !== null) {
        // hold on the frame shown: what the scrubber and the read-out say is where Step starts
        k = Math.min(last(), Math.floor(k));
        draw(true);
      }
    }
  }

  function pause(): void {
    setPlaying(false);
  }

  /** Whether the horizon can grow (the run reached it and the budget allows a doubled one). */
  function canExtend(): boolean {
    if (data === null || data.stopped !== null) return false;
    return 2 * (data.times.length - 1) + 1 <= FLOW_MAX_FRAMES;
  }

  function extend(): void {
    if (extending || data === null || !canExtend()) return;
    extending = true;
    const st = flowState(ctx.state());
    const horizon = data.horizon * 2;
    const frames = 2 * (data.times.length - 1) + 1;
    const key = runKey;
    task.start(`Integrating ahead to t = ${fmt(horizon)}`);
    lane
      .run({ kind: 'flow', input: { ...st, horizon, frames } }, { onProgress: (p) => task.progress(p) })
      .then((done) => {
        extending = false;
        if (done === null || done.kind !== 'flow' || key !== runKey) return;
        data = done.output;
        scrubber.max = String(last());
        task.finish(statusText(done.output), done.output.stopped === null ? 'ok' : 'error');
        draw(true);
      })
      .catch((error: Error) => {
        extending = false;
        pause();
        task.finish(`The run stopped: ${error.message}`, 'error');
      });
  }

  function tick(now: number): void {
    if (!playing || data === null) return;
    const speed = Number(speedSelect.value);
    k += ((now - lastTick) / 1000) * BASE_FPS * speed;
    lastTick = now;
    if (k >= last()) {
      k = last();
      if (!canExtend()) {
        pause();
        task.finish(
          data.stopped !== null
            ? `The run stopped at t = ${fmt(data.times[last()]!)}: ${data.stopped}`
            : `Reached t = ${fmt(data.times[last()]!)}, the longest run this page keeps (${FLOW_MAX_FRAMES} output times).`,
          data.stopped !== null ? 'error' : 'ok',
        );
        draw(true);
        return;
      }
      extend();
    } else if (k > 0.6 * last() && canExtend()) extend();
    if (now - lastDraw >= DRAW_EVERY_MS) draw(false);
    frame = requestAnimationFrame(tick);
  }

  function step(): void {
    if (data === null) return;
    pause();
    if (Math.floor(k) >= last()) {
      if (canExtend()) {
        extend();
        k = last() + 1; // shown once the extension arrives
      }
      return;
    }
    k = Math.floor(k) + 1;
    draw(true);
  }

  function statusText(out: FlowOutput): string {
    if (out.stopped !== null) return `The run stopped at t = ${fmt(out.times.at(-1) ?? 0)}: ${out.stopped}`;
    const notes = out.notes.length ? ` ${out.notes.join('; ')}.` : '';
    return `Done in ${task.seconds().toFixed(2)} s: both flows reached t = ${fmt(out.horizon)} (${out.times.length} output times).${notes}${playing ? '' : ' Press Play to keep training.'}`;
  }

  function maxUpTo(values: readonly number[], i: number): number {
    let m = Number.NaN;
    for (let j = 0; j <= i; j++) {
      const v = values[j]!;
      if (!Number.isNaN(v) && !(v <= m)) m = v;
    }
    return m;
  }

  /** Draws the frames 0..k with the axes of the whole horizon. */
  function draw(force: boolean): void {
    if (data === null) return;
    const out = data;
    lastDraw = performance.now();
    const i = Math.max(0, Math.min(last(), Math.floor(k)));
    scrubber.value = String(i);
    const t = out.times.slice(0, i + 1);
    const T = out.horizon;
    clock.textContent = `t = ${fmt(out.times[i]!, 3)} of ${fmt(T, 3)}`;
    // readout
    const isEnd = firstOutput !== null && out === firstOutput && i === last();
    const dev = isEnd ? out.maxDeviation : maxUpTo(out.deviation, i);
    const drift = Math.max(0, ...out.lawDrift.map((r) => maxUpTo(r, i)).filter((x) => !Number.isNaN(x)));
    const rows: [Node | string, string, string][] = [
      [
        term('deviation', `max deviation on [0, ${fmt(out.times[i]!, 3)}]`),
        out.noIntrinsicFlow !== null ? 'no intrinsic flow' : formatDeviation(dev),
        'flow-deviation',
      ],
      [term('drift', 'law drift (θ-flow)'), fmt(drift), 'flow-drift'],
      [
        'loss θ-flow / z-flow',
        `${fmt(out.lossTheta[i] ?? Number.NaN, 4)}${out.lossIntrinsic ? ` / ${fmt(out.lossIntrinsic[i] ?? Number.NaN, 4)}` : ''}`,
        'flow-loss-final',
      ],
      [h('span', {}, term('D', 'D'), ' / ', term('d', 'd')), `${out.D} / ${out.d}`, 'flow-dims'],
      [
        h(
          'span',
          {},
          term('intrinsic', 'intrinsic metric'),
          ' (defined at ',
          term('recoverable', 'recoverable'),
          ' points)',
        ),
        out.model,
        'flow-model',
      ],
      ...(out.zLabels.length > 0
        ? ([
            [
              'z: θ-flow / z-flow',
              out.zLabels
                .slice(0, 3)
                .map(
                  (l, j) =>
                    `${l} ${fmt(out.zTheta[j]![i]!, 4)} / ${out.zIntrinsic[j] ? fmt(out.zIntrinsic[j]![i]!, 4) : '—'}`,
                )
                .join(', '),
              'flow-z',
            ],
          ] as [string, string, string][])
        : []),
    ];
    readout.replaceChildren(
      ...rows.flatMap(([key, v, id]) => [h('dt', {}, key), h('dd', { id, 'data-testid': id }, v)]),
    );
    if (!force && !playing) return;
    // figures: domains from the whole horizon (they change only when it doubles)
    const xDomain: [number, number] = [0, T];
    const coords = out.zLabels.map((label, j) => ({ label, color: colorOf(j), j }));
    const cut = (row: readonly number[]) => row.slice(0, i + 1);
    figs.traj.draw(
      {
        title: `z = φ(θ(t)) solid, intrinsic z(t) dashed (${out.zLabels.length} of d = ${out.d})`,
        xLabel: 't',
        yLabel: 'z',
        scale: 'linear',
        xDomain,
        yDomain: domainOf([...out.zTheta, ...out.zIntrinsic], 'linear'),
        curves: coords.flatMap(({ label, color, j }) => [
          { x: t, y: cut(out.zTheta[j]!), label, color },
          ...(out.zIntrinsic[j]
            ? [
                {
                  x: t,
                  y: cut(out.zIntrinsic[j]!),
                  label: `${label} (z-flow)`,
                  color,
                  dash: 'dashed' as const,
                },
              ]
            : []),
        ]),
        legend: [
          ...coords.map(({ label, color }) => ({ label, color })),
          { label: 'solid: φ(θ(t)), dashed: z(t)', color: '#667085', dash: 'dashed' },
        ],
      },
      `The first ${out.zLabels.length} coordinates of z along both flows up to t = ${fmt(out.times[i]!, 3)}.`,
    );
    figs.dev.draw(
      {
        title: 'deviation max_p |φ(θ(t)) − z(t)|',
        xLabel: 't',
        yLabel: 'deviation',
        scale: 'log',
        xDomain,
        yDomain: domainOf([out.deviation], 'log'),
        curves: [{ x: t, y: cut(out.deviation), label: 'deviation', color: colorOf(0) }],
      },
      `The deviation between the two flows up to t = ${fmt(out.times[i]!, 3)}; its maximum is ${formatDeviation(dev)}.`,
    );
    figs.drift.draw(
      {
        title: 'law drift |h(θ(t)) − h(θ(0))|',
        xLabel: 't',
        yLabel: 'drift',
        scale: 'log',
        xDomain,
        yDomain: domainOf(out.lawDrift, 'log'),
        curves: out.lawDrift
          .slice(0, 6)
          .map((row, j) => ({ x: t, y: cut(row), label: out.lawLabels[j] ?? `law ${j}`, color: colorOf(j) })),
      },
      `How far each conserved quantity moved along the θ-flow up to t = ${fmt(out.times[i]!, 3)}.`,
    );
    figs.loss.draw(
      {
        title: 'loss',
        xLabel: 't',
        yLabel: 'loss',
        scale: 'log',
        xDomain,
        yDomain: domainOf(out.lossIntrinsic ? [out.lossTheta, out.lossIntrinsic] : [out.lossTheta], 'log'),
        curves: [
          { x: t, y: cut(out.lossTheta), label: 'θ-flow', color: colorOf(0) },
          ...(out.lossIntrinsic
            ? [
                {
                  x: t,
                  y: cut(out.lossIntrinsic),
                  label: 'z-flow',
                  color: colorOf(1),
                  dash: 'dashed' as const,
                },
              ]
            : []),
        ],
      },
      `The loss along both flows up to t = ${fmt(out.times[i]!, 3)}.`,
    );
  }

  function showCrossings(out: FlowOutput): void {
    crossingsBox.replaceChildren(
      ...(out.noIntrinsicFlow !== null
        ? [
            h(
              'p',
              { class: 'verdict warn', id: 'flow-no-intrinsic' },
              `No intrinsic flow here: ${out.noIntrinsicFlow}. The θ-flow ran; its law drift is shown.`,
            ),
          ]
        : []),
      ...(out.crossings.length > 0
        ? [
            h(
              'p',
              { class: 'hint', id: 'flow-crossing-note' },
              term(
                'crossing',
                `${out.crossings.length} crossing${out.crossings.length > 1 ? 's' : ''} where z does not determine the metric`,
              ),
              ` — agreement before the first: ${formatDeviation(out.deviationBeforeCrossing)}.`,
            ),
            h(
              'ul',
              { class: 'crossings', id: 'flow-crossings' },
              ...out.crossings.slice(0, 10).map((c) => h('li', {}, c.text)),
            ),
          ]
        : []),
      ...(out.pieces.length > 1
        ? [
            h(
              'ol',
              { class: 'pieces', id: 'flow-pieces' },
              ...out.pieces.map((p) =>
                h(
                  'li',
                  {},
                  `piece t ∈ [${p.tStart.toPrecision(3)}, ${p.tEnd.toPrecision(3)}]: max deviation ${formatDeviation(p.maxDeviation)}${p.status === 'success' ? '' : ` (${p.status})`}`,
                ),
              ),
            ),
          ]
        : []),
    );
  }

  scrubber.addEventListener('input', () => {
    pause();
    k = Number(scrubber.value);
    draw(true);
  });
  playButton.addEventListener('click', () => {
    if (data === null) return;
    if (playing) {
      pause();
      return;
    }
    if (Math.floor(k) >= last() && !canExtend()) k = 0; // at the end: play again from the start
    setPlaying(true);
  });
  stepButton.addEventListener('click', step);
  resetButton.addEventListener('click', () => {
    pause();
    k = 0;
    draw(true);
  });

  function run(st: AppState): void {
    pause();
    lane.cancel();
    extending = false;
    const key = FLOW_KEYS.map((x) => String(st[x])).join('|');
    runKey = key;
    if (st.init === 'relaxed' && linearWidths(st.net) === null) {
      resultsBox.classList.add('stale');
      task.finish(
        'Relaxed balanced inits are for layered linear networks (e.g. linear:3-3-2): choose one, or pick the Gaussian or balanced init.',
        'error',
      );
      return;
    }
    resultsBox.classList.add('stale');
    task.start('Integrating both flows (DOPRI5, rtol 1e-11)');
    lane
      .run(
        { kind: 'flow', input: { ...flowState(st), horizon: st.T, frames: FLOW_FRAMES } },
        { onProgress: (p) => task.progress(p) },
      )
      .then((done) => {
        if (done === null || done.kind !== 'flow' || key !== runKey) return;
        data = done.output;
        firstOutput = done.output;
        k = last();
        scrubber.max = String(last());
        resultsBox.classList.remove('stale');
        showCrossings(done.output);
        task.finish(statusText(done.output), done.output.stopped === null ? 'ok' : 'error');
        draw(true);
      })
      .catch((error: Error) => {
        if (key !== runKey) return;
        task.finish(`The run stopped: ${error.message}`, 'error');
      });
  }

  function update(st: AppState): void {
    for (const key of FLOW_KEYS) (bound[key] as BoundField<typeof key>).show(st[key] as never);
    invalid.clear();
    for (const key of FLOW_KEYS) if (!bound[key].valid()) invalid.add(key);
    syncVisibility();
    const key = FLOW_KEYS.map((x) => String(st[x])).join('|');
    if (key !== runKey) run(st);
    else if (invalid.size === 0 && task.status.dataset.state === 'warn' && data !== null) {
      // the fields are back to the values of the results shown
      resultsBox.classList.remove('stale');
      task.finish(statusText(data), data.stopped === null ? 'ok' : 'error');
    }
  }

  syncVisibility();
  update(s0);

  return {
    update,
    destroy() {
      pause();
      commitLater.cancel();
      lane.cancel();
      task.dispose();
    },
  };
};
