/**
 * The site's entry: a hash router over the four pages. The whole state lives in the URL hash
 * (see state.ts); edits replace the history entry, page changes push one, and pasting a link
 * (hashchange) re-reads it, with a notice when part of it was not understood.
 */
import './style.css';
import type { PageContext, PageFactory, PageView } from './context.js';
import { h } from './dom.js';
import { ensemblePage } from './pages/ensemblePage.js';
import { flowPage } from './pages/flowPage.js';
import { linearPage } from './pages/linearPage.js';
import { networkPage } from './pages/networkPage.js';
import { type AppState, decodeState, encodeState, type Page } from './state.js';
import { Lane } from './workerClient.js';

const PAGE_TITLES: Record<Page, string> = {
  network: 'Network',
  flow: 'Flow lab',
  linear: 'Linear & neural ODE',
  ensemble: 'Ensemble',
};
const FACTORIES: Record<Page, PageFactory> = {
  network: networkPage,
  flow: flowPage,
  linear: linearPage,
  ensemble: ensemblePage,
};

const app = document.querySelector<HTMLElement>('#app')!;
const nav = h('nav', { class: 'tabs', 'aria-label': 'pages' });
const notice = h('div', { class: 'notice', id: 'notice', role: 'status', hidden: true });
const main = h('main', { id: 'page' });
app.replaceChildren(
  h(
    'header',
    {},
    h('h1', {}, 'intrinsic-dynamics'),
    h(
      'p',
      { class: 'tagline' },
      'Build a network, count its conservation laws, and watch its intrinsic flow.',
    ),
    nav,
  ),
  notice,
  main,
  h(
    'footer',
    {},
    'Everything on this page is in the URL: copy it to share. ',
    h('a', { href: './api/' }, 'API reference'),
  ),
);

let state: AppState;
/** The hash this page last wrote, so that the events of its own writes are ignored. */
let lastHash = '';
let view: PageView | null = null;
let shownPage: Page | null = null;
const lanes = new Map<string, Lane>();

function showNotices(lines: string[]): void {
  notice.hidden = lines.length === 0;
  notice.replaceChildren(
    ...lines.map((l) => h('p', {}, l)),
    h(
      'button',
      { type: 'button', class: 'icon', 'aria-label': 'dismiss', onclick: () => showNotices([]) },
      '×',
    ),
  );
}

const ctx: PageContext = {
  state: () => state,
  update(change) {
    state = { ...state, ...change };
    lastHash = encodeState(state);
    history.replaceState(null, '', lastHash);
    view?.update(state);
  },
  go(change) {
    state = { ...state, ...change };
    lastHash = encodeState(state);
    history.pushState(null, '', lastHash);
    render();
  },
  lane(name) {
    let lane = lanes.get(name);
    if (lane === undefined) {
      lane = new Lane();
      lanes.set(name, lane);
    }
    return lane;
  },
};

function render(): void {
  nav.replaceChildren(
    ...(Object.keys(PAGE_TITLES) as Page[]).map((p) =>
      h(
        'a',
        {
          href: encodeState({ ...state, page: p }),
          class: p === state.page ? 'active' : undefined,
          'aria-current': p === state.page ? 'page' : undefined,
          'data-page': p,
          onclick: (e: Event) => {
            e.preventDefault();
            ctx.go({ page: p });
          },
        },
        PAGE_TITLES[p],
      ),
    ),
  );
  if (shownPage !== state.page || view === null) {
    view?.destroy();
    main.replaceChildren();
    shownPage = state.page;
    document.title = `${PAGE_TITLES[state.page]} · intrinsic-dynamics`;
    try {
      view = FACTORIES[state.page](main, ctx);
    } catch (error) {
      view = null;
      main.replaceChildren(
        h('p', { class: 'error', role: 'alert' }, `This page failed to start: ${(error as Error).message}`),
      );
    }
  } else view.update(state);
}

function readLocation(): void {
  // popstate and hashchange both fire when the user edits the hash: read it once
  if (lastHash !== '' && location.hash === lastHash) return;
  const decoded = decodeState(location.hash);
  state = decoded.state;
  showNotices(decoded.notices);
  lastHash = encodeState(state);
  history.replaceState(null, '', lastHash);
  render();
}

window.addEventListener('hashchange', readLocation);
window.addEventListener('popstate', readLocation);
readLocation();
