/**
 * The site's entry: a hash router over the four pages. The whole state lives in the URL hash
 * (see state.ts); a committed edit pushes a history entry (Back undoes it), a page change pushes
 * one, and a pasted link or Back/Forward is read again and always applied to the page shown, with
 * a notice when part of it was not understood. After a tab switch the focus goes to the page's
 * heading.
 */
import './style.css';
import type { PageContext, PageFactory, PageView } from './context.js';
import { h } from './dom.js';
import { API_URL, MATH_URL } from './glossary.js';
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
    'Everything on this page is in the URL: copy it to share; Back undoes the last edit. ',
    h('a', { href: API_URL }, 'API reference'),
    ' · ',
    h('a', { href: MATH_URL }, 'MATH.md'),
  ),
);

let state: AppState;
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
  commit(change) {
    const next = { ...state, ...change };
    const hash = encodeState(next);
    state = next;
    if (hash !== location.hash) history.pushState(null, '', hash);
    view?.update(state);
  },
  go(change) {
    state = { ...state, ...change };
    history.pushState(null, '', encodeState(state));
    render(true);
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

function render(focus: boolean): void {
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
            if (p !== state.page) ctx.go({ page: p });
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
        h('h2', { class: 'page-title', tabindex: -1 }, PAGE_TITLES[state.page]),
        h('p', { class: 'error', role: 'alert' }, `This page failed to start: ${(error as Error).message}`),
      );
    }
    if (focus) main.querySelector<HTMLElement>('.page-title')?.focus();
  } else view.update(state);
}

/** Reads the link (load, a pasted link, Back/Forward) and applies it to the page. */
function readLocation(): void {
  const decoded = decodeState(location.hash);
  state = decoded.state;
  showNotices(decoded.notices);
  const canonical = encodeState(state);
  if (canonical !== location.hash) history.replaceState(null, '', canonical);
  render(false);
}

window.addEventListener('popstate', readLocation);
window.addEventListener('hashchange', () => {
  // popstate fires too when the hash is edited; read once
  if (encodeState(state) !== location.hash) readLocation();
});
readLocation();
