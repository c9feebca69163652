import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { createLogger } from '../../src/observability/logger.js';

/** A logger writing into memory, and the text it wrote. */
export function capturedLogger(): { logger: Logger; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  return {
    logger: createLogger({ destination: stream, level: 'debug' }),
    text: () => chunks.join(''),
  };
}
