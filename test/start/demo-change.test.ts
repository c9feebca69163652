import { describe, expect, it } from 'vitest';
import { parseDemoChangeArgs, stampedName } from '../../scripts/demo-change/args.js';
import { missingPackagesMessage } from '../../scripts/start/wordpress.js';

describe('demo:change arguments', () => {
  it('takes a side and optional values', () => {
    expect(parseDemoChangeArgs(['salesforce'])).toEqual({
      kind: 'change',
      request: { side: 'salesforce', create: false },
    });
    expect(
      parseDemoChangeArgs([
        'wordpress',
        '--create',
        '--email',
        ' x@example.test ',
        '--last-name',
        'Y',
      ]),
    ).toEqual({
      kind: 'change',
      request: { side: 'wordpress', create: true, email: 'x@example.test', lastName: 'Y' },
    });
  });

  it('refuses a missing or unknown side, extra words, empty values and unknown options', () => {
    for (const argv of [
      [],
      ['oracle'],
      ['salesforce', 'now'],
      ['wordpress', '--email', ' '],
      ['salesforce', '--force'],
    ]) {
      expect(parseDemoChangeArgs(argv).kind).toBe('usage-error');
    }
  });

  it('answers --help', () => {
    expect(parseDemoChangeArgs(['--help'])).toEqual({ kind: 'help' });
  });

  it('stamps a name with the time, replacing an earlier stamp', () => {
    const at = new Date(2026, 10, 22, 10, 42, 1);
    expect(stampedName('Lovelace', at)).toBe('Lovelace (10:42:01)');
    expect(stampedName('Lovelace (09:00:00)', at)).toBe('Lovelace (10:42:01)');
  });
});

describe('the missing-packages message', () => {
  it('gives the exact apt command and the WP_URL alternative', () => {
    const message = missingPackagesMessage(['/usr/bin/php', '/usr/sbin/mariadbd']);
    expect(message).toContain(
      'sudo apt-get update && sudo apt-get install -y --no-install-recommends wordpress wordpress-theme-twentytwentyone php-cli php-mysql mariadb-server',
    );
    expect(message).toContain('missing: /usr/bin/php, /usr/sbin/mariadbd');
    expect(message).toMatch(/WP_URL=\S+ WP_USERNAME=\S+ WP_APP_PASSWORD=.* npm start/);
  });
});
