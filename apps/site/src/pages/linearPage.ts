/**
 * Linear & neural ODE page: λ, depth and width sliders; a deep square relaxed balanced network
 * (MATH.md §4.4) with its intrinsic metric K(z)[G] against the exact M(θ)[G] and against Arora's
 * balanced formula; and the ResNet → neural ODE convergence of the metric (§4.5).
 */
import { combinePlots, convergencePlot, metricHeatmap, renderSvg } from '@idyn/plot';
import type { PageContext, PageFactory } from '../context.js';
import { debounce, field, fmt, h, setSvg } from '../dom.js';
import type { LinearOdeOutput } from '../runLinearOde.js';
import type { AppState } from '../state.js';

export const linearPage: PageFactory = (root: HTMLElement, ctx: PageContext) => {
  const s0 = ctx.state();
  const slider = (id: string, min: number, max: number, step: number, value: number) =>
    h('input', { type: 'range', id, min, max, step, value });
  const lambda = slider('ode-lambda', -2, 2, 0.1, s0.odeLambda);
  const depth = slider('ode-depth', 2, 8, 1, s0.depth);
  const width = slider('ode-width', 1, 6, 1, s0.width);
  const labels = { lambda: h('output', {}), depth: h('output', {}), width: h('output', {}) };
  const status = h('p', { class: 'status', id: 'linear-status', role: 'status' });
  const readout = h('dl', { class: 'stats', id: 'linear-readout' });
  const heat = h('div', { class: 'figure', id: 'fig-metrics' });
  const conv = h('div', { class: 'figure', id: 'fig-convergence' });
  root.append(
    h(
      'section',
      { class: 'controls', 'aria-label': 'linear network settings' },
      h(
        'div',
        { class: 'row' },
        field('λ', h('span', { class: 'slider' }, lambda, labels.lambda), 'laws h_i = λ I'),
        field('depth L', h('span', { class: 'slider' }, depth, labels.depth)),
        field('width n', h('span', { class: 'slider' }, width, labels.width)),
      ),
    ),
    status,
    readout,
    h('div', { class: 'grid1' }, heat, conv),
  );

  function syncLabels(st: AppState): void {
    labels.lambda.textContent = st.odeLambda.toFixed(1);
    labels.depth.textContent = String(st.depth);
    labels.width.textContent = String(st.width);
  }

  function show(out: LinearOdeOutput): void {
    const rows: [string, string, string][] = [
      ['relaxed balanced residual', fmt(out.residual), 'linear-residual'],
      [
        `max |K(z)[G] − M(θ)[G]| (λ = ${out.lambdas[0]?.toFixed(1) ?? '—'})`,
        fmt(out.intrinsicError),
        'linear-intrinsic-error',
      ],
      ['max |Arora(z)[G] − M(θ)[G]| (balanced formula)', fmt(out.aroraError), 'linear-arora-error'],
      ['log-mean closed form vs ODE quadrature', fmt(out.logMeanError), 'linear-logmean'],
      [
        `ResNet error at L = ${out.resnetL.at(-1)}`,
        fmt(out.resnetError.at(-1) ?? Number.NaN),
        'linear-resnet',
      ],
    ];
    readout.replaceChildren(
      ...rows.flatMap(([k, v, id]) => [h('dt', {}, k), h('dd', { id, 'data-testid': id }, v)]),
    );
    const label = Array.from({ length: out.n }, (_, i) => String(i));
    try {
      setSvg(
        heat,
        renderSvg(
          combinePlots(
            [
              metricHeatmap(out.exact, {
                title: `exact M(θ)[G], L = ${out.L}, n = ${out.n}`,
                labels: label,
                colLabels: label,
              }),
              metricHeatmap(out.intrinsic, {
                title: 'intrinsic K(z)[G] (§4.4)',
                labels: label,
                colLabels: label,
              }),
            ],
            { columns: 2 },
          ),
          { idPrefix: 'heat' },
        ),
      );
      setSvg(
        conv,
        renderSvg(
          convergencePlot(
            { L: out.resnetL, error: out.resnetError },
            {
              title: 'ResNet U_k = I + A(k/L)/L → neural ODE: metric error',
              xLabel: 'depth L',
              yLabel: 'max |M_L[G] − M_ODE[G]|',
            },
          ),
          { idPrefix: 'conv' },
        ),
      );
    } catch (error) {
      heat.textContent = `(${(error as Error).message.split('\n')[0]})`;
    }
  }

  function run(): void {
    const st = ctx.state();
    syncLabels(st);
    status.textContent = 'Computing…';
    status.className = 'status busy';
    ctx
      .lane('linear')
      .run({
        kind: 'linear',
        input: { odeLambda: st.odeLambda, depth: st.depth, width: st.width, seed: st.seed },
      })
      .then((done) => {
        if (done === null || done.kind !== 'linear') return;
        show(done.output);
        status.textContent = `Deep square relaxed balanced network, n = ${done.output.n}, L = ${done.output.L}, λ_i = ${st.odeLambda.toFixed(1)}.`;
        status.className = 'status ok';
        status.dataset.state = 'ok';
      })
      .catch((error: Error) => {
        status.textContent = `Cannot compute: ${error.message}`;
        status.className = 'status error';
        status.dataset.state = 'error';
      });
  }

  const changed = debounce(run, 150);
  const onInput = () => {
    ctx.update({ odeLambda: Number(lambda.value), depth: Number(depth.value), width: Number(width.value) });
    syncLabels(ctx.state());
    changed();
  };
  for (const el of [lambda, depth, width]) el.addEventListener('input', onInput);
  run();
  return {
    update: syncLabels,
    destroy() {
      ctx.lane('linear').cancel();
    },
  };
};
