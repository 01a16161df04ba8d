/**
 * The whole state of the site, kept in the URL hash so that every view is shareable and
 * reproducible: `#/<page>?v=1&key=value&…`. Decoding never throws: an unknown page, a missing or
 * outdated version, or a value that does not parse falls back to the default, and the returned
 * notices say which.
 */

/** The pages of the site. */
export const PAGES = ['network', 'flow', 'linear', 'ensemble'] as const;
export type Page = (typeof PAGES)[number];

/** Initializations of the flow lab. */
export const INITS = ['gaussian', 'balanced', 'relaxed'] as const;
export type InitKind = (typeof INITS)[number];

/** Losses of the flow lab. */
export const LOSSES = ['synthetic', 'csv'] as const;
export type LossKind = (typeof LOSSES)[number];

/** Version of the URL format; a URL with another version falls back to defaults. */
export const STATE_VERSION = 1;

/** Everything the site shows is a function of this object. */
export interface AppState {
  page: Page;
  /** The network: a preset string of `@idyn/graph` or a JSON spec. */
  net: string;
  /** Index of the highlighted path on the network page. */
  path: number;
  /** Degree of the law formulas. */
  degree: number;
  /** Flow lab: initialization. */
  init: InitKind;
  /** Flow lab: seed of the initialization. */
  seed: number;
  /** Flow lab: Gaussian standard deviation (a positive number), or 'he'. */
  scale: number | 'he';
  /** Flow lab: λ of the relaxed balanced init (linear networks). */
  lambda: number;
  /** Flow lab: the loss. */
  loss: LossKind;
  /** Flow lab: seed of the synthetic target. */
  lossSeed: number;
  /** Flow lab: pasted data set (CSV, inputs then outputs per row). */
  csv: string;
  /** Flow lab: end time. */
  T: number;
  /** Linear & ODE page: λ. */
  odeLambda: number;
  /** Linear & ODE page: depth L (number of layers of the deep linear network and of the ResNet). */
  depth: number;
  /** Linear & ODE page: width n of the square layers. */
  width: number;
  /** Ensemble page: layered network widths, e.g. `2-8-1`. */
  ensNet: string;
  /** Ensemble page: number of flows. */
  members: number;
  /** Ensemble page: end time. */
  ensT: number;
  /** Ensemble page: seed. */
  ensSeed: number;
}

export const DEFAULT_STATE: Readonly<AppState> = Object.freeze({
  page: 'network',
  net: 'relu:2-3-2',
  path: 0,
  degree: 2,
  init: 'gaussian',
  seed: 1,
  scale: 1,
  lambda: 0.7,
  loss: 'synthetic',
  lossSeed: 1,
  csv: '',
  T: 1.5,
  odeLambda: 0.5,
  depth: 3,
  width: 3,
  ensNet: '2-6-1',
  members: 1024,
  ensT: 2,
  ensSeed: 1,
});

/** Result of {@link decodeState}. */
export interface DecodedState {
  state: AppState;
  /** One line per value that was ignored; empty when the URL was fully understood. */
  notices: string[];
}

type Parser<T> = (text: string) => T | undefined;

const int =
  (lo: number, hi: number): Parser<number> =>
  (text) => {
    if (!/^-?\d+$/.test(text)) return undefined;
    const v = Number(text);
    return Number.isSafeInteger(v) && v >= lo && v <= hi ? v : undefined;
  };

const num =
  (lo: number, hi: number): Parser<number> =>
  (text) => {
    if (!/^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return undefined;
    const v = Number(text);
    return Number.isFinite(v) && v >= lo && v <= hi ? v + 0 : undefined; // + 0 turns -0 into 0
  };

const oneOf =
  <T extends string>(values: readonly T[]): Parser<T> =>
  (text) =>
    (values as readonly string[]).includes(text) ? (text as T) : undefined;

const text =
  (maxLength: number): Parser<string> =>
  (t) =>
    t.length <= maxLength ? t : undefined;

const scaleParser: Parser<number | 'he'> = (t) => (t === 'he' ? 'he' : num(1e-6, 100)(t));

/** How each field is read from the URL. */
const PARSERS: { [K in Exclude<keyof AppState, 'page'>]: Parser<AppState[K]> } = {
  net: (t) => (t.trim().length > 0 ? text(20000)(t) : undefined),
  path: int(0, 1e6),
  degree: int(1, 4),
  init: oneOf(INITS),
  seed: int(0, 2 ** 32 - 1),
  scale: scaleParser,
  lambda: num(-10, 10),
  loss: oneOf(LOSSES),
  lossSeed: int(0, 2 ** 32 - 1),
  csv: text(20000),
  T: num(1e-3, 100),
  odeLambda: num(-3, 3),
  depth: int(2, 8),
  width: int(1, 6),
  ensNet: (t) => (/^\d+(-\d+){1,4}$/.test(t) ? t : undefined),
  members: int(1, 65536),
  ensT: num(1e-3, 100),
  ensSeed: int(0, 2 ** 32 - 1),
};

const KEYS = Object.keys(PARSERS) as (keyof typeof PARSERS)[];

/**
 * Writes a state as a URL hash, `#/<page>?v=1&…`, listing only the fields that differ from the
 * defaults (so links stay short and old links keep working when defaults are added).
 */
export function encodeState(state: AppState): string {
  const params = new URLSearchParams();
  params.set('v', String(STATE_VERSION));
  for (const key of KEYS) {
    const value = state[key];
    if (value !== DEFAULT_STATE[key]) params.set(key, String(value));
  }
  return `#/${state.page}?${params.toString()}`;
}

/**
 * Reads a state from a URL hash (with or without the leading `#`). Never throws: anything that
 * does not parse falls back to its default and adds a notice.
 */
export function decodeState(hash: string): DecodedState {
  const state: AppState = { ...DEFAULT_STATE };
  const notices: string[] = [];
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  if (raw.trim() === '' || raw === '/') return { state, notices };
  const m = /^\/([A-Za-z0-9_-]*)(?:\?(.*))?$/s.exec(raw);
  if (m === null) {
    notices.push(`The link could not be read (${preview(raw)}); showing the defaults.`);
    return { state, notices };
  }
  const page = m[1] ?? '';
  if ((PAGES as readonly string[]).includes(page)) state.page = page as Page;
  else if (page !== '') notices.push(`Unknown page '${preview(page)}'; showing the network page.`);
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(m[2] ?? '');
  } catch {
    notices.push('The link parameters could not be read; showing the defaults.');
    return { state, notices };
  }
  if ([...params.keys()].length === 0) return { state, notices };
  const version = params.get('v');
  if (version !== String(STATE_VERSION)) {
    notices.push(
      version === null
        ? 'The link has no version (v); it may be from an older site: showing the defaults.'
        : `The link has version v=${preview(version)}, this site reads v=${STATE_VERSION}: showing the defaults.`,
    );
    return { state: { ...DEFAULT_STATE, page: state.page }, notices };
  }
  const writable = state as unknown as Record<string, unknown>;
  for (const [key, value] of params) {
    if (key === 'v') continue;
    const parser = (PARSERS as Record<string, Parser<unknown>>)[key];
    if (parser === undefined) {
      notices.push(`Unknown link parameter '${preview(key)}' ignored.`);
      continue;
    }
    const parsed = parser(value);
    if (parsed === undefined) {
      notices.push(
        `Link parameter ${key}=${preview(value)} is not valid; using the default ${String(DEFAULT_STATE[key as keyof AppState])}.`,
      );
      continue;
    }
    writable[key] = parsed;
  }
  return { state, notices };
}

function preview(s: string): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > 40 ? `${one.slice(0, 37)}…` : one;
}
