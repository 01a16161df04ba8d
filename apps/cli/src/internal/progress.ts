import type { StudyProgress } from '@idyn/studies';
import cliProgress from 'cli-progress';
import type { TextSink } from './io.js';

/** Progress on stderr: a bar with the unit under way, the rate and the ETA (cli-progress). */
export interface ProgressView {
  /** Shows a study's progress report. */
  update(p: StudyProgress): void;
  /** Removes the bar (the line is cleared). */
  clear(): void;
}

/** Seconds as a short duration: `45s`, `12 min`, `3.2 h`. */
export function duration(seconds: number): string {
  if (seconds < 90) return `${Math.ceil(seconds)}s`;
  if (seconds < 90 * 60) return `${Math.ceil(seconds / 60)} min`;
  return `${(seconds / 3600).toPrecision(2)} h`;
}

/** A progress view that draws nothing (not a terminal, --quiet, --json). */
export const NO_PROGRESS: ProgressView = { update() {}, clear() {} };

/**
 * A cli-progress bar on a terminal's stderr: `███░░ done/total | rate/s | ETA | label…` (the
 * label last, so that a narrow terminal cuts it rather than the counts).
 * @param stderr - where to draw (a terminal)
 * @param columns - terminal width
 */
export function terminalProgress(stderr: TextSink, columns = 100): ProgressView {
  const stream = { isTTY: true, columns, write: (s: string) => stderr.write(s) };
  let bar: cliProgress.SingleBar | null = null;
  let shown = false;
  let started = 0;
  return {
    update(p) {
      // a long unit that reports nothing until it ends shows the ETA of its cost estimate
      const estimated =
        p.estimatedSeconds !== undefined && p.estimatedSeconds >= 2
          ? `ETA ~${duration(p.estimatedSeconds)} (estimated)`
          : undefined;
      const payload = { label: p.label, rate: '', remaining: estimated ?? 'ETA …' };
      if (bar === null) {
        bar = new cliProgress.SingleBar(
          {
            stream: stream as unknown as NodeJS.WritableStream,
            format: '{bar} {value}/{total} | {rate} | {remaining} | {label}…',
            barsize: 20,
            hideCursor: false,
            clearOnComplete: true,
            linewrap: false,
            gracefulExit: false,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(p.total, p.done, payload);
        shown = true;
        started = performance.now();
      } else {
        const seconds = (performance.now() - started) / 1000;
        if (seconds > 0 && p.done > 0) {
          // Units of one study take similar times: the ETA is the remaining units at the mean rate.
          const rate = p.done / seconds;
          payload.rate = `${rate.toPrecision(3)}/s`;
          payload.remaining = estimated ?? `ETA ${Math.ceil((p.total - p.done) / rate)}s`;
        }
        bar.setTotal(p.total);
        bar.update(p.done, payload);
        // A report marks a unit boundary (a tour row, an integration): draw it now rather than at
        // the next throttled redraw, which a fast run would never reach.
        bar.render();
      }
    },
    clear() {
      if (bar !== null) bar.stop();
      bar = null;
      if (shown) stderr.write('\r\x1b[2K');
      shown = false;
    },
  };
}
