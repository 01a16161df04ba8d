import type { StudyOptions } from '../Study.js';
import { StudyAbortError } from '../StudyAbortError.js';

/** The progress and abort protocol of one run: `next(label)` before each unit, `finish()` at the end. */
export interface Steps {
  /**
   * Yields to the event loop, throws if aborted, reports `label` as the unit under way (with the
   * estimated seconds of `estimate.work`, 1e9 operations per second, when given).
   */
  next(label: string, estimate?: { readonly work: number }): Promise<void>;
  /** Reports completion. */
  finish(): void;
  /** Throws StudyAbortError when the signal is aborted (no yield). */
  check(): void;
}

/** Lets timers and messages (an abort, a progress redraw) run between units of work. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Creates the steps of a run of `study` with `total` units. */
export function createSteps(study: string, options: StudyOptions, total: number): Steps {
  let done = 0;
  let started = false;
  const check = (): void => {
    if (options.signal?.aborted) throw new StudyAbortError(study, options.signal.reason);
  };
  return {
    async next(label, estimate) {
      if (started) done = Math.min(total, done + 1);
      started = true;
      if (options.signal !== undefined || options.onProgress !== undefined) await yieldToEventLoop();
      check();
      const seconds = estimate === undefined ? undefined : estimate.work / 1e9;
      options.onProgress?.({
        study,
        done,
        total,
        label,
        ...(seconds !== undefined && Number.isFinite(seconds) ? { estimatedSeconds: seconds } : {}),
      });
    },
    finish() {
      check();
      options.onProgress?.({ study, done: total, total, label: 'done' });
    },
    check,
  };
}
