import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Secret } from '../../src/config/index.js';
import { prepareStatusToken, readStatusToken, statusTokenPath } from '../../src/server/index.js';
import { capturedLogger } from './log-capture.js';

const directory = mkdtempSync(join(tmpdir(), 'sfwp-status-token-'));
afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

describe('status token', () => {
  it('is generated next to the state database with mode 0600, logged by path only', () => {
    const config = { store: { path: 'data/state.sqlite' }, server: { host: '127.0.0.1', port: 0 } };
    const log = capturedLogger();
    const token = prepareStatusToken({ config, logger: log.logger, cwd: directory });
    const path = join(directory, 'data', 'status-token');
    expect(statusTokenPath(config, directory)).toBe(path);
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(readFileSync(path, 'utf8').trim()).toBe(token);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(log.text()).toContain(path);
    expect(log.text()).not.toContain(token);
    expect(readStatusToken(config, directory)).toEqual({ token, source: `file ${path}` });

    const next = prepareStatusToken({ config, logger: log.logger, cwd: directory });
    expect(next).not.toBe(token);
    expect(readFileSync(path, 'utf8').trim()).toBe(next);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('comes from server.token when configured, and then no file is written', () => {
    const config = {
      store: { path: join(directory, 'configured', 'state.sqlite') },
      server: { host: '127.0.0.1', port: 0, token: new Secret('configured-t0ken', 'env X') },
    };
    const log = capturedLogger();
    expect(prepareStatusToken({ config, logger: log.logger })).toBe('configured-t0ken');
    expect(existsSync(statusTokenPath(config))).toBe(false);
    expect(log.text()).toContain('env X');
    expect(log.text()).not.toContain('configured-t0ken');
    expect(readStatusToken(config)).toEqual({ token: 'configured-t0ken', source: 'env X' });
  });

  it('is undefined for a client when neither exists', () => {
    const config = {
      store: { path: join(directory, 'none', 'state.sqlite') },
      server: { host: '127.0.0.1', port: 0 },
    };
    expect(readStatusToken(config)).toBeUndefined();
  });
});
