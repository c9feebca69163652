import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread from a module next to its caller: the compiled `.js` runs as is; from
 * source (tests, `npm start`) tsx compiles the `.ts` first, found from the caller's URL (not the
 * working directory). `onImportFailure` is a script run with `error` and `workerData` in scope
 * when the source does not load, so the thread can say why instead of leaving its host waiting.
 */
export function startModuleWorker(
  compiled: URL,
  source: URL,
  options: WorkerOptions,
  onImportFailure: string,
): Worker {
  if (existsSync(fileURLToPath(compiled))) return new Worker(compiled, options);
  const sourceHref = JSON.stringify(source.href);
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  return new Worker(
    `const { workerData } = require('node:worker_threads');
     import(${tsx})
       .then((api) => api.tsImport(${sourceHref}, ${sourceHref}))
       .catch((error) => { ${onImportFailure} });`,
    { ...options, eval: true },
  );
}
