import { takeRetryRequests } from '../store/retry-requests.js';
import { retryDeadLetter } from './commands.js';
import type { Runtime } from './runtime.js';

/**
 * Runs the dead letters `sfwp dlq retry` handed over (see store/retry-requests.ts), one batch
 * at a time, every two seconds. Returns the function that stops it.
 */
export function startDeadLetterRetryPoll(runtime: Runtime): () => void {
  let retrying = false;
  const poll = setInterval(() => {
    if (retrying) return;
    const ids = takeRetryRequests(runtime.store);
    if (ids.length === 0) return;
    retrying = true;
    void (async () => {
      for (const id of ids) {
        const letter = runtime.store.getDeadLetter(id);
        if (letter) await retryDeadLetter(runtime, letter);
      }
      runtime.logger.info({ deadLetters: ids }, 'dead letters retried on request');
    })().finally(() => {
      retrying = false;
    });
  }, 2000);
  poll.unref();
  return () => {
    clearInterval(poll);
  };
}
