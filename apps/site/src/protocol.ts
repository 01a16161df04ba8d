/** Messages between the page and the worker (plain, structured-clone friendly data). */
import type { NetPartial, NetSource } from './analyzeNetwork.js';
import type { BenchRow, EnsembleInput, EnsembleOutput, EnsembleProgress } from './runEnsemble.js';
import type { FlowOutput, FlowRunInput } from './runFlow.js';
import type { LinearOdeInput, LinearOdeOutput } from './runLinearOde.js';

export type Request =
  | { kind: 'network'; source: NetSource; path: number; degree: number }
  | { kind: 'flow'; input: FlowRunInput }
  | { kind: 'linear'; input: LinearOdeInput }
  | { kind: 'ensemble'; input: EnsembleInput }
  | { kind: 'bench'; input: EnsembleInput; members: number; steps: number };

/** Partial results a request may post before its final one. */
export type Partial =
  | NetPartial
  | { kind: 'ensemble-progress'; progress: EnsembleProgress }
  | BenchRowPartial;

/** One measured row of the bench, posted as soon as it is measured. */
export interface BenchRowPartial {
  kind: 'bench-row';
  row: BenchRow;
}

/** What a running request reports: the step under way and, when known, the fraction done. */
export interface Progress {
  label: string;
  /** In [0, 1], or null when the length of the work is not known. */
  fraction: number | null;
}

export type Final =
  | { kind: 'network' }
  | { kind: 'flow'; output: FlowOutput }
  | { kind: 'linear'; output: LinearOdeOutput }
  | { kind: 'ensemble'; output: EnsembleOutput }
  | { kind: 'bench'; rows: BenchRow[] };

export type Reply =
  | { id: number; type: 'partial'; data: Partial }
  | { id: number; type: 'progress'; progress: Progress }
  | { id: number; type: 'done'; data: Final }
  | { id: number; type: 'error'; message: string; forms: string[] | null };

/** What the page posts: a request, or the cancellation of one. */
export type Command = { id: number; req: Request } | { cancel: number };

/** What a computation in the worker may report while it runs. */
export interface Reporter {
  /** Aborted when the page cancels the request. */
  readonly signal: AbortSignal;
  progress(p: Progress): void;
  partial(p: Partial): void;
}
