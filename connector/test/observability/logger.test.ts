import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../src/config/index.js';
import { createLogger } from '../../src/observability/logger.js';

function capture(): {
  stream: Writable;
  lines: () => Record<string, unknown>[];
  text: () => string;
} {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  return {
    stream,
    text: () => chunks.join(''),
    lines: () =>
      chunks
        .join('')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('createLogger', () => {
  it('writes one JSON object per line with level names and the service', () => {
    const out = capture();
    const logger = createLogger({ destination: out.stream, base: { component: 'intake' } });
    logger.info({ events: 3 }, 'received');
    expect(out.lines()[0]).toMatchObject({
      level: 'info',
      msg: 'received',
      events: 3,
      component: 'intake',
      service: 'sfwp-connector',
    });
  });

  it('censors credentials by key, however they arrive', () => {
    const out = capture();
    const logger = createLogger({ destination: out.stream });
    const secrets = [
      '00Dxx!AQ0AQ.token',
      'refresh-5aEhd',
      'app pass word',
      'jwt.assert.ion',
      'client-s3cret',
    ];
    logger.info({ access_token: secrets[0], refresh_token: secrets[1] }, 'token response');
    logger.warn(
      { request: { headers: { authorization: `Bearer ${secrets[0] ?? ''}` } } },
      'retrying',
    );
    logger.error(
      { config: { wordpress: { applicationPassword: secrets[2] } }, assertion: secrets[3] },
      'bad',
    );
    logger.info({ secret: new Secret(secrets[4] ?? '', 'env X') }, 'wrapped');
    const text = out.text();
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(text.match(/\[redacted\]/g)?.length).toBe(6);
  });
});
