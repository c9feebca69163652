import { readFileSync } from 'node:fs';

/**
 * The connector package's version: what `sfwp --version`, the heartbeat and `/healthz` report.
 * Read from connector/package.json, which sits two levels up both from the sources
 * (connector/src/app) and from the compiled package (<package>/dist/app).
 */
export const CONNECTOR_VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

const SEMVER = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:[-+][0-9A-Za-z.+-]*)?$/;

/**
 * The part of a semantic version within which releases stay compatible: the major version, or
 * before 1.0 the minor one too ("anything MAY change at any time", semver.org §4).
 * Undefined when `version` is not a semantic version.
 */
export function compatibilityLine(version: string): string | undefined {
  const match = SEMVER.exec(version.trim());
  if (!match) return undefined;
  const [, major = '', minor = ''] = match;
  return major === '0' ? `0.${minor}` : major;
}

/**
 * What an operator should read when the companion plugin's release line differs from the
 * connector's; undefined when they match.
 */
export function pluginVersionWarning(
  pluginVersion: string,
  connectorVersion: string = CONNECTOR_VERSION,
): string | undefined {
  const plugin = compatibilityLine(pluginVersion);
  const connector = compatibilityLine(connectorVersion);
  const advice = `Install the plugin and the connector of the same version (docs/OPERATIONS.md, "Versions").`;
  if (plugin === undefined) {
    return `The WordPress companion plugin reports version "${pluginVersion}", not a semantic version, so the connector (${connectorVersion}) cannot tell whether they work together. ${advice}`;
  }
  if (plugin === connector) return undefined;
  return `The WordPress companion plugin is version ${pluginVersion} and the connector ${connectorVersion}: their major versions differ (before 1.0, the minor version counts as major), so the change feed and the settings the connector sends may not work. ${advice}`;
}
