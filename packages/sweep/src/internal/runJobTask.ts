import { runStudy, StudyInputError } from '@idyn/studies';
import type { MessagePort } from 'node:worker_threads';
import { pickOutputs } from './flatten.js';

/** A job as it crosses to a thread (plain data). */
export interface JobTask {
  readonly study: string;
  readonly input: unknown;
  /** Result paths to keep (the spec's `outputs`). */
  readonly outputs?: readonly string[];
  /** Told when the thread starts the job (the pool's time limit counts from then). */
  readonly port?: MessagePort;
}

/** What a thread reports back for one job. */
export type JobOutcome =
  | { readonly ok: true; readonly result: unknown; readonly durationMs: number; readonly worker: string }
  | {
      readonly ok: false;
      /**
       * `input`: bad input (a StudyInputError or another TypeError/RangeError: not worth a retry);
       * `error`: anything else (a bug); `timeout`: the job ran past the spec's timeout; `crash`: its
       * thread died.
       */
      readonly kind: 'input' | 'error' | 'timeout' | 'crash';
      readonly error: string;
      readonly durationMs: number;
      readonly worker: string;
    };

/**
 * Runs a study by name and turns its result or error into a {@link JobOutcome} (errors lose their
 * class crossing threads, so they are classified here).
 */
export async function runJobTask(task: JobTask, worker: string): Promise<JobOutcome> {
  task.port?.postMessage('start');
  const start = performance.now();
  try {
    const result = pickOutputs(await runStudy(task.study, task.input), task.outputs);
    return { ok: true, result, durationMs: performance.now() - start, worker };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    const input = e instanceof StudyInputError || e instanceof TypeError || e instanceof RangeError;
    const prefix = e instanceof StudyInputError || e.name === 'Error' ? '' : `${e.name}: `;
    return {
      ok: false,
      kind: input ? 'input' : 'error',
      error: `${prefix}${e.message.split('\n').join('; ')}`,
      durationMs: performance.now() - start,
      worker,
    };
  }
}
