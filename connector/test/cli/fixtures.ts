import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Secret values that must never appear in any output. */
export const SECRETS = {
  clientSecret: 'sf-client-s3cret-9731',
  appPassword: 'wp app pass w0rd 4471',
  statusToken: 'status-t0ken-55aa',
} as const;

/** An environment that configures the connector fully, without a file. */
export function environment(overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    SF_AUTH_METHOD: 'client-credentials',
    SF_CLIENT_ID: '3MVG9-client',
    SF_CLIENT_SECRET: SECRETS.clientSecret,
    WP_URL: 'https://blog.example.org',
    WP_USERNAME: 'sfwp',
    WP_APP_PASSWORD: SECRETS.appPassword,
    SFWP_STORE_PATH: 'state/state.sqlite',
    ...overrides,
  };
}

export function temporaryDirectory(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `sfwp-cli-${prefix}-`));
}
