/** What a page receives: the state, ways to change it, and the worker lanes. */
import type { AppState } from './state.js';
import type { Lane } from './workerClient.js';

export interface PageContext {
  /** The current state (read it fresh: it changes). */
  state(): AppState;
  /**
   * Merges a committed edit into the state and writes the link as a new history entry (Back
   * undoes it); nothing happens when the link does not change. The page's `update` is called.
   */
  commit(change: Partial<AppState>): void;
  /** Goes to another page (a new history entry). */
  go(change: Partial<AppState>): void;
  /** The worker lane of a task (one per task; a new request on it cancels the one in flight). */
  lane(name: string): Lane;
}

export interface PageView {
  /**
   * Called after every state change while the page is shown: its own commits, Back/Forward and a
   * pasted link. The page shows the state's values in its controls and reruns what changed.
   */
  update(state: AppState): void;
  /** Called when the page is left. */
  destroy(): void;
}

export type PageFactory = (root: HTMLElement, ctx: PageContext) => PageView;
