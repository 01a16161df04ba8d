/**
 * Linear & neural ODE page: λ, depth and width sliders and the init; a deep square linear network
 * (MATH.md §4.4) with its intrinsic metric K(z)[G] against the exact M(θ)[G] and Arora's balanced
 * formula; the θ-flow against the intrinsic z-flow through rank drops of z (crossings shown,
 * agreement piece by piece; a generic init says plainly that there is no intrinsic flow); and the
 * ResNet → neural ODE convergence of the metric (§4.5). Computed in the worker with progress and
 * Cancel.
 */
import { combinePlots, convergencePlot, metricHeatmap, renderSvg } from '@idyn/plot';
import type { PageContext, PageFactory } from '../context.js';
import { debounce, field, fmt, h, select, setSvg } from '../dom.js';
import { pageIntro, term } from '../glossary.js';
import { colorOf, domainOf, FigureBox } from '../plots.js';
import { LINEAR_FLOW_T, type LinearOdeOutput } from '../runLinearOde.js';
import { type AppState, FIELDS, LIN_INITS, type LinInitKind } from '../state.js';
import { TaskControl } from '../task.js';

export const linearPage: PageFactory = (root: HTMLElement, ctx: PageContext) => {
  const lane = ctx.lane('linear');
  const s0 = ctx.state();
  const slider = (id: string, min: number, max: number, step: number, value: number, label: string) =>
    h('input', { type: 'range', id, min, max, step, value, 'aria-label': label });
  const lambda = slider('ode-lambda', -3, 3, 0.1, s0.odeLambda, 'λ');
  const depth = slider('ode-depth', 2, 8, 1, s0.depth, 'depth L');
  const width = slider('ode-width', 1, 6, 1, s0.width, 'width n');
  const initSelect = select(
    LIN_INITS.map(
      (k) => [k, k === 'relaxed' ? 'relaxed balanced λ' : 'generic Gaussian (no intrinsic flow)'] as const,
    ),
    s0.linInit,
    { id: 'ode-init' },
  );
  const labels = {
    lambda: h('output', { for: 'ode-lambda' }),
    depth: h('output', { for: 'ode-depth' }),
    width: h('output', { for: 'ode-width' }),
  };
  const task = new TaskControl('linear', () => lane.cancel());
  const readout = h('dl', { class: 'stats', id: 'linear-readout' });
  const flowBox = h('section', {
    class: 'linear-flow',
    id: 'linear-flow',
    'aria-labelledby': 'linear-flow-heading',
  });
  const flowFig = new FigureBox('fig-linear-flow', 560, 280);
  const heat = h('div', { class: 'figure', id: 'fig-metrics' });
  const conv = h('div', { class: 'figure', id: 'fig-convergence' });
  const results = h(
    'div',
    { id: 'linear-results' },
    readout,
    flowBox,
    h('div', { class: 'grid1' }, heat, conv),
  );
  root.append(
    pageIntro(
      'Linear & neural ODE',
      'For deep linear networks whose layers are relaxed balanced, the flow of the product z = U_L⋯U_1 has an explicit metric K(z); the page compares it with the exact M(θ), follows both flows through rank drops of z, and takes the depth to infinity (a ResNet becomes a neural ODE). A generic initialization is the control: there the flow of z is not intrinsic.',
      '4.4',
      'modules/_idyn_linear-ode.html',
    ),
    h(
      'section',
      { class: 'controls', 'aria-label': 'linear network settings' },
      h(
        'div',
        { class: 'row' },
        field('init', initSelect),
        field(term('lambda', 'λ'), h('span', { class: 'slider' }, lambda, labels.lambda), 'laws h_i = λ I'),
        field('depth L', h('span', { class: 'slider' }, depth, labels.depth)),
        field('width n', h('span', { class: 'slider' }, width, labels.width)),
      ),
    ),
    task.element,
    results,
  );

  function syncControls(st: AppState): void {
    lambda.value = String(st.odeLambda);
    depth.value = String(st.depth);
    width.value = String(st.width);
    initSelect.value = st.linInit;
    labels.lambda.textContent = st.odeLambda.toFixed(1);
    labels.depth.textContent = String(st.depth);
    labels.width.textContent = String(st.width);
    lambda.disabled = st.linInit !== 'relaxed';
  }

  function row(k: Node | string, v: string, id: string): Node[] {
    return [h('dt', {}, k), h('dd', { id, 'data-testid': id }, v)];
  }

  function showFlow(out: LinearOdeOutput): void {
    const f = out.flow;
    if (f === null) {
      flowBox.replaceChildren();
      return;
    }
    const parts: Node[] = [
      h('h3', { id: 'linear-flow-heading' }, `θ-flow and intrinsic z-flow to T = ${LINEAR_FLOW_T}`),
    ];
    if (f.noIntrinsicFlow !== null) {
      parts.push(
        h(
          'p',
          { class: 'verdict warn', id: 'linear-no-intrinsic' },
          `There is no intrinsic flow here: ${f.noIntrinsicFlow}. The θ-flow ran (law drift ${fmt(f.lawDrift)}).${f.compared ? ` The formula's z-flow, run anyway for comparison, departs from φ(θ(t)) by ${fmt(f.maxDeviation)}: the negative control.` : ''}`,
        ),
      );
      if (!f.compared) {
        flowBox.replaceChildren(...parts);
        return;
      }
    } else
      parts.push(
        h(
          'p',
          { id: 'linear-flow-summary' },
          f.crossings.length === 0
            ? `The flows agree to ${fmt(f.maxDeviation)} over [0, ${LINEAR_FLOW_T}] (one piece, no rank drop).`
            : f.pieces.length > 1
              ? `A factor loses rank ${f.crossings.length} time${f.crossings.length > 1 ? 's' : ''}; where z stops determining the metric the z-flow restarts from φ(θ) just after the drop, and the flows are compared piece by piece (${f.pieces.length} pieces). Before the first drop they agree to ${fmt(f.deviationBeforeCrossing)}.`
              : `A factor loses rank ${f.crossings.length} time${f.crossings.length > 1 ? 's' : ''}, but the metric of this depth stays determined by z there: one piece, and the flows agree to ${fmt(f.maxDeviation)} over [0, ${LINEAR_FLOW_T}].`,
        ),
      );
    if (f.crossings.length > 0)
      parts.push(
        h(
          'ul',
          { class: 'crossings', id: 'linear-crossings' },
          ...f.crossings.map((c) =>
            h(
              'li',
              {},
              term('crossing', `t = ${c.t.toPrecision(4)}`),
              `: ${c.layerName} drops to rank ${c.rank} of ${c.fullRank} (σ_r/σ_1 = ${fmt(c.sigmaRatio)}); ${c.metricBreaks ? `the metric breaks, z restarts from φ(θ) at t = ${c.restart?.toPrecision(4) ?? '—'}` : 'the metric stays defined'}`,
            ),
          ),
        ),
      );
    if (f.pieces.length > 0)
      parts.push(
        h(
          'ol',
          { class: 'pieces', id: 'linear-pieces' },
          ...f.pieces.map((p) =>
            h(
              'li',
              {},
              `t ∈ [${p.tStart.toPrecision(3)}, ${p.tEnd.toPrecision(3)}]: max deviation ${fmt(p.maxDeviation)}${p.status === 'success' ? '' : ` (${p.status}: ${p.message})`}`,
            ),
          ),
        ),
      );
    parts.push(flowFig.element);
    flowBox.replaceChildren(...parts);
    const crossingMarks = f.crossings.map((c, j) => ({
      x: [c.t, c.t],
      y: [domainOf([f.deviation], 'log')[0], domainOf([f.deviation], 'log')[1]],
      label: j === 0 ? 'rank drop' : `rank drop ${j + 1}`,
      color: '#9a6700',
      dash: 'dashed' as const,
    }));
    flowFig.draw(
      {
        title: 'deviation max |φ(θ(t)) − z(t)| (gaps: not compared)',
        xLabel: 't',
        yLabel: 'deviation',
        scale: 'log',
        xDomain: [0, LINEAR_FLOW_T],
        yDomain: domainOf([f.deviation], 'log'),
        curves: [{ x: f.times, y: f.deviation, label: 'deviation', color: colorOf(0) }, ...crossingMarks],
      },
      `The deviation between the θ-flow and the z-flow over [0, ${LINEAR_FLOW_T}]${f.crossings.length ? `, with ${f.crossings.length} rank drops marked` : ''}.`,
    );
  }

  function show(out: LinearOdeOutput): void {
    const rows: Node[] = [
      ...row(
        term('relaxed', 'relaxed balanced residual'),
        `${fmt(out.residual)}${out.relaxedBalanced ? '' : ' (not relaxed balanced)'}`,
        'linear-residual',
      ),
      ...row(
        term('metric', `max |K(z)[G] − M(θ)[G]|`),
        out.intrinsicError === null ? `K(z) undefined: ${out.metricNote ?? ''}` : fmt(out.intrinsicError),
        'linear-intrinsic-error',
      ),
      ...row(term('arora', 'max |Arora(z)[G] − M(θ)[G]|'), fmt(out.aroraError), 'linear-arora-error'),
      ...row(
        term('logmean', 'log-mean closed form vs ODE quadrature'),
        fmt(out.logMeanError),
        'linear-logmean',
      ),
      ...row(
        `ResNet error at L = ${out.resnetL.at(-1)}`,
        fmt(out.resnetError.at(-1) ?? Number.NaN),
        'linear-resnet',
      ),
    ];
    readout.replaceChildren(...rows);
    showFlow(out);
    const label = Array.from({ length: out.n }, (_, i) => String(i));
    try {
      const panels = [
        metricHeatmap(out.exact, {
          title: `exact M(θ)[G], L = ${out.L}, n = ${out.n}`,
          labels: label,
          colLabels: label,
        }),
      ];
      if (out.intrinsic !== null)
        panels.push(
          metricHeatmap(out.intrinsic, {
            title: 'intrinsic K(z)[G] (§4.4)',
            labels: label,
            colLabels: label,
          }),
        );
      setSvg(
        heat,
        renderSvg(combinePlots(panels, { columns: panels.length }), { idPrefix: 'heat' }),
        'M(θ)[G] and K(z)[G]',
        `Heatmaps of the exact metric applied to a random G${out.intrinsic === null ? '' : ' and of the intrinsic formula; they are equal up to ' + fmt(out.intrinsicError ?? Number.NaN)}.`,
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
        'ResNet to neural ODE convergence',
        `The metric error of a ResNet of depth L against the neural ODE falls like 1/L: ${fmt(out.resnetError[0] ?? Number.NaN)} at L = ${out.resnetL[0]} to ${fmt(out.resnetError.at(-1) ?? Number.NaN)} at L = ${out.resnetL.at(-1)}.`,
      );
    } catch (error) {
      heat.textContent = `(${(error as Error).message.split('\n')[0]})`;
    }
  }

  let runKey = '';
  function run(st: AppState): void {
    const key = `${st.odeLambda}|${st.depth}|${st.width}|${st.seed}|${st.linInit}`;
    if (key === runKey) return;
    runKey = key;
    results.classList.add('stale');
    task.start('Computing');
    lane
      .run(
        {
          kind: 'linear',
          input: {
            odeLambda: st.odeLambda,
            depth: st.depth,
            width: st.width,
            seed: st.seed,
            linInit: st.linInit,
          },
        },
        { onProgress: (p) => task.progress(p) },
      )
      .then((done) => {
        if (done === null || done.kind !== 'linear' || key !== runKey) return;
        show(done.output);
        results.classList.remove('stale');
        task.finish(
          `Deep square ${st.linInit === 'relaxed' ? 'relaxed balanced' : 'generic'} linear network, n = ${done.output.n}, L = ${done.output.L}${st.linInit === 'relaxed' ? `, λ_i = ${st.odeLambda.toFixed(1)}` : ''} (${task.seconds().toFixed(2)} s).`,
          'ok',
        );
      })
      .catch((error: Error) => {
        if (key !== runKey) return;
        task.finish(`Cannot compute: ${error.message}`, 'error');
      });
  }

  const commitLater = debounce(() => {
    const odeLambda = FIELDS.odeLambda.read(lambda.value);
    const d = FIELDS.depth.read(depth.value);
    const w = FIELDS.width.read(width.value);
    if (odeLambda.ok && d.ok && w.ok)
      ctx.commit({
        odeLambda: odeLambda.value,
        depth: d.value,
        width: w.value,
        linInit: initSelect.value as LinInitKind,
      });
  }, 150);
  const onInput = () => {
    labels.lambda.textContent = Number(lambda.value).toFixed(1);
    labels.depth.textContent = depth.value;
    labels.width.textContent = width.value;
    lambda.disabled = initSelect.value !== 'relaxed';
    commitLater();
  };
  for (const el of [lambda, depth, width]) el.addEventListener('input', onInput);
  initSelect.addEventListener('change', onInput);

  function update(st: AppState): void {
    syncControls(st);
    run(st);
  }
  update(s0);
  return {
    update,
    destroy() {
      commitLater.cancel();
      lane.cancel();
      task.dispose();
    },
  };
};
