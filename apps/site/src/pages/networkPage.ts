/**
 * Network page: a DAG editor (presets, a conv/attention block builder, a dropped `.onnx` file,
 * neurons, edges, activations, biases) with D, the number of paths, the number of conservation
 * laws with the method that counted it, the Frobenius verdict, the law formulas, and the DAG
 * drawing with a chosen path highlighted. Everything is computed in the worker with progress and
 * Cancel; nothing larger than the editor's budget is expanded on the page, large layers are drawn
 * collapsed and long lists paginate. A draft with problems lists all of them at once and keeps the
 * last results on screen, dimmed.
 */
import {
  ACTIVATION_NAMES,
  ACTIVATIONS,
  type Activation,
  DEFAULT_HIDDEN_ACTIVATION,
  type NetworkSpec,
  type NodeKind,
  type NodeSpec,
  type EdgeSpec,
} from '@idyn/graph';
import type { LawFormulas, LawView, Structure } from '../analyzeNetwork.js';
import { EDITOR_MAX_EDGES, sizeText } from '../budget.js';
import type { PageContext, PageFactory } from '../context.js';
import { debounce, field, fmt, h, select, setSvg } from '../dom.js';
import { pageIntro, term } from '../glossary.js';
import { explainMessage } from '../messages.js';
import {
  addEdge,
  addNode,
  draftProblems,
  edgeSources,
  edgeTargets,
  freshId,
  readSpec,
  removeEdge,
  removeNode,
  setActivation,
  setBias,
  specText,
} from '../netEdit.js';
import { Pager } from '../pager.js';
import type { NetPartial } from '../analyzeNetwork.js';
import { readField, type AppState } from '../state.js';
import { TaskControl } from '../task.js';
import { WorkerError } from '../workerClient.js';

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
  'conv1d:4:1-2:2:1',
  'conv1d:8:1-2-2:3:1+bias',
  'conv2d:6x6:1-2:3x3:2:pool2',
  'conv2d:28x28:1-8-8:3x3:10',
  'attention:3:2:2:3',
  'attention:2:1:1:2:2',
] as const;

// The activation menu: every entry of the activation table of @idyn/graph, with its label.
const ACTIVATION_OPTIONS: readonly (readonly [Activation, string])[] = ACTIVATION_NAMES.map(
  (a) => [a, ACTIVATIONS[a].label] as const,
);

/** The block builder's forms: conv 1-D, conv 2-D, attention. */
const BLOCKS = {
  conv1d: {
    fields: [
      ['L', 'length', '8'],
      ['C', 'channels C0-C1-…', '1-2'],
      ['K', 'kernel', '3'],
      ['N', 'outputs', '1'],
      ['opt', 'options (s2, p1, pool2, res)', ''],
    ],
    make: (v: Record<string, string>) =>
      `conv1d:${v.L}:${v.C}:${v.K}:${v.N}${v.opt ? `:${v.opt.replace(/[\s,]+/g, ':')}` : ''}`,
  },
  conv2d: {
    fields: [
      ['L', 'grid HxW', '6x6'],
      ['C', 'channels C0-C1-…', '1-2'],
      ['K', 'kernel KHxKW', '3x3'],
      ['N', 'outputs', '2'],
      ['opt', 'options (s2, p1, pool2, res)', 'pool2'],
    ],
    make: (v: Record<string, string>) =>
      `conv2d:${v.L}:${v.C}:${v.K}:${v.N}${v.opt ? `:${v.opt.replace(/[\s,]+/g, ':')}` : ''}`,
  },
  attention: {
    fields: [
      ['d', 'model d', '3'],
      ['k', 'key k', '2'],
      ['v', 'value v', '2'],
      ['e', 'tokens e', '3'],
      ['H', 'heads', '1'],
    ],
    make: (v: Record<string, string>) =>
      `attention:${v.d}:${v.k}:${v.v}:${v.e}${v.H && v.H !== '1' ? `:${v.H}` : ''}`,
  },
} as const;

export const networkPage: PageFactory = (root: HTMLElement, ctx: PageContext) => {
  const lane = ctx.lane('network');
  const presetInput = h('input', {
    type: 'text',
    id: 'preset-input',
    spellcheck: 'false',
    autocomplete: 'off',
  });
  const loadButton = h('button', { type: 'button', id: 'preset-load' }, 'Load');
  const presetSelect = select([['', 'presets…'], ...PRESETS.map((p) => [p, p] as const)], '', {
    id: 'preset-select',
    'aria-label': 'choose a preset',
  });
  const errorBox = h('div', { class: 'error', id: 'net-error', role: 'alert', hidden: true });
  /** Why a Load was refused (apart from the draft's problems, which the analysis may still update). */
  const loadBox = h('div', { class: 'error', id: 'load-error', role: 'alert', hidden: true });
  const editorNote = h('p', { class: 'note', id: 'editor-note', hidden: true });
  const jsonArea = h('textarea', {
    id: 'spec-json',
    rows: 8,
    spellcheck: 'false',
    'aria-label': 'network JSON spec',
  });
  const fileInput = h('input', { type: 'file', id: 'onnx-file', accept: '.onnx,application/octet-stream' });
  const dropZone = h(
    'div',
    { class: 'dropzone', id: 'onnx-drop' },
    h('span', {}, 'Drop a .onnx model here (exported by PyTorch, TensorFlow, …), or '),
    h('label', { class: 'file-label', for: 'onnx-file' }, 'choose a file'),
    fileInput,
  );
  const nodesBody = h('tbody');
  const edgesList = h('ul', { class: 'edges', id: 'edge-list' });
  const nodePager = new Pager<NodeSpec>(nodesBody, (n) => nodeRow(n), 'neurons');
  const edgePager = new Pager<EdgeSpec>(edgesList, (e, i) => edgeRow(e, i), 'edges');
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
  const editorParts = h(
    'div',
    { id: 'editor-parts' },
    h('h3', { id: 'neurons-heading' }, 'Neurons'),
    h(
      'div',
      { class: 'scroll-x' },
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
            h('th', {}, h('span', { class: 'visually-hidden' }, 'remove')),
          ),
        ),
        nodesBody,
      ),
    ),
    nodePager.element,
    h(
      'div',
      { class: 'row' },
      kindSelect,
      actSelect,
      h('button', { type: 'button', id: 'add-node', onclick: () => addNeuron() }, 'Add neuron'),
    ),
    h('h3', { id: 'edges-heading' }, 'Edges'),
    h(
      'div',
      { class: 'row' },
      fromSelect,
      h('span', { 'aria-hidden': 'true' }, '→'),
      toSelect,
      h('button', { type: 'button', id: 'add-edge', onclick: () => addEdgeClick() }, 'Add edge'),
    ),
    edgesList,
    edgePager.element,
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
  );

  // block builder
  const blockKind = select(
    [
      ['conv1d', 'convolution 1-D'],
      ['conv2d', 'convolution 2-D'],
      ['attention', 'attention block'],
    ],
    'conv1d',
    { id: 'block-kind', 'aria-label': 'block kind' },
  );
  const blockFields = h('div', { class: 'row', id: 'block-fields' });
  const blockPreview = h('code', { id: 'block-preview' });
  const blockInputs = new Map<string, HTMLInputElement>();
  function drawBlockForm(): void {
    const b = BLOCKS[blockKind.value as keyof typeof BLOCKS];
    blockInputs.clear();
    blockFields.replaceChildren(
      ...b.fields.map(([key, label, value]) => {
        const input = h('input', {
          type: 'text',
          id: `block-${key}`,
          value,
          size: 8,
          spellcheck: 'false',
          autocomplete: 'off',
        });
        input.addEventListener('input', previewBlock);
        blockInputs.set(key, input);
        return field(label, input);
      }),
    );
    previewBlock();
  }
  function blockText(): string {
    const b = BLOCKS[blockKind.value as keyof typeof BLOCKS];
    const v: Record<string, string> = {};
    for (const [k, input] of blockInputs) v[k] = input.value.trim();
    return b.make(v);
  }
  function previewBlock(): void {
    blockPreview.textContent = blockText();
  }
  blockKind.addEventListener('change', drawBlockForm);
  drawBlockForm();
  const builder = h(
    'details',
    { class: 'builder', id: 'block-builder' },
    h('summary', {}, 'Build a convolution or attention block'),
    h('div', { class: 'row' }, field('block', blockKind)),
    blockFields,
    h(
      'p',
      {},
      'Preset: ',
      blockPreview,
      ' ',
      h('button', { type: 'button', id: 'block-build', onclick: () => loadText(blockText()) }, 'Build'),
    ),
  );

  // results
  const task = new TaskControl('net', () => {
    analyzeLater.cancel();
    lane.cancel();
  });
  const stats = h('dl', { class: 'stats', id: 'net-stats' });
  const lawStats = h('dl', { class: 'stats', id: 'law-stats' });
  const proof = h(
    'details',
    { class: 'proof', id: 'law-proof', hidden: true },
    h('summary', {}, 'How this count was obtained'),
    h('p', {}),
  );
  const verdict = h('p', { class: 'verdict', id: 'frobenius' });
  const pathSelect = h('select', { id: 'path-select' });
  const pathField = field('Highlighted path', pathSelect);
  const dag = h('div', { class: 'figure', id: 'dag', 'data-testid': 'dag' });
  const dagNote = h('p', { class: 'hint', id: 'dag-note' });
  const degreeSelect = select(
    [
      ['1', '1'],
      ['2', '2'],
      ['3', '3'],
      ['4', '4'],
    ],
    String(ctx.state().degree),
    { id: 'degree' },
  );
  const formulas = h('ol', { class: 'formulas', id: 'formulas' });
  const formulasNote = h('p', { class: 'hint', id: 'formulas-note' });
  const onnxBox = h('section', { class: 'onnx', id: 'onnx-report', hidden: true });
  const results = h(
    'section',
    { class: 'results', id: 'net-results', 'aria-labelledby': 'results-heading' },
    h('h3', { id: 'results-heading' }, 'Structure and conservation laws'),
    task.element,
    stats,
    lawStats,
    verdict,
    proof,
    onnxBox,
    pathField,
    dag,
    dagNote,
    h('h3', {}, 'Law formulas ', field('degree', degreeSelect)),
    formulasNote,
    formulas,
  );

  root.append(
    pageIntro(
      'Network',
      'A network is a graph of neurons; its parameters θ are the edge weights and biases, and the path-lifting z = Φ(θ) has one coordinate per input→output path. The page counts the conservation laws of the training dynamics exactly — the quantities every gradient flow keeps constant — and shows them as formulas.',
      '1',
      'modules/_idyn_conservation.html',
    ),
    h(
      'div',
      { class: 'columns' },
      h(
        'section',
        { class: 'editor', 'aria-labelledby': 'editor-heading' },
        h('h3', { id: 'editor-heading' }, 'Network'),
        h('div', { class: 'row' }, field('Preset or JSON', presetInput), loadButton, presetSelect),
        builder,
        dropZone,
        loadBox,
        errorBox,
        editorNote,
        editorParts,
      ),
      results,
    ),
  );

  loadButton.addEventListener('click', () => loadText(presetInput.value));
  presetSelect.addEventListener('change', () => {
    if (presetSelect.value !== '') loadText(presetSelect.value);
    presetSelect.value = '';
  });
  presetInput.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') loadText(presetInput.value);
  });
  pathSelect.addEventListener('change', () => ctx.commit({ path: Number(pathSelect.value) }));
  degreeSelect.addEventListener('change', () => ctx.commit({ degree: Number(degreeSelect.value) }));
  fromSelect.addEventListener('change', () => fillTargets());
  fileInput.addEventListener('change', () => {
    const f = fileInput.files?.[0];
    if (f) void loadFile(f);
  });
  dropZone.addEventListener('dragover', (e) => {
    e.preventDefault();
    dropZone.classList.add('over');
  });
  dropZone.addEventListener('dragleave', () => dropZone.classList.remove('over'));
  dropZone.addEventListener('drop', (e) => {
    e.preventDefault();
    dropZone.classList.remove('over');
    const f = e.dataTransfer?.files[0];
    if (f) void loadFile(f);
  });

  let spec: NetworkSpec | null = null;
  let lastKey = '';
  let fileName: string | null = null;

  function showError(text: string | null, forms: string[] | null = null, problems: string[] = []): void {
    errorBox.hidden = text === null;
    if (text !== null)
      errorBox.replaceChildren(
        h('p', {}, text),
        ...(problems.length > 0
          ? [h('ul', { class: 'problems' }, ...problems.map((p) => h('li', {}, p)))]
          : []),
        ...(forms !== null
          ? [h('ul', { class: 'forms' }, ...forms.map((f) => h('li', {}, h('code', {}, f))))]
          : []),
      );
    results.classList.toggle('stale', text !== null);
  }

  function showLoadError(text: string | null, forms: string[] | null = null): void {
    loadBox.hidden = text === null;
    if (text !== null)
      loadBox.replaceChildren(
        h('p', {}, text, ' The network below is unchanged.'),
        ...(forms !== null
          ? [h('ul', { class: 'forms' }, ...forms.map((f) => h('li', {}, h('code', {}, f))))]
          : []),
      );
  }

  function loadText(text: string): void {
    const t = text.trim();
    const checked = readField('net', t);
    if (!checked.ok) {
      showLoadError(`Cannot load: ${checked.message}.`);
      return;
    }
    const r = readSpec(t);
    if (r.kind === 'error') {
      const e = explainMessage(r.error);
      showLoadError(`Cannot load '${t.length > 60 ? `${t.slice(0, 57)}…` : t}': ${e.text}`, e.forms);
      return;
    }
    showLoadError(null);
    fileName = null;
    ctx.commit({ net: t.startsWith('{') && r.spec ? specText(r.spec) : t, path: 0 });
  }

  async function loadFile(file: File): Promise<void> {
    showLoadError(null);
    fileName = file.name;
    const bytes = new Uint8Array(await file.arrayBuffer());
    spec = null;
    presetInput.value = '';
    presetInput.placeholder = `(from ${file.name})`;
    editorParts.hidden = true;
    editorNote.hidden = false;
    editorNote.textContent = `Showing the model in ${file.name} (its θ comes from the file). The link does not hold a file: load a preset to go back to the link's network.`;
    showError(null);
    analyze({ kind: 'onnx', name: file.name, bytes }, ctx.state());
  }

  function commit(next: NetworkSpec): void {
    ctx.commit({ net: specText(next) });
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

  function nodeRow(n: NodeSpec): HTMLElement {
    const s = spec!;
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
    if (n.kind === 'input' || !ACTIVATIONS[n.activation ?? DEFAULT_HIDDEN_ACTIVATION]?.bias)
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
  }

  function edgeRow(e: EdgeSpec, i: number): HTMLElement {
    const s = spec!;
    return h(
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
    );
  }

  /** The edge pickers: sources are the non-outputs; targets never make a self-loop, leave an output or repeat an edge. */
  function fillTargets(): void {
    if (spec === null) return;
    const keep = toSelect.value;
    const targets = edgeTargets(spec, fromSelect.value);
    toSelect.replaceChildren(...targets.map((id) => h('option', { value: id }, id)));
    if (targets.includes(keep)) toSelect.value = keep;
    else if (targets.length > 0) toSelect.value = targets[targets.length - 1]!;
  }

  function renderEditor(s: NetworkSpec): void {
    nodePager.set(s.nodes);
    edgePager.set(s.edges);
    editorParts.querySelector('#neurons-heading')!.textContent = `Neurons (${s.nodes.length})`;
    editorParts.querySelector('#edges-heading')!.textContent = `Edges (${s.edges.length})`;
    const keepFrom = fromSelect.value;
    const sources = edgeSources(s);
    fromSelect.replaceChildren(...sources.map((id) => h('option', { value: id }, id)));
    if (sources.includes(keepFrom)) fromSelect.value = keepFrom;
    fillTargets();
    jsonArea.value =
      specText(s).length < 4000 ? JSON.stringify({ nodes: s.nodes, edges: s.edges }, null, 1) : specText(s);
  }

  function row(k: Node | string, v: string, id: string): Node[] {
    return [h('dt', {}, k), h('dd', { id, 'data-testid': id }, v)];
  }

  function renderStructure(st: Structure): void {
    const rows: Node[] = [...row(term('D', 'D (parameters)'), sizeText(st.D), 'stat-D')];
    if (st.kind === 'network') {
      rows.push(
        ...row(
          term('d', 'paths d'),
          `${st.paths}${st.pathsFromBiases !== '0' ? ` (${st.pathsFromBiases} from biases)` : ''}`,
          'stat-paths',
        ),
      );
      rows.push(
        ...row('neurons / edges', `${sizeText(st.neurons ?? 0)} / ${sizeText(st.edges ?? 0)}`, 'stat-size'),
      );
      if (st.sharedParams > 0 || st.fixedEdges > 0)
        rows.push(
          ...row(
            term('shared', 'shared parameters / fixed edges'),
            `${sizeText(st.sharedParams)} / ${sizeText(st.fixedEdges)}`,
            'stat-shared',
          ),
        );
      if (st.pathNorms !== null)
        rows.push(
          ...row(
            term('pathnorm', 'path-norms ‖Φ‖₁ / ‖Φ‖₂²'),
            `${fmt(st.pathNorms.l1, 5)} / ${fmt(st.pathNorms.l2squared, 5)}`,
            'stat-pathnorm',
          ),
        );
    } else {
      rows.push(...row(term('d', 'lifted coordinates d'), String(st.d), 'stat-paths'));
      rows.push(...row('structure', 'attention block (no DAG)', 'stat-size'));
    }
    stats.replaceChildren(...rows);
    lawStats.replaceChildren(...row(term('laws', 'conservation laws'), 'counting…', 'law-count'));
    verdict.textContent = '';
    proof.hidden = true;
    onnxBox.hidden = st.onnx === null;
    if (st.onnx !== null) {
      const o = st.onnx;
      onnxBox.replaceChildren(
        h('h4', {}, `Imported from ${st.source.replace(/^the file /, '')}`),
        h('p', { class: 'hint' }, `${o.producer}; input ${o.input}.`),
        h(
          'div',
          { class: 'scroll-x' },
          h(
            'table',
            { class: 'layers', id: 'onnx-layers' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', {}, 'layer'),
                h('th', {}, 'activation'),
                h('th', {}, 'shape'),
                h('th', {}, 'operators'),
                h('th', {}, 'neurons'),
                h('th', {}, 'edges'),
              ),
            ),
            h(
              'tbody',
              {},
              ...o.layers.map((l) =>
                h(
                  'tr',
                  {},
                  h('td', {}, l.id),
                  h('td', {}, l.activation),
                  h('td', {}, l.shape),
                  h('td', {}, l.ops),
                  h('td', {}, sizeText(l.neurons)),
                  h('td', {}, sizeText(l.edges)),
                ),
              ),
            ),
          ),
        ),
        ...[...o.folded, ...o.notes].map((n) => h('p', { class: 'hint' }, n)),
      );
    }
    if (st.spec !== null) {
      spec = st.spec;
      editorParts.hidden = false;
      renderEditor(st.spec);
    }
  }

  function renderLaws(l: LawView): void {
    const rows: Node[] = [
      ...row(term('laws', 'conservation laws'), String(l.laws), 'law-count'),
      ...row(
        h('span', {}, term('rank', 'rank Dφ'), ' / ', term('lie', 'dim Lie')),
        `${l.rankJacobian} / ${l.lieDim}`,
        'stat-rank',
      ),
      ...row(term('method', 'method'), l.method, 'law-method'),
    ];
    if (l.knownLaws !== null)
      rows.push(
        ...row(
          h('span', {}, term('hv', 'known laws h_v'), ' ', term('complete', 'complete')),
          l.complete === null ? '—' : l.complete ? `yes (${l.knownLaws})` : `no (${l.knownLaws} known)`,
          'stat-complete',
        ),
      );
    if (l.attention !== null) {
      const a = l.attention;
      rows.push(...row('query-key / value-output laws', `${a.queryKey} / ${a.valueOutput}`, 'stat-qk-ov'));
      rows.push(
        ...row(term('heads', 'per-head / cross-head'), `${a.perHead} / ${a.crossHead}`, 'stat-heads'),
      );
      if (a.exact !== null)
        rows.push(
          ...row(
            'exact Lie trace',
            `${a.exact} ${a.exact === l.laws ? '(agrees)' : '(DISAGREES)'}`,
            'stat-exact',
          ),
        );
    }
    lawStats.replaceChildren(...rows);
    verdict.replaceChildren(
      term('frobenius', 'Frobenius'),
      l.frobenius
        ? ': yes — the Lie brackets add nothing (dim Lie = rank Dφ), every law is accounted for by the Jacobian.'
        : `: no — brackets raise the rank from ${l.rankJacobian} to ${l.lieDim}.`,
    );
    verdict.className = `verdict ${l.frobenius ? 'ok' : 'warn'}`;
    proof.hidden = false;
    proof.querySelector('p')!.textContent = `${l.reason}. ${l.proof}`;
  }

  function renderFormulas(f: LawFormulas): void {
    formulasNote.textContent =
      f.error ??
      (f.formulas.length === 0
        ? `No polynomial law of degree ${f.degree}.`
        : `${f.formulas.length} independent law(s) of degree ${f.degree} (exact, over ℚ):`);
    formulas.replaceChildren(...f.formulas.map((t) => h('li', {}, h('code', {}, t))));
  }

  function onPartial(p: NetPartial, title: string): void {
    switch (p.kind) {
      case 'net-structure':
        showError(null);
        results.classList.remove('stale');
        renderStructure(p.structure);
        pathField.hidden = p.structure.kind !== 'network';
        return;
      case 'net-problems':
        showError(
          p.problems.length === 1
            ? 'The draft has a problem:'
            : `The draft has ${p.problems.length} problems:`,
          null,
          p.problems,
        );
        return;
      case 'net-dag':
        if (p.svg !== null) setSvg(dag, p.svg, title, p.note);
        else if (p.view === null && p.note.startsWith('An attention')) dag.replaceChildren();
        dag.hidden = p.svg === null && dag.childElementCount === 0;
        dagNote.textContent = p.note;
        return;
      case 'net-paths':
        pathSelect.replaceChildren(
          ...(p.labels.length === 0
            ? [
                h(
                  'option',
                  { value: '0' },
                  `${p.total} paths: too many to list (the page lists up to 20,000)`,
                ),
              ]
            : p.labels.map((label, i) => h('option', { value: String(i) }, `${i}: ${label}`))),
        );
        pathSelect.disabled = p.labels.length === 0;
        if (p.index >= 0) pathSelect.value = String(p.index);
        if (Number(p.total) > p.labels.length && p.labels.length > 0)
          pathSelect.append(
            h(
              'option',
              { disabled: true, value: '' },
              `… ${p.total} in all (the first ${p.labels.length} listed)`,
            ),
          );
        return;
      case 'net-laws':
        renderLaws(p.laws);
        return;
      case 'net-formulas':
        renderFormulas(p.formulas);
        return;
    }
  }

  function analyze(
    source: { kind: 'text'; text: string } | { kind: 'onnx'; name: string; bytes: Uint8Array },
    state: AppState,
  ): void {
    results.classList.add('stale');
    formulasNote.textContent = '';
    task.start('Reading the network');
    const title =
      source.kind === 'onnx'
        ? `Network of ${source.name}`
        : `Network ${source.text.length > 40 ? 'edited' : source.text}`;
    lane
      .run(
        { kind: 'network', source, path: state.path, degree: state.degree },
        {
          onPartial: (p) => onPartial(p as NetPartial, title),
          onProgress: (p) => task.progress(p),
        },
      )
      .then((done) => {
        if (done === null) return;
        if (!errorBox.hidden)
          task.finish('The draft is not a valid network yet: fix the problems above.', 'warn');
        else task.finish(`Done in ${task.seconds().toFixed(2)} s.`, 'ok');
      })
      .catch((error: Error) => {
        const forms = error instanceof WorkerError ? error.forms : null;
        showError(error.message, forms);
        task.finish('Stopped: see the message in the editor.', 'error');
      });
  }

  const analyzeLater = debounce(
    (text: string, state: AppState) => analyze({ kind: 'text', text }, state),
    120,
  );

  function update(state: AppState): void {
    degreeSelect.value = String(state.degree);
    const key = `${state.net}|${state.path}|${state.degree}`;
    if (key === lastKey && fileName === null) return;
    const netChanged = lastKey.split('|')[0] !== state.net || fileName !== null;
    lastKey = key;
    fileName = null;
    const t = state.net.trim();
    presetInput.value = t.startsWith('{') ? '' : t;
    presetInput.placeholder = t.startsWith('{') ? '(edited network)' : 'relu:2-3-2';
    if (netChanged) {
      showLoadError(null);
      const r = readSpec(t);
      editorNote.hidden = r.kind === 'spec' || r.kind === 'error';
      editorParts.hidden = r.kind !== 'spec';
      spec = r.spec;
      if (r.kind === 'error') {
        const e = explainMessage(r.error);
        showError(
          `Cannot read the network '${t.length > 40 ? `${t.slice(0, 37)}…` : t}': ${e.text}`,
          e.forms,
        );
        lane.cancel();
        task.finish('Nothing computed: the network does not parse.', 'error');
        return;
      }
      lane.cancel(); // the analysis of the previous network must not post into this one
      const problems = r.kind === 'spec' ? draftProblems(r.spec) : [];
      if (problems.length > 0)
        showError(
          problems.length === 1 ? 'The draft has a problem:' : `The draft has ${problems.length} problems:`,
          null,
          problems,
        );
      else showError(null);
      if (r.kind === 'spec') renderEditor(r.spec);
      else if (r.kind === 'large')
        editorNote.textContent = `This network has ${sizeText(r.edges)} edges: too many to edit here (the editor takes up to ${sizeText(EDITOR_MAX_EDGES)}). Its structure, laws and a collapsed drawing are computed in the background.`;
      else
        editorNote.textContent =
          'An attention block is a lifting, not a graph of neurons: there are no neurons or edges to edit. Change its shape with the builder.';
    }
    task.start('Waiting');
    analyzeLater(t, state);
  }

  update(ctx.state());
  return {
    update,
    destroy() {
      analyzeLater.cancel();
      lane.cancel();
      task.dispose();
    },
  };
};
