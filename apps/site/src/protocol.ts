/** Messages between the page and the worker (plain, structured-clone friendly data). */
import type { NetworkSpec } from '@idyn/graph';
import type { LawFormulas, NetworkSummary } from './analyzeNetwork.js';
import type { BenchPoint, EnsembleInput, EnsembleOutput } from './runEnsemble.js';
import type { FlowOutput, FlowState } from './runFlow.js';
import type { LinearOdeInput, LinearOdeOutput } from './runLinearOde.js';

export type Request =
  | { kind: 'analyze'; spec: NetworkSpec; path: number; degree: number }
  | { kind: 'flow'; input: FlowState }
  | { kind: 'linear'; input: LinearOdeInput }
  | { kind: 'ensemble'; input: EnsembleInput }
  | { kind: 'bench'; input: EnsembleInput; members: number; steps: number };

/** Partial results a request may post before its final one. */
export type Partial =
  | { kind: 'summary'; summary: NetworkSummary }
  | { kind: 'formulas'; formulas: LawFormulas };

export type Final =
  | { kind: 'analyze'; error: string | null }
  | { kind: 'flow'; output: FlowOutput }
  | { kind: 'linear'; output: LinearOdeOutput }
  | { kind: 'ensemble'; output: EnsembleOutput }
  | { kind: 'bench'; gpu: BenchPoint; cpu: BenchPoint };

export type Reply =
  | { id: number; type: 'partial'; data: Partial }
  | { id: number; type: 'done'; data: Final }
  | { id: number; type: 'error'; message: string };
