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

const SEASONS = ['Summer', 'Winter', 'Spring'] as const;

/**
 * The release a version shipped in: three releases a year, 31.0 being Summer '14, 32.0 Winter
 * '15 and 33.0 Spring '15 (REST API Developer Guide, "List Available REST API Versions").
 */
export function releaseLabel(version: string): string {
  const offset = Math.trunc(Number(version)) - OLDEST_API_VERSION;
  const season = SEASONS[((offset % 3) + 3) % 3] ?? 'Summer';
  const year = 14 + Math.floor((offset + 2) / 3);
  return `${season} '${String(year).padStart(2, '0')}`;
}

/** `GET /services/data`: `[{label, url, version}]`, oldest first. */
export function versionList() {
  return supportedVersions().map((version) => ({
    label: releaseLabel(version),
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
