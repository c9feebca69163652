import { describe, expect, it } from 'vitest';
import { pluginVersionInfo } from '../../src/app/connector.js';
import {
  compatibilityLine,
  CONNECTOR_VERSION,
  pluginVersionWarning,
} from '../../src/app/version.js';
import {
  CompanionPluginClient,
  CompanionPluginMissingError,
} from '../../src/wordpress/companion-plugin.js';
import type { WordPressHttp } from '../../src/wordpress/http.js';
import type { CompanionStatus } from '../../src/wordpress/companion-plugin.js';

describe('compatibilityLine', () => {
  it('is the major version from 1.0, and major.minor before it (semver §4)', () => {
    expect(compatibilityLine('1.4.2')).toBe('1');
    expect(compatibilityLine('12.0.0-rc.1+build.5')).toBe('12');
    expect(compatibilityLine('0.1.0')).toBe('0.1');
    expect(compatibilityLine('0.12.3')).toBe('0.12');
    expect(compatibilityLine('v2.0.1')).toBe('2');
  });

  it('is undefined for what is not a semantic version', () => {
    for (const text of ['', '1', '1.2', 'latest', '01.2.3', '1.2.3.4']) {
      expect(compatibilityLine(text), text).toBeUndefined();
    }
  });
});

describe('pluginVersionWarning', () => {
  it('says nothing when plugin and connector share a release line', () => {
    expect(pluginVersionWarning('0.1.0', '0.1.0')).toBeUndefined();
    expect(pluginVersionWarning('0.1.7', '0.1.2')).toBeUndefined();
    expect(pluginVersionWarning('1.9.0', '1.0.3')).toBeUndefined();
    expect(pluginVersionWarning(CONNECTOR_VERSION)).toBeUndefined();
  });

  it('warns when the major versions differ, counting the minor one before 1.0', () => {
    const warning = pluginVersionWarning('2.0.0', '1.5.0');
    expect(warning).toBe(
      'The WordPress companion plugin is version 2.0.0 and the connector 1.5.0: their major ' +
        'versions differ (before 1.0, the minor version counts as major), so the change feed and ' +
        'the settings the connector sends may not work. Install the plugin and the connector of ' +
        'the same version (docs/OPERATIONS.md, "Versions").',
    );
    expect(pluginVersionWarning('0.2.0', '0.1.0')).toContain(
      'version 0.2.0 and the connector 0.1.0',
    );
    expect(pluginVersionWarning('1.0.0', '0.9.9')).toBeDefined();
  });

  it('warns when the plugin reports something that is not a version', () => {
    expect(pluginVersionWarning('dev', '0.1.0')).toContain('reports version "dev", not a semantic');
  });
});

describe('pluginVersionInfo (what the connector learns at start)', () => {
  const plugin = (answer: () => Promise<Partial<CompanionStatus>>) => ({
    status: () => answer() as Promise<CompanionStatus>,
  });

  it('carries the plugin version, and the warning only when the versions differ', async () => {
    expect(
      await pluginVersionInfo(plugin(() => Promise.resolve({ version: CONNECTOR_VERSION }))),
    ).toEqual({
      pluginVersion: CONNECTOR_VERSION,
    });
    const other = await pluginVersionInfo(plugin(() => Promise.resolve({ version: '99.0.0' })));
    expect(other.pluginVersion).toBe('99.0.0');
    expect(other.versionWarning).toBe(pluginVersionWarning('99.0.0'));
  });

  it('knows nothing when the plugin is missing or does not say its version', async () => {
    const missing = new CompanionPluginMissingError('https://blog.example.org/wp-json');
    expect(await pluginVersionInfo(plugin(() => Promise.reject(missing)))).toEqual({});
    expect(await pluginVersionInfo(plugin(() => Promise.resolve({ version: '' })))).toEqual({});
  });

  it('asks the plugin nothing when the change feed read its version at start already', async () => {
    const asked = plugin(() => Promise.reject(new Error('asked again')));
    expect(await pluginVersionInfo(asked, '99.0.0')).toEqual({
      pluginVersion: '99.0.0',
      versionWarning: pluginVersionWarning('99.0.0'),
    });
  });

  it("reads the version from the plugin's status route", async () => {
    const requested: string[] = [];
    const http = {
      restRoot: 'https://blog.example.org/wp-json',
      request: (method: string, url: string) => {
        requested.push(`${method} ${url}`);
        return Promise.resolve({ status: 200, headers: {}, body: { version: '1.0.0' } });
      },
    };
    const info = await pluginVersionInfo(
      new CompanionPluginClient(http as unknown as WordPressHttp),
    );
    expect(requested).toEqual(['GET https://blog.example.org/wp-json/sfwp/v1/status']);
    expect(info).toEqual({
      pluginVersion: '1.0.0',
      versionWarning: pluginVersionWarning('1.0.0'),
    });
  });
});
