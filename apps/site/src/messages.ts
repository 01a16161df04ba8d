/**
 * How the site words errors: in the page's language, not the packages'. Function prefixes
 * (`createNetwork:`, `presetSpec:`), option names (`options.maxUnknowns`), internal lifting names
 * (`path[7 nodes, 12 edges]`) and CLI hints are replaced by what the page calls them; the list of
 * valid preset forms is kept whole (as a list the page shows) instead of being cut at its first line.
 * Study input errors name the page's controls.
 */
import { PRESET_FORMS } from '@idyn/graph';
import { type InputLabels, StudyInputError } from '@idyn/studies';

const CONTROLS: Record<string, string> = {
  net: 'network',
  init: 'init',
  theta: 'θ',
  loss: 'loss',
  data: 'CSV data',
  T: 'T',
  lawLevels: 'law levels',
  runs: 'flows',
};

/** The labels of the site's controls, for a study's input errors. */
export const SITE_LABELS: InputLabels = {
  field: (f) => CONTROLS[f],
  text: () => null, // values are not echoed: a pasted JSON spec would fill the line
  study: 'this page',
};

/** Budget options of the packages, as the page names them. */
const OPTIONS: Record<string, string> = {
  maxUnknowns: "the formula solver's limit",
  maxEdges: "the page's size limit",
  maxPaths: "the page's path limit",
  maxMemoryBytes: "the page's memory limit",
  maxWork: "the page's work limit",
  maxTerms: 'the polynomial size limit',
  maxDepth: 'the polynomial depth limit',
};

/** Words of the packages replaced by the page's words. */
const WORDS: [RegExp, string][] = [
  [/\bpath\[(\d+) nodes, (\d+) edges\]/g, 'the path-lifting ($1 neurons, $2 edges)'],
  [/\boptions\.(\w+)/g, '$1'],
  [/\bhidden node\b/g, 'hidden neuron'],
  [/\binput node\b/g, 'input neuron'],
  [/\boutput node\b/g, 'output neuron'],
  [/\bnodes\[(\d+)\]/g, 'neuron $1'],
  [/\bedges\[(\d+)\]/g, 'edge $1'],
  [/\s*\(see idyn [^)]*\)/g, ''],
  [/\s*\(use --[^)]*\)/g, ''],
];

/** A text of the packages (a model name, a note) with their internal words replaced by the page's. */
export function plainWords(text: string): string {
  let t = text;
  for (const [re, by] of WORDS) t = t.replace(re, by);
  return t.replace(/theta\*/g, 'θ*').replace(/\btheta\b/g, 'θ');
}

/** A message made plain, with the list of valid preset forms when the message ended with one. */
export interface Explained {
  /** One paragraph. */
  text: string;
  /** Valid network forms to list under it (unknown presets), else null. */
  forms: string[] | null;
}

/** Valid network forms the site accepts, as listed under an unknown-preset message. */
export const NETWORK_FORMS: readonly string[] = [
  ...PRESET_FORMS,
  'attention:d:k:v:e[:heads]  one attention block (a lifting without a DAG): d model dimension, k key, v value, e tokens, heads',
  'a JSON spec { "nodes": [...], "edges": [...] }, or a .onnx file dropped on the page',
];

/** Removes `functionName:` prefixes (camelCase names of the packages' functions), at the start or after a colon. */
function stripPrefixes(text: string): string {
  return text.replace(/(^|: )(?:[a-z]+[A-Z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)*: )+/g, '$1');
}

/**
 * Words a message in the page's language.
 * @param message - a package's or study's message
 * @returns the text and, for an unknown preset, the valid forms
 */
export function explainMessage(message: string): Explained {
  let text = message;
  let forms: string[] | null = null;
  const i = text.indexOf('valid forms:');
  if (i >= 0) {
    text = text.slice(0, i).replace(/[;,:\s]+$/, '');
    forms = [...NETWORK_FORMS];
  }
  text = text.split('\n')[0] ?? text;
  text = stripPrefixes(text);
  for (const [re, by] of WORDS) text = text.replace(re, by);
  text = text.replace(/\((max[A-Z]\w*)\)/g, (whole, opt: string) =>
    OPTIONS[opt] ? `(${OPTIONS[opt]})` : whole,
  );
  text = text.replace(/^unknown preset "([^"]*)" \((.*)\)$/s, 'unknown network "$1": $2');
  if (/^[a-z]+(?:[ ,]|: )/.test(text)) text = text[0]!.toUpperCase() + text.slice(1);
  if (forms !== null && !/[.:]$/.test(text)) text += '. The page reads these forms:';
  return { text, forms };
}

/** A one-line message of an error met while running a study, in the page's language. */
export function errorLine(error: unknown): string {
  if (error instanceof StudyInputError) return explainMessage(error.render(SITE_LABELS)).text;
  const message = error instanceof Error ? error.message : String(error);
  return explainMessage(message).text;
}
