// Public entry of @idyn/integrators/threads (Node only: worker threads through piscina). The
// browser build never reaches it: the main entry does not import it. Re-exports only.
export {
  createThreadedCpuBackend,
  type ThreadedCpuBackend,
  type ThreadedCpuBackendOptions,
} from './createThreadedCpuBackend.js';
export { workerScript, type WorkerScriptPaths } from './workerScript.js';
