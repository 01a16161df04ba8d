/// <reference lib="webworker" />
/**
 * The site's Web Worker: every computation runs here, through the studies of `@idyn/studies` (the
 * same functions the CLI calls), so that the page stays responsive. A request is answered by zero
 * or more `partial` replies and one `done` (or `error`) reply.
 */
import type { Backend } from '@idyn/integrators';
import { lawFormulas, summarizeNetwork } from './analyzeNetwork.js';
import { validateSpec } from './netEdit.js';
import type { Reply, Request } from './protocol.js';
import { benchBackend, runEnsemble } from './runEnsemble.js';
import { runFlow } from './runFlow.js';
import { runLinearOde } from './runLinearOde.js';
import { errorLine } from './studyErrors.js';

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
      const summary = await summarizeNetwork(v.net, req.spec, req.path);
      post({ id, type: 'partial', data: { kind: 'summary', summary } });
      if (summary.laws !== null) {
        const formulas = await lawFormulas(req.spec, summary.paths, req.degree);
        post({ id, type: 'partial', data: { kind: 'formulas', formulas } });
      }
      post({ id, type: 'done', data: { kind: 'analyze', error: null } });
      return;
    }
    case 'flow':
      post({ id, type: 'done', data: { kind: 'flow', output: await runFlow(req.input) } });
      return;
    case 'linear':
      post({ id, type: 'done', data: { kind: 'linear', output: await runLinearOde(req.input) } });
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
      const c = await benchBackend(req.input, null, Math.min(req.members, 128), req.steps);
      post({ id, type: 'done', data: { kind: 'bench', gpu: g, cpu: c } });
      return;
    }
  }
}

self.onmessage = (event: MessageEvent<{ id: number; req: Request }>) => {
  const { id, req } = event.data;
  handle(id, req).catch((error: unknown) => {
    post({ id, type: 'error', message: errorLine(error) });
  });
};
