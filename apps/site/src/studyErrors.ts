/**
 * How the site words a study's input errors: the fields are named after the page's controls, and
 * values are not echoed (a pasted JSON spec would fill the status line).
 */
import { type InputLabels, StudyInputError } from '@idyn/studies';

const CONTROLS: Record<string, string> = {
  net: 'network',
  init: 'init',
  theta: 'theta',
  loss: 'loss',
  data: 'CSV data',
  T: 'T',
  lawLevels: 'law levels',
};

/** The labels of the site's controls. */
export const SITE_LABELS: InputLabels = {
  field: (f) => CONTROLS[f],
  text: () => null,
  study: 'this page',
};

/** A one-line message of an error met while running a study. */
export function errorLine(error: unknown): string {
  if (error instanceof StudyInputError) return error.render(SITE_LABELS);
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
