/// <reference lib="webworker" />
/**
 * The site's Web Worker: every computation runs here, through the studies of `@idyn/studies` (the
 * same functions the CLI calls) and the packages below them, so that the page stays responsive. A
 * request is answered by progress and partial replies and one `done` (or `error`) reply; a cancel
 * command aborts its signal (a synchronous computation is stopped by the page terminating the
 * worker instead, see workerClient.ts). Errors are worded in the page's language.
 */
import { analyzeNetwork } from './analyzeNetwork.js';
import { explainMessage, SITE_LABELS } from './messages.js';
import type { Command, Final, Reply, Reporter, Request } from './protocol.js';
import { benchEnsemble, runEnsemble } from './runEnsemble.js';
import { runFlow } from './runFlow.js';
import { runLinearOde } from './runLinearOde.js';
import { StudyInputError } from '@idyn/studies';

declare const self: DedicatedWorkerGlobalScope;

const controllers = new Map<number, AbortController>();

function post(reply: Reply): void {
  self.postMessage(reply);
}

async function handle(req: Request, r: Reporter): Promise<Final> {
  switch (req.kind) {
    case 'network':
      await analyzeNetwork(req.source, req.path, req.degree, r);
      return { kind: 'network' };
    case 'flow':
      return { kind: 'flow', output: await runFlow(req.input, r) };
    case 'linear':
      return { kind: 'linear', output: await runLinearOde(req.input, r) };
    case 'ensemble':
      return { kind: 'ensemble', output: await runEnsemble(req.input, r) };
    case 'bench':
      return { kind: 'bench', rows: await benchEnsemble(req.input, req.members, req.steps, r) };
  }
}

self.onmessage = (event: MessageEvent<Command>) => {
  const cmd = event.data;
  if ('cancel' in cmd) {
    controllers.get(cmd.cancel)?.abort(new DOMException('cancelled', 'AbortError'));
    return;
  }
  const { id, req } = cmd;
  const controller = new AbortController();
  controllers.set(id, controller);
  const reporter: Reporter = {
    signal: controller.signal,
    progress: (progress) => post({ id, type: 'progress', progress }),
    partial: (data) => post({ id, type: 'partial', data }),
  };
  handle(req, reporter)
    .then((data) => post({ id, type: 'done', data }))
    .catch((error: unknown) => {
      const text =
        error instanceof StudyInputError
          ? error.render(SITE_LABELS)
          : error instanceof Error
            ? error.message
            : String(error);
      const e = explainMessage(text);
      post({ id, type: 'error', message: e.text, forms: e.forms });
    })
    .finally(() => controllers.delete(id));
};
