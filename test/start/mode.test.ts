import { describe, expect, it } from 'vitest';
import { decideMode, type ModeInputs } from '../../scripts/start/mode.js';

const CWD = '/srv/sfwp';

function inputs(overrides: Partial<ModeInputs> = {}): ModeInputs {
  return { argv: [], env: {}, cwd: CWD, fileExists: () => false, ...overrides };
}

describe('decideMode', () => {
  it('runs the demo with no configuration at all', () => {
    expect(decideMode(inputs())).toEqual({ kind: 'demo' });
  });

  it('runs the demo when only an existing WordPress is named (WP_URL is the demo’s own option)', () => {
    const env = { WP_URL: 'http://127.0.0.1:8080', WP_USERNAME: 'a', WP_APP_PASSWORD: 'b' };
    expect(decideMode(inputs({ env }))).toEqual({ kind: 'demo' });
  });

  it('ignores the Salesforce CLI’s own SF_ settings and empty variables', () => {
    const env = { SF_DISABLE_TELEMETRY: 'true', SF_AUTOUPDATE_DISABLE: 'true', SF_LOGIN_URL: '' };
    expect(decideMode(inputs({ env }))).toEqual({ kind: 'demo' });
  });

  it('runs the connector for --config FILE, -c FILE and --config=FILE', () => {
    for (const argv of [['--config', 'a.yaml'], ['-c', 'a.yaml'], ['--config=a.yaml']]) {
      expect(decideMode(inputs({ argv }))).toEqual({ kind: 'real', reason: '--config a.yaml' });
    }
  });

  it('runs the connector for SFWP_CONFIG', () => {
    expect(decideMode(inputs({ env: { SFWP_CONFIG: '/etc/sfwp.yaml' } }))).toEqual({
      kind: 'real',
      reason: 'SFWP_CONFIG=/etc/sfwp.yaml',
    });
  });

  it('runs the connector when ./sfwp.config.yaml exists in the working directory', () => {
    const seen: string[] = [];
    const mode = decideMode(
      inputs({
        fileExists: (path) => {
          seen.push(path);
          return path === `${CWD}/sfwp.config.yaml`;
        },
      }),
    );
    expect(mode).toEqual({ kind: 'real', reason: './sfwp.config.yaml' });
    expect(seen).toEqual([`${CWD}/sfwp.config.yaml`]);
  });

  it('runs the connector for the Salesforce environment, naming what it found', () => {
    expect(decideMode(inputs({ env: { SF_LOGIN_URL: 'https://acme.my.salesforce.com' } }))).toEqual(
      { kind: 'real', reason: 'SF_LOGIN_URL set in the environment' },
    );
    expect(decideMode(inputs({ env: { SF_LOGIN_URL: 'sandbox', SF_AUTH_METHOD: 'jwt' } }))).toEqual(
      { kind: 'real', reason: 'SF_LOGIN_URL and SF_AUTH_METHOD set in the environment' },
    );
    expect(decideMode(inputs({ env: { SF_AUTH_METHOD: 'client-credentials' } }))).toEqual({
      kind: 'real',
      reason: 'SF_AUTH_METHOD set in the environment',
    });
  });

  it('prefers an explicit --config over everything else', () => {
    const mode = decideMode(
      inputs({
        argv: ['--config', 'x.yaml'],
        env: { SFWP_CONFIG: 'y.yaml' },
        fileExists: () => true,
      }),
    );
    expect(mode).toEqual({ kind: 'real', reason: '--config x.yaml' });
  });
});
