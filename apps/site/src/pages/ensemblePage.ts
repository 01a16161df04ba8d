/**
 * Ensemble page: thousands of gradient flows of one ReLU network at once on the gpu.js backend
 * (WebGL2 in the browser), each initialized with its conserved quantities h_v set to a value λ;
 * how λ relates to where training ends; the backend that really ran; and a bench of
 * trajectory-steps per second against the CPU float64 backend.
 */
import { ensembleBandPlot, renderSvg } from '@idyn/plot';
import type { PageContext, PageFactory } from '../context.js';
import { debounce, field, fmt, h, setSvg } from '../dom.js';
import type { EnsembleOutput } from '../runEnsemble.js';
import type { AppState } from '../state.js';

export const ensemblePage: PageFactory = (root: HTMLElement, ctx: PageContext) => {
  const s0 = ctx.state();
  const netInput = h('input', {
    type: 'text',
    id: 'ens-net',
    value: s0.ensNet,
    size: 10,
    spellcheck: 'false',
  });
  const membersInput = h('input', {
    type: 'number',
    id: 'ens-members',
    min: 1,
    max: 65536,
    step: 1,
    value: s0.members,
  });
  const TInput = h('input', { type: 'number', id: 'ens-T', min: 0.01, step: 0.5, value: s0.ensT });
  const seedInput = h('input', { type: 'number', id: 'ens-seed', min: 0, step: 1, value: s0.ensSeed });
  const runButton = h('button', { type: 'button', id: 'ens-run', class: 'primary' }, 'Run ensemble');
  const benchButton = h('button', { type: 'button', id: 'ens-bench' }, 'Bench vs CPU');
  const status = h('p', { class: 'status', id: 'ens-status', role: 'status' });
  const readout = h('dl', { class: 'stats', id: 'ens-readout' });
  const bench = h('div', { class: 'bench', id: 'ens-bench-result' });
  const scatter = h('div', { class: 'figure', id: 'fig-ens-scatter' });
  const band = h('div', { class: 'figure', id: 'fig-ens-band' });
  root.append(
    h(
      'section',
      { class: 'controls', 'aria-label': 'ensemble settings' },
      h(
        'div',
        { class: 'row' },
        field('ReLU widths', netInput, 'e.g. 2-6-1'),
        field('flows', membersInput),
        field('T', TInput),
        field('seed', seedInput),
        runButton,
        benchButton,
      ),
      h(
        'p',
        { class: 'hint' },
        'Each flow starts from a He-Gaussian init rescaled so that every hidden neuron has the same conserved value h_v = λ, λ spread over [−1.5, 1.5]; all flows fit the same 32-sample regression set (MSE, RK4 with step 0.02).',
      ),
    ),
    status,
    readout,
    bench,
    h('div', { class: 'grid2' }, scatter, band),
  );

  function read(): Partial<AppState> {
    const st = ctx.state();
    const net = netInput.value.trim();
    const m = Math.floor(Number(membersInput.value));
    return {
      ensNet: /^\d+(-\d+){2,4}$/.test(net) ? net : st.ensNet,
      members: m >= 1 && m <= 65536 ? m : st.members,
      ensT: Number(TInput.value) > 0 ? Number(TInput.value) : st.ensT,
      ensSeed: Number(seedInput.value) >= 0 ? Math.floor(Number(seedInput.value)) : st.ensSeed,
    };
  }

  function setStatus(text: string, kind: string): void {
    status.textContent = text;
    status.className = `status ${kind}`;
    status.dataset.state = kind;
  }

  function show(out: EnsembleOutput): void {
    const rows: [string, string, string][] = [
      ['backend that ran', `${out.backend} (${out.precision})`, 'ens-backend'],
      ['flows × parameters', `${out.members} × ${out.dim}`, 'ens-size'],
      [
        'integration time',
        `${out.seconds.toFixed(2)} s (${fmt(out.trajectorySteps / out.seconds)} trajectory-steps/s)`,
        'ens-time',
      ],
      ['max law drift (backend)', fmt(out.maxLawDrift), 'ens-drift'],
      ['stopped early', String(out.stopped), 'ens-stopped'],
    ];
    readout.replaceChildren(
      ...rows.flatMap(([k, v, id]) => [h('dt', {}, k), h('dd', { id, 'data-testid': id }, v)]),
    );
    const finite = out.lambdas
      .map((l, i) => [l, out.finalLoss[i]!, out.finalNorm[i]!] as const)
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
                series: [
                  {
                    type: 'scatter',
                    x: finite.map((p) => p[0]),
                    y: finite.map((p) => p[1]),
                    label: `${finite.length} flows`,
                  },
                ],
              },
            ],
            panelWidth: 470,
            panelHeight: 320,
          },
          { idPrefix: 'ens-sc' },
        ),
      );
      const groups = [
        { label: 'λ < −0.5', runs: out.loss.filter((_, i) => out.lambdas[i]! < -0.5) },
        { label: '|λ| ≤ 0.5', runs: out.loss.filter((_, i) => Math.abs(out.lambdas[i]!) <= 0.5) },
        { label: 'λ > 0.5', runs: out.loss.filter((_, i) => out.lambdas[i]! > 0.5) },
      ].filter((g) => g.runs.length > 0);
      setSvg(
        band,
        renderSvg(
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
          {
            idPrefix: 'ens-band',
          },
        ),
      );
    } catch (error) {
      band.textContent = `(${(error as Error).message.split('\n')[0]})`;
    }
  }

  function run(): void {
    const st = ctx.state();
    setStatus(`Integrating ${st.members} flows on the GPU backend…`, 'busy');
    ctx
      .lane('ensemble')
      .run({
        kind: 'ensemble',
        input: { ensNet: st.ensNet, members: st.members, ensT: st.ensT, ensSeed: st.ensSeed },
      })
      .then((done) => {
        if (done === null || done.kind !== 'ensemble') return;
        show(done.output);
        setStatus(`Done: ${done.output.members} flows on ${done.output.backend}.`, 'ok');
      })
      .catch((error: Error) => setStatus(`The ensemble stopped: ${error.message}`, 'error'));
  }

  function runBench(): void {
    const st = ctx.state();
    bench.textContent = 'Measuring…';
    ctx
      .lane('bench')
      .run({
        kind: 'bench',
        input: { ensNet: st.ensNet, members: st.members, ensT: st.ensT, ensSeed: st.ensSeed },
        members: st.members,
        steps: 50,
      })
      .then((done) => {
        if (done === null || done.kind !== 'bench') return;
        const { gpu, cpu } = done;
        bench.replaceChildren(
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
                h('th', {}, 'flows'),
                h('th', {}, 'steps'),
                h('th', {}, 'seconds'),
                h('th', {}, 'trajectory-steps/s'),
              ),
            ),
            h(
              'tbody',
              {},
              ...[gpu, cpu].map((p) =>
                h(
                  'tr',
                  {},
                  h('td', {}, p.backend),
                  h('td', {}, String(p.members)),
                  h('td', {}, String(p.steps)),
                  h('td', {}, p.seconds.toFixed(3)),
                  h('td', {}, fmt(p.stepsPerSecond)),
                ),
              ),
            ),
          ),
          h(
            'p',
            { id: 'bench-ratio' },
            `${gpu.backend} / ${cpu.backend}: ${(gpu.stepsPerSecond / cpu.stepsPerSecond).toFixed(2)}× the trajectory-steps per second.`,
          ),
        );
      })
      .catch((error: Error) => {
        bench.textContent = `Bench failed: ${error.message}`;
      });
  }

  const changed = debounce(() => {
    ctx.update(read());
  }, 300);
  for (const el of [netInput, membersInput, TInput, seedInput]) el.addEventListener('input', changed);
  runButton.addEventListener('click', () => {
    ctx.update(read());
    run();
  });
  benchButton.addEventListener('click', () => {
    ctx.update(read());
    runBench();
  });
  run();
  return {
    update() {},
    destroy() {
      ctx.lane('ensemble').cancel();
      ctx.lane('bench').cancel();
    },
  };
};
