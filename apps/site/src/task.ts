/**
 * The control every long computation of the site shows: what runs, a progress bar (its fraction
 * when known), the elapsed time, and a Cancel button; the Run button is disabled while it runs.
 * The status line carries `data-state` (`busy`, `ok`, `warn`, `error`, `cancelled`) for the tests.
 */
import { h } from './dom.js';
import type { Progress } from './protocol.js';

export type TaskState = 'idle' | 'busy' | 'ok' | 'warn' | 'error' | 'cancelled';

export class TaskControl {
  /** The whole control: status line, progress bar, elapsed time, Cancel. */
  readonly element: HTMLElement;
  readonly status: HTMLElement;
  readonly cancelButton: HTMLButtonElement;
  private readonly bar: HTMLProgressElement;
  private readonly clock: HTMLElement;
  private started = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private label = '';

  /**
   * @param id - prefix of the ids (`<id>-status`, `<id>-cancel`, `<id>-progress`)
   * @param onCancel - called when Cancel is pressed (the page cancels its lane)
   * @param runButtons - disabled while a task runs
   */
  constructor(
    id: string,
    private readonly onCancel: () => void,
    private readonly runButtons: HTMLButtonElement[] = [],
  ) {
    this.status = h('p', {
      class: 'status',
      id: `${id}-status`,
      role: 'status',
      'aria-live': 'polite',
      'data-state': 'idle',
    });
    this.bar = h('progress', { id: `${id}-progress`, max: 1, 'aria-label': 'progress' });
    this.clock = h('span', { class: 'elapsed', id: `${id}-elapsed` });
    this.cancelButton = h('button', { type: 'button', id: `${id}-cancel`, class: 'cancel' }, 'Cancel');
    this.cancelButton.addEventListener('click', () => {
      this.onCancel();
      this.finish('Cancelled: the results shown (if any) are from the previous run.', 'cancelled');
    });
    this.element = h(
      'div',
      { class: 'task', id: `${id}-task` },
      this.status,
      h('div', { class: 'task-bar', hidden: true }, this.bar, this.clock, this.cancelButton),
    );
  }

  /** Whether a task runs. */
  get running(): boolean {
    return this.status.dataset.state === 'busy';
  }

  /** Starts showing a running task. */
  start(label: string): void {
    this.label = label;
    this.started = performance.now();
    this.bar.removeAttribute('value'); // indeterminate until a fraction is known
    this.setState(label, 'busy');
    (this.element.lastElementChild as HTMLElement).hidden = false;
    for (const b of this.runButtons) b.disabled = true;
    clearInterval(this.timer);
    this.timer = setInterval(() => this.tick(), 250);
    this.tick();
  }

  /** Shows a progress report of the worker. */
  progress(p: Progress): void {
    this.label = p.label;
    if (p.fraction === null) this.bar.removeAttribute('value');
    else this.bar.value = Math.min(1, Math.max(0, p.fraction));
    this.setState(`${p.label}…`, 'busy');
  }

  /** Ends the task with a message. */
  finish(text: string, state: Exclude<TaskState, 'busy' | 'idle'>): void {
    clearInterval(this.timer);
    this.timer = undefined;
    (this.element.lastElementChild as HTMLElement).hidden = true;
    for (const b of this.runButtons) b.disabled = false;
    this.setState(text, state);
  }

  /** Seconds since the task started. */
  seconds(): number {
    return (performance.now() - this.started) / 1000;
  }

  private tick(): void {
    this.clock.textContent = `${this.seconds().toFixed(1)} s`;
  }

  /** Sets the status text and state without touching the running task (e.g. a validation message). */
  setState(text: string, state: TaskState): void {
    this.status.textContent = text;
    this.status.className = `status ${state}`;
    this.status.dataset.state = state;
    if (state === 'busy' && this.label !== '') this.status.setAttribute('aria-busy', 'true');
    else this.status.removeAttribute('aria-busy');
  }

  /** Stops the clock (the page is left). */
  dispose(): void {
    clearInterval(this.timer);
  }
}
