/** Progress of a running sweep. */
export interface SweepProgress {
  /** Jobs to run in this run (the spec's jobs less those already in the store). */
  readonly total: number;
  /** Jobs done in this run. */
  readonly done: number;
  /** Jobs recorded as failed in this run. */
  readonly failed: number;
  /** Jobs running now (local) or handed to the queue and not back yet (queue). */
  readonly running: number;
  /** Jobs of the spec already in the store before the run. */
  readonly skipped: number;
  /** Seconds since the run started. */
  readonly seconds: number;
  /** Jobs finished per second so far. */
  readonly rate: number;
  /** Seconds left at that rate (null before the first job finishes). */
  readonly eta: number | null;
}

/** Counts finished jobs and reports {@link SweepProgress} at most every `everyMs`. */
export function createProgress(
  total: number,
  skipped: number,
  onProgress: ((p: SweepProgress) => void) | undefined,
  runningOf?: () => number,
  everyMs = 100,
) {
  const start = performance.now();
  let done = 0;
  let failed = 0;
  let running = 0;
  let last = -Infinity;
  const snapshot = (): SweepProgress => {
    const seconds = (performance.now() - start) / 1000;
    const finished = done + failed;
    const rate = seconds > 0 ? finished / seconds : 0;
    return {
      total,
      done,
      failed,
      running: runningOf?.() ?? running,
      skipped,
      seconds,
      rate,
      eta: finished > 0 && rate > 0 ? (total - finished) / rate : null,
    };
  };
  const report = (force: boolean) => {
    const now = performance.now();
    if (onProgress === undefined || (!force && now - last < everyMs)) return;
    last = now;
    onProgress(snapshot());
  };
  report(true);
  return {
    started() {
      running++;
    },
    cancelled() {
      running--;
    },
    /** A job came back: `ok` done, else failed. */
    finished(ok: boolean) {
      running--;
      ok ? done++ : failed++;
      report(done + failed === total);
    },
    counts: () => ({ done, failed }),
    seconds: () => (performance.now() - start) / 1000,
    end() {
      report(true);
    },
  };
}
