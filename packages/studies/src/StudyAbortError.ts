/**
 * Thrown by a study when its `signal` is aborted; checked between units of work. Its `name` is
 * `'AbortError'`, as for `fetch` and DOM APIs, so `error.name === 'AbortError'` catches both.
 *
 * @example
 * const controller = new AbortController();
 * controller.abort();
 * await studies.laws.run({ net: 'relu:2-3-2' }, { signal: controller.signal });
 * // throws StudyAbortError: "laws: aborted"
 */
export class StudyAbortError extends Error {
  /** `'AbortError'`. */
  override readonly name = 'AbortError';
  /** The study that stopped. */
  readonly study: string;

  /**
   * @param study - the study that stopped
   * @param reason - the signal's reason, if any
   */
  constructor(study: string, reason?: unknown) {
    super(`${study}: aborted${reason instanceof Error ? ` (${reason.message})` : ''}`);
    this.study = study;
  }
}
