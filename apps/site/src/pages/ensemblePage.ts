/**
 * Ensemble page: thousands of gradient flows of one ReLU network at once on the GPU (WebGPU when
 * the browser has a real adapter, else gpu.js on WebGL2), each initialized with its conserved
 * quantities h_v set to a value λ; how λ relates to where training ends; the backend that really
 * ran and why; progress (flows done, steps/s) with Cancel; and a bench of cpu-float64, gpu.js and
 * WebGPU side by side. Every field is checked inline: nothing runs from an invalid value, and
 * results that no longer match the fields are dimmed.
 */
import { ensembleBandPlot, renderSvg } from '@idyn/plot';
import type { PageContext, PageFactory } from '../context.js';
import { bindField, type BoundField, debounce, field, fmt, h, setSvg, textInput } from '../dom.js';
import { pageIntro, term } from '../glossary.js';
import { FigureBox } from '../plots.js';
import type { BenchRow, EnsembleOutput } from '../runEnsemble.js';
import type { AppState, StateKey } from '../state.js';
import { TaskControl } from '../task.js';

const KEYS = ['ensNet', 'members', 'ensT', 'ensSeed'] as const satisfies readonly StateKey[];

export const ensemblePage: PageFactory = (root: HTMLElement, ctx: PageContext) => {
  const lane = ctx.lane('ensemble');
  const benchLane = ctx.lane('bench');
  const s0 = ctx.state();
  const controls = {
    ensNet: textInput('ensNet', { id: 'ens-net', value: s0.ensNet, size: 10 }),
    members: textInput('members', { id: 'ens-members', inputmode: 'numeric', value: s0.members, size: 7 }),
    ensT: textInput('ensT', { id: 'ens-T', inputmode: 'decimal', value: s0.ensT, size: 6 }),
    ensSeed: textInput('ensSeed', { id: 'ens-seed', inputmode: 'numeric', value: s0.ensSeed, size: 8 }),
  };
  const wrappers = {
    ensNet: field('ReLU widths', controls.ensNet, 'e.g. 2-6-1'),
    members: field('flows', controls.members),
    ensT: field('T', controls.ensT),
    ensSeed: field('seed', controls.ensSeed),
  };
  const runButton = h('button', { type: 'button', id: 'ens-run', class: 'primary' }, 'Run ensemble');
  const benchButton = h('button', { type: 'button', id: 'ens-bench' }, 'Bench: CPU vs gpu.js vs WebGPU');
  const task = new TaskControl('ens', () => lane.cancel(), [runButton]);
  const benchTask = new TaskControl('bench', () => benchLane.cancel(), [benchButton]);
  const readout = h('dl', { class: 'stats', id: 'ens-readout' });
  const bench = h('div', { class: 'bench', id: 'ens-bench-result' });
  const scatter = h('div', { class: 'figure', id: 'fig-ens-scatter' });
  const band = new FigureBox('fig-ens-band', 470, 320);
  const results = h(
    'div',
    { id: 'ens-results' },
    readout,
    h('div', { class: 'grid2' }, scatter, band.element),
  );
  root.append(
    pageIntro(
      'Ensemble',
      'Each flow starts from a He-Gaussian init rescaled so that every hidden neuron has the same conserved value h_v = λ, with λ spread over [−1.5, 1.5]; all flows fit the same 32-sample regression set (MSE, RK4 with step 0.02), integrated together on the GPU. Since h_v never changes along a flow, λ is a label of the whole trajectory: the scatter shows how it relates to where training ends.',
      '1',
      'modules/_idyn_integrators-gpu.html',
    ),
    h(
      'section',
      { class: 'controls', 'aria-label': 'ensemble settings' },
      h(
        'div',
        { class: 'row' },
        wrappers.ensNet,
        wrappers.members,
        wrappers.ensT,
        wrappers.ensSeed,
        runButton,
      ),
    ),
    task.element,
    results,
    h(
      'section',
      { class: 'bench-section', 'aria-labelledby': 'bench-heading' },
      h('h3', { id: 'bench-heading' }, term('backend', 'Backends side by side')),
      h('div', { class: 'row' }, benchButton),
      benchTask.element,
      bench,
    ),
  );

  const invalid = new Set<string>();
  const bound = {} as { [K in (typeof KEYS)[number]]: BoundField<K> };
  const commitLater = debounce(() => {
    if (invalid.size > 0) return;
    const change: Partial<AppState> = {};
    for (const k of KEYS) (change as Record<string, unknown>)[k] = bound[k].value();
    ownKey = keyOf({ ...ctx.state(), ...change });
    ctx.commit(change);
  }, 300);
  for (const key of KEYS) {
    (bound as Record<string, unknown>)[key] = bindField(key, controls[key], wrappers[key], {
      onValid() {
        invalid.delete(key);
        refreshStale();
        if (invalid.size === 0) commitLater();
      },
      onInvalid() {
        invalid.add(key);
        commitLater.cancel();
        refreshStale();
      },
    });
  }

  let shownKey = '';
  /** The setting this page committed last (its own edits do not start a run; a pasted link does). */
  let ownKey = '';
  const keyOf = (st: Pick<AppState, (typeof KEYS)[number]>) => KEYS.map((k) => String(st[k])).join('|');

  /** Dims the results and disables Run while the fields do not hold a valid setting that matches them. */
  function refreshStale(): void {
    runButton.disabled = invalid.size > 0 || task.running;
    benchButton.disabled = invalid.size > 0 || benchTask.running;
    const current =
      invalid.size > 0
        ? null
        : keyOf(
            Object.fromEntries(KEYS.map((k) => [k, bound[k].value()])) as Pick<
              AppState,
              (typeof KEYS)[number]
            >,
          );
    results.classList.toggle('stale', shownKey !== '' && current !== shownKey);
    if (invalid.size > 0 && !task.running)
      task.setState('Fix the marked field to run; the results below are for the previous settings.', 'warn');
  }

  function show(out: EnsembleOutput): void {
    const rows: [Node | string, string, string][] = [
      [term('backend', 'backend that ran'), `${out.backend} (${out.precision})`, 'ens-backend'],
      ['why this backend', out.choice, 'ens-choice'],
      [
        h('span', {}, term('lambda', 'λ'), ' = ', term('hv', 'h_v'), ' at t = 0'),
        `${out.lambdas.length} values from ${fmt(out.lambdas[0] ?? Number.NaN)} to ${fmt(out.lambdas.at(-1) ?? Number.NaN)}`,
        'ens-lambda',
      ],
      ['flows × parameters', `${out.members} × ${out.dim}`, 'ens-size'],
      [
        term('trajectory', 'integration time'),
        `${out.seconds.toFixed(2)} s (${fmt(out.trajectorySteps / out.seconds)} trajectory-steps/s)`,
        'ens-time',
      ],
      [term('drift', 'max law drift (float32 backend)'), fmt(out.maxLawDrift), 'ens-drift'],
      ['stopped early', String(out.stopped), 'ens-stopped'],
    ];
    readout.replaceChildren(
      ...rows.flatMap(([k, v, id]) => [h('dt', {}, k), h('dd', { id, 'data-testid': id }, v)]),
    );
    const finite = out.lambdas
      .map((l, i) => [l, out.finalLoss[i]!] as const)
      .filter(([, l]) => Number.isFinite(l) && l > 0);
    try {
      setSvg(
        scatter,
        renderSvg(
          {
            panels: [
              {
                kind: 'xy',
                title: 'final loss vs the conserved h_v = λ',
                x: { label: 'λ = h_v(θ(0)) (conserved)' },
                y: { label: 'final loss L(θ(T))', scale: 'log' },
                invalid: 'drop',
                legend: 'none',
                series: [
                  {
                    type: 'scatter',
                    x: finite.map((p) => p[0]),
                    y: finite.map((p) => p[1]),
                    label: `${finite.length} flows`,
                    radius: 2.5,
                  },
                ],
              },
            ],
            panelWidth: 470,
            panelHeight: 320,
          },
          { idPrefix: 'ens-sc' },
        ),
        'Final loss against λ',
        `A scatter of the final loss of each of the ${finite.length} flows against its conserved value λ.`,
      );
      const groups = [
        { label: 'λ < −0.5', runs: out.loss.filter((_, i) => out.lambdas[i]! < -0.5) },
        { label: '|λ| ≤ 0.5', runs: out.loss.filter((_, i) => Math.abs(out.lambdas[i]!) <= 0.5) },
        { label: 'λ > 0.5', runs: out.loss.filter((_, i) => out.lambdas[i]! > 0.5) },
      ].filter((g) => g.runs.length > 0);
      band.drawSpec(
        ensembleBandPlot(
          { x: out.times, groups },
          {
            logY: true,
            title: 'loss: min–max band and median per λ group',
            xLabel: 't',
            yLabel: 'loss',
            width: 470,
            height: 320,
          },
        ),
        'Loss bands per λ group',
        `The loss over time of the flows in ${groups.length} groups of λ: the band spans the minimum to the maximum, the line is the median.`,
      );
    } catch (error) {
      scatter.textContent = `(${(error as Error).message.split('\n')[0]})`;
    }
  }

  function run(): void {
    if (invalid.size > 0) return;
    const st = ctx.state();
    const key = keyOf(st);
    task.start(`Integrating ${st.members} flows on the GPU`);
    refreshStale();
    lane
      .run(
        {
          kind: 'ensemble',
          input: { ensNet: st.ensNet, members: st.members, ensT: st.ensT, ensSeed: st.ensSeed },
        },
        { onProgress: (p) => task.progress(p) },
      )
      .then((done) => {
        if (done === null || done.kind !== 'ensemble') return;
        shownKey = key;
        show(done.output);
        task.finish(
          `Done: ${done.output.members} flows on ${done.output.backend} in ${task.seconds().toFixed(1)} s.`,
          'ok',
        );
        refreshStale();
      })
      .catch((error: Error) => {
        task.finish(`The ensemble stopped: ${error.message}`, 'error');
        refreshStale();
      });
  }

  function benchTable(rows: BenchRow[]): void {
    const cpu = rows.find((r) => r.kind === 'cpu-float64');
    bench.replaceChildren(
      h(
        'div',
        { class: 'scroll-x' },
        h(
          'table',
          { id: 'bench-table' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', {}, 'backend'),
              h('th', {}, 'ran on'),
              h('th', {}, 'flows'),
              h('th', {}, 'steps'),
              h('th', {}, 'seconds'),
              h('th', {}, 'trajectory-steps/s'),
              h('th', {}, '× CPU'),
              h('th', {}, 'note'),
            ),
          ),
          h(
            'tbody',
            {},
            ...rows.map((p) =>
              h(
                'tr',
                { 'data-backend': p.kind },
                h('td', {}, p.kind),
                h('td', {}, p.backend),
                h('td', {}, String(p.members)),
                h('td', {}, String(p.steps)),
                h('td', {}, Number.isFinite(p.seconds) ? p.seconds.toFixed(3) : '—'),
                h('td', {}, fmt(p.stepsPerSecond)),
                h(
                  'td',
                  {},
                  cpu && Number.isFinite(p.stepsPerSecond)
                    ? `${(p.stepsPerSecond / cpu.stepsPerSecond).toFixed(2)}×`
                    : '—',
                ),
                h('td', {}, p.note),
              ),
            ),
          ),
        ),
      ),
      ...(rows.length > 1 && cpu
        ? [
            h(
              'p',
              { id: 'bench-ratio' },
              rows
                .filter((r) => r !== cpu && Number.isFinite(r.stepsPerSecond))
                .map(
                  (r) =>
                    `${r.kind} (${r.backend}) / cpu-float64: ${(r.stepsPerSecond / cpu.stepsPerSecond).toFixed(2)}×`,
                )
                .join('; '),
            ),
          ]
        : []),
    );
  }

  function runBench(): void {
    if (invalid.size > 0) return;
    const st = ctx.state();
    const rows: BenchRow[] = [];
    bench.replaceChildren();
    benchTask.start('Measuring');
    refreshStale();
    benchLane
      .run(
        {
          kind: 'bench',
          input: { ensNet: st.ensNet, members: st.members, ensT: st.ensT, ensSeed: st.ensSeed },
          members: st.members,
          steps: 50,
        },
        {
          onProgress: (p) => benchTask.progress(p),
          onPartial: (p) => {
            if (p.kind !== 'bench-row') return;
            rows.push(p.row);
            benchTable(rows);
          },
        },
      )
      .then((done) => {
        if (done === null || done.kind !== 'bench') return;
        benchTable(done.rows);
        benchTask.finish(`Measured in ${benchTask.seconds().toFixed(1)} s.`, 'ok');
        refreshStale();
      })
      .catch((error: Error) => {
        benchTask.finish(`Bench failed: ${error.message}`, 'error');
        refreshStale();
      });
  }

  runButton.addEventListener('click', () => {
    commitLater.cancel();
    if (invalid.size > 0) return;
    const change: Partial<AppState> = {};
    for (const k of KEYS) (change as Record<string, unknown>)[k] = bound[k].value();
    ownKey = keyOf({ ...ctx.state(), ...change });
    ctx.commit(change);
    run();
  });
  benchButton.addEventListener('click', () => runBench());

  let first = true;
  function update(st: AppState): void {
    for (const key of KEYS) (bound[key] as BoundField<typeof key>).show(st[key] as never);
    invalid.clear();
    for (const key of KEYS) if (!bound[key].valid()) invalid.add(key);
    refreshStale();
    const key = keyOf(st);
    if (first || (key !== ownKey && key !== shownKey && invalid.size === 0)) {
      // the first view, a pasted link or Back: apply it
      first = false;
      ownKey = key;
      run();
    }
  }
  update(s0);
  return {
    update,
    destroy() {
      commitLater.cancel();
      lane.cancel();
      benchLane.cancel();
      task.dispose();
      benchTask.dispose();
    },
  };
};
