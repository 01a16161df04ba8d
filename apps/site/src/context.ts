/** What a page receives: the state, a way to change it, and the worker lanes. */
import type { AppState } from './state.js';
import type { Lane } from './workerClient.js';

export interface PageContext {
  /** The current state (read it fresh: it changes). */
  state(): AppState;
  /** Merges a change into the state and writes the URL (replacing the history entry). */
  update(change: Partial<AppState>): void;
  /** Goes to another page (a new history entry). */
  go(change: Partial<AppState>): void;
  lane(name: string): Lane;
}

export interface PageView {
  /** Called after every state change made while the page is shown. */
  update(state: AppState): void;
  /** Called when the page is left. */
  destroy(): void;
}

export type PageFactory = (root: HTMLElement, ctx: PageContext) => PageView;
