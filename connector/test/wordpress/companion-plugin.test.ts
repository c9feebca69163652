import { describe, expect, it } from 'vitest';
import { CompanionPluginClient } from '../../src/wordpress/companion-plugin.js';
import type { WordPressHttp } from '../../src/wordpress/http.js';

function clientAnswering(body: unknown): CompanionPluginClient {
  const http = {
    restRoot: 'https://wp.example/wp-json',
    request: () => Promise.resolve({ status: 200, headers: {}, body }),
  };
  return new CompanionPluginClient(http as unknown as WordPressHttp);
}

describe('companion plugin status', () => {
  it('reads unfiltered_html and the plugin’s warnings', async () => {
    const status = await clientAnswering({
      version: '1.2.0',
      unfiltered_html: true,
      warnings: [
        { code: 'sfwp_connector_unfiltered_html', message: 'Use a user without it.' },
        'not a warning',
      ],
    }).status();
    expect(status.unfilteredHtml).toBe(true);
    expect(status.warnings).toEqual([
      { code: 'sfwp_connector_unfiltered_html', message: 'Use a user without it.' },
    ]);
  });

  it('reports unknown for a plugin that does not say, and no warnings', async () => {
    const status = await clientAnswering({ version: '1.0.0' }).status();
    expect(status.unfilteredHtml).toBeNull();
    expect(status.warnings).toEqual([]);
  });
});
