/**
 * The whole state of the site, kept in the URL hash so that every view is shareable and
 * reproducible: `#/<page>?v=1&key=value&…`. One validator per field ({@link FIELDS}) serves both
 * the page's inputs and the link reader, so a value the inputs accept is never refused on reload,
 * and the other way round. Decoding never throws: an unknown page, a missing or outdated version,
 * or a value that does not pass its field's check falls back to the default, and the returned
 * notices say which (in the words the page uses).
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

/** Initializations of the linear page: relaxed balanced λ, or a generic Gaussian (the negative control). */
export const LIN_INITS = ['relaxed', 'gaussian'] as const;
export type LinInitKind = (typeof LIN_INITS)[number];

/** Version of the URL format; a URL with another version falls back to defaults. */
export const STATE_VERSION = 1;

/** Largest text of the `net` and `csv` fields (a link must stay a link). */
export const MAX_TEXT = 20000;

/** Everything the site shows is a function of this object. */
export interface AppState {
  page: Page;
  /** The network: a preset string of `@idyn/graph`, `attention:…`, or a JSON spec. */
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
  /** Flow lab: end time of the first run. */
  T: number;
  /** Linear & ODE page: λ. */
  odeLambda: number;
  /** Linear & ODE page: depth L (number of layers of the deep linear network and of the ResNet). */
  depth: number;
  /** Linear & ODE page: width n of the square layers. */
  width: number;
  /** Linear & ODE page: relaxed balanced λ, or a generic Gaussian init. */
  linInit: LinInitKind;
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
  linInit: 'relaxed',
  ensNet: '2-6-1',
  members: 1024,
  ensT: 2,
  ensSeed: 1,
});

/** The outcome of checking one field's text. */
export type FieldCheck<T> = { ok: true; value: T } | { ok: false; message: string };

/** One field of the state: how its text is checked and written (inputs and links alike). */
export interface Field<T> {
  /** The field's name as the page shows it. */
  readonly label: string;
  /** What a valid value looks like, in words (shown next to an invalid input). */
  readonly rule: string;
  /** Checks a text; never throws. */
  read(text: string): FieldCheck<T>;
  /** The text of a value (what the link and the input show); `read(write(v))` gives v back. */
  write(value: T): string;
}

/** Keys of the state stored in the link (all but the page). */
export type StateKey = Exclude<keyof AppState, 'page'>;

const MAX_SEED = 2 ** 32 - 1;

function shown(s: string): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > 40 ? `${one.slice(0, 37)}…` : one;
}

function field<T>(
  label: string,
  rule: string,
  accept: (t: string) => T | undefined,
  write?: (v: T) => string,
): Field<T> {
  return {
    label,
    rule,
    read(text) {
      const value = accept(text.trim());
      return value === undefined
        ? {
            ok: false,
            message: `${label} must be ${rule}${text.trim() === '' ? '' : `, got '${shown(text)}'`}`,
          }
        : { ok: true, value };
    },
    write: write ?? ((v) => String(v)),
  };
}

function whole(lo: number, hi: number): (t: string) => number | undefined {
  return (t) => {
    if (!/^\d+$/.test(t) && !/^-\d+$/.test(t)) return undefined;
    const v = Number(t);
    return Number.isSafeInteger(v) && v >= lo && v <= hi ? v + 0 : undefined;
  };
}

const NUMBER_RE = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

function real(lo: number, hi: number, openLow = false): (t: string) => number | undefined {
  return (t) => {
    if (!NUMBER_RE.test(t)) return undefined;
    const v = Number(t);
    if (!Number.isFinite(v) || v > hi || v < lo || (openLow && v === lo)) return undefined;
    return v + 0; // + 0 turns -0 into 0
  };
}

function oneOf<T extends string>(values: readonly T[]): (t: string) => T | undefined {
  return (t) => ((values as readonly string[]).includes(t) ? (t as T) : undefined);
}

const seedField = (label: string) => field(label, `a whole number from 0 to ${MAX_SEED}`, whole(0, MAX_SEED));

/** Largest ensemble width per layer. */
export const MAX_ENSEMBLE_WIDTH = 64;
/** Largest number of ensemble flows. */
export const MAX_MEMBERS = 65536;

/**
 * The one validator of every field: the page's inputs and the link reader both call `read`. The
 * ranges are what the page can compute (a network that parses but is too large for the page is
 * refused later, by the size budget, with its sizes named).
 */
export const FIELDS: { readonly [K in StateKey]: Field<AppState[K]> } = {
  net: {
    label: 'network',
    rule: `a preset (e.g. relu:2-3-2) or a JSON spec of at most ${MAX_TEXT} characters`,
    read(text) {
      const t = text.trim();
      if (t === '') return { ok: false, message: 'the network is empty: type a preset such as relu:2-3-2' };
      if (t.length > MAX_TEXT)
        return {
          ok: false,
          message: `the network text has ${t.length} characters, more than the ${MAX_TEXT} a link can hold`,
        };
      return { ok: true, value: t };
    },
    write: (v) => v,
  },
  path: field('path', 'a whole number from 0 to 1000000', whole(0, 1e6)),
  degree: field('degree', 'a whole number from 1 to 4', whole(1, 4)),
  init: field('init', `one of ${INITS.join(', ')}`, oneOf(INITS)),
  seed: seedField('seed'),
  scale: field<number | 'he'>('scale', "a number greater than 0 and at most 100, or 'he'", (t) =>
    t === 'he' ? 'he' : real(0, 100, true)(t),
  ),
  lambda: field('λ', 'a number from −100 to 100', real(-100, 100)),
  loss: field('loss', `one of ${LOSSES.join(', ')}`, oneOf(LOSSES)),
  lossSeed: seedField('target seed'),
  csv: {
    label: 'CSV data',
    rule: `at most ${MAX_TEXT} characters`,
    read: (text) =>
      text.length <= MAX_TEXT
        ? { ok: true, value: text }
        : {
            ok: false,
            message: `the CSV data has ${text.length} characters, more than the ${MAX_TEXT} a link can hold`,
          },
    write: (v) => v,
  },
  T: field('T', 'a number greater than 0 and at most 1000', real(0, 1000, true)),
  odeLambda: field('λ', 'a number from −3 to 3', real(-3, 3)),
  depth: field('depth L', 'a whole number from 2 to 8', whole(2, 8)),
  width: field('width n', 'a whole number from 1 to 6', whole(1, 6)),
  linInit: field('init', `one of ${LIN_INITS.join(', ')}`, oneOf(LIN_INITS)),
  ensNet: field(
    'widths',
    `3 to 6 whole numbers from 1 to ${MAX_ENSEMBLE_WIDTH} joined by '-' (input, hidden layers, output), e.g. 2-6-1`,
    (t) => {
      if (!/^\d+(-\d+){2,5}$/.test(t)) return undefined;
      return t.split('-').every((w) => Number(w) >= 1 && Number(w) <= MAX_ENSEMBLE_WIDTH) ? t : undefined;
    },
  ),
  members: field('flows', `a whole number from 1 to ${MAX_MEMBERS}`, whole(1, MAX_MEMBERS)),
  ensT: field('T', 'a number greater than 0 and at most 1000', real(0, 1000, true)),
  ensSeed: seedField('seed'),
};

/** The keys of the link, in the order the link lists them. */
export const STATE_KEYS = Object.keys(FIELDS) as StateKey[];

/** Checks one field's text with its validator (the inputs call this). */
export function readField<K extends StateKey>(key: K, text: string): FieldCheck<AppState[K]> {
  return (FIELDS[key] as Field<AppState[K]>).read(text);
}

/** The text of a field's value, as the link and the input show it. */
export function writeField<K extends StateKey>(key: K, value: AppState[K]): string {
  return (FIELDS[key] as Field<AppState[K]>).write(value);
}

/** Result of {@link decodeState}. */
export interface DecodedState {
  state: AppState;
  /** One line per value that was ignored; empty when the URL was fully understood. */
  notices: string[];
}

/**
 * Writes a state as a URL hash, `#/<page>?v=1&…`, listing only the fields that differ from the
 * defaults (so links stay short and old links keep working when defaults are added).
 * `encodeState(decodeState(url).state) === url` for every link this function writes.
 */
export function encodeState(state: AppState): string {
  const params = new URLSearchParams();
  params.set('v', String(STATE_VERSION));
  for (const key of STATE_KEYS) {
    const value = state[key];
    if (value !== DEFAULT_STATE[key]) params.set(key, writeField(key, value));
  }
  return `#/${state.page}?${params.toString()}`;
}

/**
 * Reads a state from a URL hash (with or without the leading `#`). Never throws: anything that
 * does not pass its field's check falls back to its default and adds a notice.
 */
export function decodeState(hash: string): DecodedState {
  const state: AppState = { ...DEFAULT_STATE };
  const notices: string[] = [];
  try {
    decodeInto(String(hash), state, notices);
  } catch {
    // nothing above throws by design; a browser quirk must still not blank the page
    notices.push('The link could not be read; showing the defaults.');
    return { state: { ...DEFAULT_STATE }, notices };
  }
  return { state, notices };
}

function decodeInto(hash: string, state: AppState, notices: string[]): void {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  if (raw.trim() === '' || raw === '/') return;
  const m = /^\/([A-Za-z0-9_-]*)(?:\?(.*))?$/s.exec(raw);
  if (m === null) {
    notices.push(`The link could not be read (${shown(raw)}); showing the defaults.`);
    return;
  }
  const page = m[1] ?? '';
  if ((PAGES as readonly string[]).includes(page)) state.page = page as Page;
  else if (page !== '') notices.push(`Unknown page '${shown(page)}'; showing the network page.`);
  const params = new URLSearchParams(m[2] ?? '');
  if ([...params.keys()].length === 0) return;
  const version = params.get('v');
  if (version !== String(STATE_VERSION)) {
    notices.push(
      version === null
        ? 'The link has no version (v); it may be from an older site: showing the defaults.'
        : `The link has version v=${shown(version)}, this site reads v=${STATE_VERSION}: showing the defaults.`,
    );
    return;
  }
  const seen = new Set<string>();
  const writable = state as unknown as Record<string, unknown>;
  for (const [key, value] of params) {
    if (key === 'v') continue;
    // own keys only: `valueOf`, `__proto__`, `hasOwnProperty` are not fields
    if (!Object.hasOwn(FIELDS, key)) {
      notices.push(`Unknown link parameter '${shown(key)}' ignored.`);
      continue;
    }
    if (seen.has(key)) notices.push(`Link parameter '${key}' is given more than once; the last one is used.`);
    seen.add(key);
    const k = key as StateKey;
    const checked = readField(k, value);
    if (!checked.ok) {
      notices.push(
        `Link parameter ${key}=${shown(value)} is not valid (${checked.message}); using the default ${writeField(k, DEFAULT_STATE[k])}.`,
      );
      continue;
    }
    writable[key] = checked.value;
  }
}
