/**
 * Network page: a DAG editor (presets, neurons, edges, activations, biases) with live D, number of
 * paths, number of conservation laws (exact), the Frobenius verdict, the law formulas, and the DAG
 * drawing with a chosen path highlighted. An invalid draft shows an inline message naming the
 * problem and keeps the last valid results on screen (dimmed).
 */
import {
  ACTIVATION_NAMES,
  ACTIVATIONS,
  type Activation,
  DEFAULT_HIDDEN_ACTIVATION,
  type NetworkSpec,
  type NodeKind,
} from '@idyn/graph';
import { dagPlot, renderSvg } from '@idyn/plot';
import type { LawFormulas, NetworkSummary } from '../analyzeNetwork.js';
import type { PageContext, PageFactory } from '../context.js';
import { debounce, field, h, select, setSvg } from '../dom.js';
import {
  addEdge,
  addNode,
  freshId,
  readSpec,
  removeEdge,
  removeNode,
  setActivation,
  setBias,
  specText,
  validateSpec,
} from '../netEdit.js';
import type { AppState } from '../state.js';

export const PRESETS = [
  'relu:2-3-2',
  'relu:2-2-2',
  'relu:1-3-3-1',
  'relu:2-2-1+bias',
  'linear:2-2-2',
  'linear:3-2-3',
  'resblock:2:1',
  'dense:2-2-1',
  'maxpool:2-4-2-1:2',
] as const;

// The activation menu: every entry of the activation table of @idyn/graph, with its label.
const ACTIVATION_OPTIONS: readonly (readonly [Activation, string])[] = ACTIVATION_NAMES.map(
  (a) => [a, ACTIVATIONS[a].label] as const,
);

export const networkPage: PageFactory = (root: HTMLElement, ctx: PageContext) => {
  const presetInput = h('input', {
    type: 'text',
    id: 'preset-input',
    spellcheck: 'false',
    'aria-label': 'preset',
  });
  const presetSelect = select([['', 'presets…'], ...PRESETS.map((p) => [p, p] as const)], '', {
    id: 'preset-select',
    'aria-label': 'choose a preset',
  });
  const errorBox = h('div', { class: 'error', id: 'net-error', role: 'alert', hidden: true });
  const jsonArea = h('textarea', {
    id: 'spec-json',
    rows: 8,
    spellcheck: 'false',
    'aria-label': 'network JSON spec',
  });
  const nodesBody = h('tbody');
  const edgesList = h('ul', { class: 'edges', id: 'edge-list' });
  const fromSelect = h('select', { id: 'edge-from', 'aria-label': 'edge from' });
  const toSelect = h('select', { id: 'edge-to', 'aria-label': 'edge to' });
  const kindSelect = select(
    [
      ['hidden', 'hidden'],
      ['input', 'input'],
      ['output', 'output'],
    ],
    'hidden',
    { id: 'node-kind', 'aria-label': 'neuron kind' },
  );
  const actSelect = select(ACTIVATION_OPTIONS, DEFAULT_HIDDEN_ACTIVATION, {
    id: 'node-activation',
    'aria-label': 'activation',
  });

  const stats = h('dl', { class: 'stats', id: 'net-stats' });
  const verdict = h('p', { class: 'verdict', id: 'frobenius' });
  const pathSelect = h('select', { id: 'path-select', 'aria-label': 'highlighted path' });
  const dag = h('div', { class: 'figure', id: 'dag', 'data-testid': 'dag' });
  const degreeSelect = select(
    [
      ['1', '1'],
      ['2', '2'],
      ['3', '3'],
      ['4', '4'],
    ],
    String(ctx.state().degree),
    { id: 'degree', 'aria-label': 'degree of the formulas' },
  );
  const formulas = h('ol', { class: 'formulas', id: 'formulas' });
  const formulasNote = h('p', { class: 'hint', id: 'formulas-note' });
  const results = h(
    'section',
    { class: 'results', id: 'net-results' },
    h('h2', {}, 'Conservation laws'),
    stats,
    verdict,
    field('Highlighted path', pathSelect),
    dag,
    h('h3', {}, 'Law formulas ', field('degree', degreeSelect)),
    formulasNote,
    formulas,
  );

  root.append(
    h(
      'div',
      { class: 'columns' },
      h(
        'section',
        { class: 'editor', 'aria-label': 'network editor' },
        h('h2', {}, 'Network'),
        h(
          'div',
          { class: 'row' },
          field('Preset or JSON', presetInput),
          h(
            'button',
            { type: 'button', id: 'preset-load', onclick: () => loadText(presetInput.value) },
            'Load',
          ),
          presetSelect,
        ),
        errorBox,
        h('h3', {}, 'Neurons'),
        h(
          'table',
          { class: 'nodes' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', {}, 'id'),
              h('th', {}, 'kind'),
              h('th', {}, 'activation'),
              h('th', {}, 'bias'),
              h('th', {}, ''),
            ),
          ),
          nodesBody,
        ),
        h(
          'div',
          { class: 'row' },
          kindSelect,
          actSelect,
          h('button', { type: 'button', id: 'add-node', onclick: () => addNeuron() }, 'Add neuron'),
        ),
        h('h3', {}, 'Edges'),
        h(
          'div',
          { class: 'row' },
          fromSelect,
          h('span', {}, '→'),
          toSelect,
          h('button', { type: 'button', id: 'add-edge', onclick: () => addEdgeClick() }, 'Add edge'),
        ),
        edgesList,
        h(
          'details',
          { class: 'json' },
          h('summary', {}, 'JSON spec (copy, or paste your own and apply)'),
          jsonArea,
          h(
            'button',
            { type: 'button', id: 'spec-apply', onclick: () => loadText(jsonArea.value) },
            'Apply JSON',
          ),
        ),
      ),
      results,
    ),
  );

  presetSelect.addEventListener('change', () => {
    if (presetSelect.value !== '') loadText(presetSelect.value);
    presetSelect.value = '';
  });
  presetInput.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') loadText(presetInput.value);
  });
  pathSelect.addEventListener('change', () => ctx.update({ path: Number(pathSelect.value) }));
  degreeSelect.addEventListener('change', () => ctx.update({ degree: Number(degreeSelect.value) }));

  let spec: NetworkSpec | null = null;
  let lastKey = '';
  let lastSummary: NetworkSummary | null = null;

  function showError(message: string | null): void {
    errorBox.hidden = message === null;
    errorBox.textContent = message ?? '';
    results.classList.toggle('stale', message !== null);
  }

  function loadText(text: string): void {
    const t = text.trim();
    const r = readSpec(t);
    if (r.spec === null) {
      showError(`Cannot load '${t}': ${r.error}`);
      return;
    }
    ctx.update({ net: t.startsWith('{') ? specText(r.spec) : t, path: 0 });
  }

  function commit(next: NetworkSpec): void {
    ctx.update({ net: specText(next) });
  }

  function addNeuron(): void {
    if (spec === null) return;
    const kind = kindSelect.value as NodeKind;
    const prefix = kind === 'input' ? 'x' : kind === 'output' ? 'y' : 'n';
    commit(addNode(spec, freshId(spec, prefix), kind, actSelect.value as Activation));
  }

  function addEdgeClick(): void {
    if (spec === null || fromSelect.value === '' || toSelect.value === '') return;
    commit(addEdge(spec, fromSelect.value, toSelect.value));
  }

  function renderEditor(s: NetworkSpec): void {
    nodesBody.replaceChildren(
      ...s.nodes.map((n) => {
        const act =
          n.kind === 'hidden'
            ? select(ACTIVATION_OPTIONS, n.activation ?? DEFAULT_HIDDEN_ACTIVATION, {
                'aria-label': `activation of ${n.id}`,
              })
            : h('span', { class: 'muted' }, 'identity');
        if (act instanceof HTMLSelectElement)
          act.addEventListener('change', () => commit(setActivation(s, n.id, act.value as Activation)));
        const bias = h('input', {
          type: 'checkbox',
          'aria-label': `bias of ${n.id}`,
          ...(n.bias ? { checked: true } : {}),
        });
        if (n.kind === 'input' || !ACTIVATIONS[n.activation ?? DEFAULT_HIDDEN_ACTIVATION].bias)
          bias.disabled = true;
        bias.addEventListener('change', () => commit(setBias(s, n.id, bias.checked)));
        return h(
          'tr',
          { 'data-node': n.id },
          h('td', {}, h('code', {}, n.id)),
          h('td', {}, n.kind),
          h('td', {}, act),
          h('td', {}, bias),
          h(
            'td',
            {},
            h(
              'button',
              {
                type: 'button',
                class: 'icon',
                title: `remove ${n.id}`,
                'aria-label': `remove ${n.id}`,
                onclick: () => commit(removeNode(s, n.id)),
              },
              '×',
            ),
          ),
        );
      }),
    );
    const ids = s.nodes.map((n) => [n.id, n.id] as const);
    const keepFrom = fromSelect.value;
    const keepTo = toSelect.value;
    fromSelect.replaceChildren(...ids.map(([v, t]) => h('option', { value: v }, t)));
    toSelect.replaceChildren(...ids.map(([v, t]) => h('option', { value: v }, t)));
    if (ids.some(([v]) => v === keepFrom)) fromSelect.value = keepFrom;
    if (ids.some(([v]) => v === keepTo)) toSelect.value = keepTo;
    else if (ids.length > 1) toSelect.value = ids[ids.length - 1]![0];
    edgesList.replaceChildren(
      ...s.edges.map((e, i) =>
        h(
          'li',
          {},
          h('code', {}, `${e.from} → ${e.to}`),
          h(
            'button',
            {
              type: 'button',
              class: 'icon',
              title: `remove edge ${e.from} → ${e.to}`,
              'aria-label': `remove edge ${e.from} → ${e.to}`,
              onclick: () => commit(removeEdge(s, i)),
            },
            '×',
          ),
        ),
      ),
    );
  }

  function drawDag(s: NetworkSpec, highlight: string[]): boolean {
    try {
      const fig = dagPlot(
        {
          nodes: s.nodes.map((n) => ({ id: n.id, kind: n.kind })),
          edges: s.edges,
          ...(highlight.length > 1 ? { highlight } : {}),
        },
        {
          title: highlight.length > 1 ? `path ${highlight.join(' → ')}` : 'Network',
          width: 520,
          height: 320,
        },
      );
      setSvg(dag, renderSvg(fig, { idPrefix: 'dag' }));
      return true;
    } catch {
      return false;
    }
  }

  function renderSummary(sum: NetworkSummary): void {
    lastSummary = sum;
    const rows: [string, string, string][] = [
      ['D (parameters)', String(sum.D), 'stat-D'],
      [
        'paths d',
        `${sum.paths}${sum.pathsFromBiases !== '0' ? ` (${sum.pathsFromBiases} from biases)` : ''}`,
        'stat-paths',
      ],
      ['neurons / edges', `${sum.nodes} / ${sum.edges}`, 'stat-size'],
    ];
    if (sum.laws !== null) {
      rows.push(['conservation laws', String(sum.laws.laws), 'law-count']);
      rows.push(['rank Dφ / dim Lie', `${sum.laws.rankJacobian} / ${sum.laws.lieDim}`, 'stat-rank']);
      rows.push([
        'known laws h_v complete',
        sum.laws.complete === null
          ? '—'
          : sum.laws.complete
            ? `yes (${sum.laws.knownLaws})`
            : `no (${sum.laws.knownLaws} known)`,
        'stat-complete',
      ]);
    } else rows.push(['conservation laws', 'not computed', 'law-count']);
    stats.replaceChildren(
      ...rows.flatMap(([k, v, id]) => [h('dt', {}, k), h('dd', { id, 'data-testid': id }, v)]),
    );
    if (sum.laws !== null) {
      verdict.textContent = sum.laws.frobenius
        ? 'Frobenius: yes — the Lie brackets add nothing (dim Lie = rank Dφ), every law is accounted for by the Jacobian.'
        : `Frobenius: no — brackets raise the rank from ${sum.laws.rankJacobian} to ${sum.laws.lieDim}.`;
      verdict.className = `verdict ${sum.laws.frobenius ? 'ok' : 'warn'}`;
    } else {
      verdict.textContent = sum.lawsSkipped ?? '';
      verdict.className = 'verdict warn';
    }
    pathSelect.replaceChildren(
      ...sum.pathLabels.map((label, i) => h('option', { value: String(i) }, `${i}: ${label}`)),
    );
    if (sum.pathIndex >= 0) pathSelect.value = String(sum.pathIndex);
  }

  function renderFormulas(f: LawFormulas): void {
    formulasNote.textContent =
      f.error ??
      (f.formulas.length === 0
        ? `No polynomial law of degree ${f.degree}.`
        : `${f.formulas.length} independent law(s) of degree ${f.degree} (exact, over ℚ):`);
    formulas.replaceChildren(...f.formulas.map((t) => h('li', {}, h('code', {}, t))));
  }

  const analyze = debounce((s: NetworkSpec, state: AppState) => {
    stats.classList.add('busy');
    ctx
      .lane('network')
      .run({ kind: 'analyze', spec: s, path: state.path, degree: state.degree }, (p) => {
        if (p.kind === 'summary') {
          renderSummary(p.summary);
          stats.classList.remove('busy');
          drawDag(s, p.summary.highlight);
        } else renderFormulas(p.formulas);
      })
      .then((done) => {
        if (done !== null && done.kind === 'analyze' && done.error !== null) showError(done.error);
      })
      .catch((error: Error) => showError(`Analysis failed: ${error.message}`));
  }, 120);

  function update(state: AppState): void {
    degreeSelect.value = String(state.degree);
    const key = `${state.net}|${state.path}|${state.degree}`;
    if (key === lastKey) return;
    lastKey = key;
    const t = state.net.trim();
    presetInput.value = t.startsWith('{') ? '' : t;
    presetInput.placeholder = t.startsWith('{') ? '(edited network)' : 'relu:2-3-2';
    const r = readSpec(state.net);
    if (r.spec === null) {
      showError(`Cannot read the network '${t.slice(0, 40)}': ${r.error}`);
      return;
    }
    spec = r.spec;
    renderEditor(r.spec);
    jsonArea.value = JSON.stringify({ nodes: r.spec.nodes, edges: r.spec.edges }, null, 1);
    const v = validateSpec(r.spec);
    if (v.net === null) {
      showError(v.error);
      // draw the draft when it can be drawn (a dangling neuron can; a cycle cannot)
      drawDag(r.spec, []);
      return;
    }
    showError(null);
    if (lastSummary === null) drawDag(r.spec, []);
    formulasNote.textContent = 'computing…';
    analyze(r.spec, state);
  }

  update(ctx.state());
  return {
    update,
    destroy() {
      ctx.lane('network').cancel();
    },
  };
};
