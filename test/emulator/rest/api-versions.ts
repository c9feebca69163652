/**
 * API versions the emulator answers: 31.0 (Summer '14) up to 66.0 (Spring '26). jsforce 3
 * defaults to 50.0; sObject Collections upsert needs 46.0+ (platform-facts "sObject Collections
 * upsert"). Newer versions are not listed because the facts name none beyond Spring '26.
 */
export const OLDEST_API_VERSION = 31;
export const LATEST_API_VERSION = 66;

export function supportedVersions(): string[] {
  const versions: string[] = [];
  for (let major = OLDEST_API_VERSION; major <= LATEST_API_VERSION; major++)
    versions.push(`${major}.0`);
  return versions;
}

export function isSupportedVersion(version: string): boolean {
  return supportedVersions().includes(version);
}

/** `GET /services/data`: `[{label, url, version}]`. */
export function versionList() {
  return supportedVersions().map((version) => ({
    label: `v${version}`,
    url: `/services/data/v${version}`,
    version,
  }));
}

/** `GET /services/data/vXX.X`: the resources of a version. */
export function versionResources(version: string): Record<string, string> {
  const base = `/services/data/v${version}`;
  return Object.fromEntries(
    ['sobjects', 'query', 'queryAll', 'composite', 'limits'].map((name) => [
      name,
      `${base}/${name}`,
    ]),
  );
}
