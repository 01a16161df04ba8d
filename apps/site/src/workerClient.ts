/**
 * Runs requests on a dedicated worker, one lane per page task. A new request on a lane cancels
 * the one in flight, and {@link Lane.cancel} stops it: the worker is asked to abort (a run that
 * checks its AbortSignal, such as a GPU ensemble, stops at its next status report and keeps the
 * worker and its GPU context), and if it has not answered within {@link CANCEL_GRACE_MS} (a
 * synchronous computation cannot read messages) the worker is terminated and recreated on the
 * next request. Either way the page is told at once, and stale results never reach it.
 */
import type { Command, Final, Partial, Progress, Reply, Request } from './protocol.js';

/** How long a cancelled worker may take to stop by itself before it is terminated. */
export const CANCEL_GRACE_MS = 300;

/** An error reply of the worker: the message in the page's language, and preset forms to list. */
export class WorkerError extends Error {
  constructor(
    message: string,
    readonly forms: string[] | null,
  ) {
    super(message);
    this.name = 'WorkerError';
  }
}

interface Pending {
  id: number;
  resolve(value: Final | null): void;
  reject(error: Error): void;
  onPartial?: (p: Partial) => void;
  onProgress?: (p: Progress) => void;
}

export class Lane {
  private worker: Worker | null = null;
  private pending: Pending | null = null;
  private nextId = 1;
  private killTimer: ReturnType<typeof setTimeout> | undefined;

  /** Whether a request is in flight. */
  get busy(): boolean {
    return this.pending !== null;
  }

  private spawn(): Worker {
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<Reply>) => this.receive(worker, event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      if (worker !== this.worker) return;
      const p = this.pending;
      this.pending = null;
      this.kill();
      p?.reject(new WorkerError(event.message || 'the computation stopped unexpectedly', null));
    };
    return worker;
  }

  private receive(worker: Worker, reply: Reply): void {
    if (worker !== this.worker) return;
    const p = this.pending;
    if (p === null || reply.id !== p.id) {
      // the answer of a cancelled request: the worker is free again
      if (this.killTimer !== undefined && (reply.type === 'done' || reply.type === 'error')) {
        clearTimeout(this.killTimer);
        this.killTimer = undefined;
      }
      return;
    }
    if (reply.type === 'partial') p.onPartial?.(reply.data);
    else if (reply.type === 'progress') p.onProgress?.(reply.progress);
    else {
      this.pending = null;
      if (reply.type === 'done') p.resolve(reply.data);
      else p.reject(new WorkerError(reply.message, reply.forms));
    }
  }

  private kill(): void {
    clearTimeout(this.killTimer);
    this.killTimer = undefined;
    this.worker?.terminate();
    this.worker = null;
  }

  /**
   * Sends a request. Resolves with the final result, or null when it was cancelled or superseded;
   * rejects with a {@link WorkerError} (the message in the page's language).
   */
  run(
    req: Request,
    handlers: { onPartial?: (p: Partial) => void; onProgress?: (p: Progress) => void } = {},
  ): Promise<Final | null> {
    this.cancel();
    if (this.killTimer !== undefined) this.kill(); // still busy with a cancelled run: start afresh
    this.worker ??= this.spawn();
    const id = this.nextId++;
    const worker = this.worker;
    return new Promise((resolve, reject) => {
      this.pending = { id, resolve, reject, ...handlers };
      worker.postMessage({ id, req } satisfies Command);
    });
  }

  /** Stops the request in flight, if any (its promise resolves to null at once). */
  cancel(): void {
    const p = this.pending;
    if (p === null) return;
    this.pending = null;
    p.resolve(null);
    if (this.worker === null) return;
    this.worker.postMessage({ cancel: p.id } satisfies Command);
    clearTimeout(this.killTimer);
    this.killTimer = setTimeout(() => this.kill(), CANCEL_GRACE_MS);
  }

  /** Cancels and releases the worker (the page is left). */
  dispose(): void {
    this.cancel();
    this.kill();
  }
}
