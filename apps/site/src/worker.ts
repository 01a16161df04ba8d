/// <reference lib="webworker" />
/**
 * The site's Web Worker: every computation that may take more than a frame (law counting and
 * formulas, flows, metrics, ensembles) runs here so that the page stays responsive. A request is
 * answered by zero or more `partial` replies and one `done` (or `error`) reply.
 */
import { type Backend, cpuBackend } from '@idyn/integrators';
import { lawFormulas, summarizeNetwork } from './analyzeNetwork.js';
import { validateSpec } from './netEdit.js';
import type { Reply, Request } from './protocol.js';
import { benchBackend, runEnsemble } from './runEnsemble.js';
import { runFlow } from './runFlow.js';
import { runLinearOde } from './runLinearOde.js';

declare const self: DedicatedWorkerGlobalScope;

let gpuBackend: Promise<Backend> | null = null;

/** The gpu.js backend (WebGL2 where the browser has it); created once per worker. */
function gpu(): Promise<Backend> {
  gpuBackend ??= import('@idyn/integrators-gpu').then((mod) => {
    const create = (mod as Record<string, unknown>).createGpuBackend as
      | ((options: { mode?: string; minGpuBatch?: number }) => Backend)
      | undefined;
    if (typeof create !== 'function') throw new Error('@idyn/integrators-gpu has no createGpuBackend yet');
    return create({ mode: 'gpu', minGpuBatch: 0 });
  });
  return gpuBackend;
}

function post(reply: Reply): void {
  self.postMessage(reply);
}

async function handle(id: number, req: Request): Promise<void> {
  switch (req.kind) {
    case 'analyze': {
      const v = validateSpec(req.spec);
      if (v.net === null) {
        post({ id, type: 'done', data: { kind: 'analyze', error: v.error } });
        return;
      }
      const summary = summarizeNetwork(v.net, req.path);
      post({ id, type: 'partial', data: { kind: 'summary', summary } });
      if (summary.laws !== null)
        post({ id, type: 'partial', data: { kind: 'formulas', formulas: lawFormulas(v.net, req.degree) } });
      post({ id, type: 'done', data: { kind: 'analyze', error: null } });
      return;
    }
    case 'flow':
      post({ id, type: 'done', data: { kind: 'flow', output: runFlow(req.input) } });
      return;
    case 'linear':
      post({ id, type: 'done', data: { kind: 'linear', output: runLinearOde(req.input) } });
      return;
    case 'ensemble':
      post({
        id,
        type: 'done',
        data: { kind: 'ensemble', output: await runEnsemble(req.input, await gpu()) },
      });
      return;
    case 'bench': {
      const g = await benchBackend(req.input, await gpu(), req.members, req.steps);
      const c = await benchBackend(req.input, cpuBackend, Math.min(req.members, 128), req.steps);
      post({ id, type: 'done', data: { kind: 'bench', gpu: g, cpu: c } });
      return;
    }
  }
}

self.onmessage = (event: MessageEvent<{ id: number; req: Request }>) => {
  const { id, req } = event.data;
  handle(id, req).catch((error: unknown) => {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    post({ id, type: 'error', message });
  });
};
