import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig, Secret } from '../../src/config/index.js';

const directory = mkdtempSync(join(tmpdir(), 'sfwp-server-token-'));
afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

const baseEnv = {
  SF_AUTH_METHOD: 'client-credentials',
  SF_CLIENT_ID: 'id',
  SF_CLIENT_SECRET: 'secret',
  WP_URL: 'https://blog.example.org',
  WP_USERNAME: 'sfwp',
  WP_APP_PASSWORD: 'pw',
};

describe('server.token', () => {
  it('is optional: unset means the connector generates one', () => {
    const config = loadConfig({ cwd: directory, env: baseEnv });
    expect(config.server.token).toBeUndefined();
  });

  it('comes from SFWP_STATUS_TOKEN as a secret reference, never printed', () => {
    const config = loadConfig({
      cwd: directory,
      env: { ...baseEnv, SFWP_STATUS_TOKEN: 'status-t0ken-value' },
    });
    expect(config.server.token).toBeInstanceOf(Secret);
    expect(config.server.token?.reveal()).toBe('status-t0ken-value');
    expect(config.server.token?.source).toBe('env SFWP_STATUS_TOKEN');
    expect(JSON.stringify(config)).not.toContain('status-t0ken-value');
    expect(inspect(config, { depth: 10 })).not.toContain('status-t0ken-value');
  });

  it('can be read from a file named in the config file', () => {
    const tokenFile = join(directory, 'token');
    writeFileSync(tokenFile, 'from-a-file\n');
    const file = join(directory, 'sfwp.config.yaml');
    writeFileSync(file, `server:\n  token: { file: ${JSON.stringify(tokenFile)} }\n`);
    const config = loadConfig({ file, env: baseEnv });
    expect(config.server.token?.reveal()).toBe('from-a-file');
    expect(config.server.port).toBe(9465);
  });
});
