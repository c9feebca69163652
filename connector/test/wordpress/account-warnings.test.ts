import { describe, expect, it } from 'vitest';
import { formatStatus } from '../../src/cli/status/format-status.js';
import type { ConnectorStatus } from '../../src/engine/status.js';
import {
  UNFILTERED_HTML_WARNING,
  wordpressAccountWarnings,
} from '../../src/wordpress/account-warnings.js';
import type { WordPressUser } from '../../src/wordpress/types.js';

function account(capabilities: unknown): { currentUser(): Promise<WordPressUser> } {
  const me = { id: 1, name: 'sfwp', url: '', description: '', slug: 'sfwp', meta: {} };
  return { currentUser: () => Promise.resolve({ ...me, capabilities } as WordPressUser) };
}

describe('warnings about the connector’s WordPress account', () => {
  it('warns when the account has unfiltered_html', async () => {
    const administrator = account({ administrator: true, unfiltered_html: true });
    expect(await wordpressAccountWarnings(administrator)).toEqual([UNFILTERED_HTML_WARNING]);
  });

  it.each([
    ['the capability denied', { editor: true, unfiltered_html: false }],
    ['no such capability', { edit_posts: true }],
    ['no capabilities in the answer', undefined],
  ])('says nothing with %s', async (_case, capabilities) => {
    expect(await wordpressAccountWarnings(account(capabilities))).toEqual([]);
  });

  it('says nothing when the account cannot be read', async () => {
    const broken = { currentUser: () => Promise.reject(new Error('offline')) };
    expect(await wordpressAccountWarnings(broken)).toEqual([]);
  });

  it('shows the warning under WordPress in `sfwp status`', () => {
    const status: ConnectorStatus = {
      state: 'running',
      version: '0.1.0',
      startedAt: '2026-12-06T10:00:00.000Z',
      salesforce: { instanceUrl: 'https://org.example', replayPositions: {}, apiUsage: undefined },
      wordpress: { url: 'https://wp.example', warnings: [UNFILTERED_HTML_WARNING] },
      intake: { inFlight: 0, lagMs: undefined, eventsApplied: 0 },
      deadLetters: { open: 0 },
      mappings: { loaded: [], skipped: [] },
    };
    const lines = formatStatus(status).split('\n');
    const at = lines.findIndex((line) => line.startsWith('WordPress:'));
    expect(lines[at + 1]).toBe(`  WARNING: ${UNFILTERED_HTML_WARNING}`);
    const plain = { ...status, wordpress: { url: status.wordpress.url } };
    expect(formatStatus(plain)).not.toContain('WARNING');
  });
});
