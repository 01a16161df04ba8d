/**
 * Runs requests on a dedicated worker. A new request on a lane cancels the one in flight (the
 * worker is terminated and recreated), so stale results never reach the page.
 */
import type { Final, Partial, Reply, Request } from './protocol.js';

export class Lane {
  private worker: Worker | null = null;
  private busy = false;
  private nextId = 1;
  private current = 0;

  /**
   * Sends a request; `onPartial` sees intermediate results. Resolves with the final result, or
   * null when a newer request on this lane superseded it. Rejects with the worker's error message.
   */
  run(req: Request, onPartial?: (p: Partial) => void): Promise<Final | null> {
    if (this.busy && this.worker !== null) {
      this.worker.terminate();
      this.worker = null;
    }
    const id = this.nextId++;
    this.current = id;
    this.busy = true;
    this.worker ??= new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    const worker = this.worker;
    return new Promise((resolve, reject) => {
      const superseded = () => this.current !== id;
      worker.onmessage = (event: MessageEvent<Reply>) => {
        const reply = event.data;
        if (reply.id !== id || superseded()) return;
        if (reply.type === 'partial') {
          onPartial?.(reply.data);
          return;
        }
        this.busy = false;
        if (reply.type === 'done') resolve(reply.data);
        else reject(new Error(reply.message));
      };
      worker.onerror = (event) => {
        if (superseded()) return;
        this.busy = false;
        event.preventDefault();
        reject(new Error(event.message || 'the worker failed'));
      };
      worker.postMessage({ id, req });
      // a superseded request resolves to null when the lane moves on
      const check = setInterval(() => {
        if (superseded()) {
          clearInterval(check);
          resolve(null);
        } else if (!this.busy) clearInterval(check);
      }, 100);
    });
  }

  /** Stops the request in flight, if any. */
  cancel(): void {
    if (this.busy && this.worker !== null) {
      this.worker.terminate();
      this.worker = null;
      this.busy = false;
    }
    this.current = this.nextId++;
  }
}
