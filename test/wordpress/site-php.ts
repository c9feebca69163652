import { join } from 'node:path';
import { runCommand } from './process-group.js';

/** A PHP single-quoted string literal holding any text. */
export function phpString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export interface SiteOnDisk {
  url: string;
  /** The site's directory; absent for a WordPress this run did not start. */
  siteDir?: string | undefined;
}

/**
 * Runs PHP inside a test site (wp-load.php, its plugins as configured), the way wp-cli would:
 * `$wpdb` is in scope, and what the code sets `$result` to comes back decoded from JSON.
 */
export async function runInSite<T>(site: SiteOnDisk, code: string): Promise<T> {
  if (!site.siteDir) throw new Error('this needs the WordPress this run started (its directory)');
  const url = new URL(site.url);
  const script = [
    `$_SERVER['HTTP_HOST'] = ${phpString(url.host)};`,
    `$_SERVER['SERVER_NAME'] = ${phpString(url.hostname)};`,
    "$_SERVER['REQUEST_URI'] = '/';",
    `require ${phpString(join(site.siteDir, 'wp-load.php'))};`,
    'global $wpdb;',
    '$result = null;',
    code,
    'echo "\\nSFWP_RESULT " . wp_json_encode( $result ) . "\\n";',
  ].join('\n');
  const output = await runCommand('/usr/bin/php', ['-r', script]);
  const line = output.split('\n').find((candidate) => candidate.startsWith('SFWP_RESULT '));
  if (!line) throw new Error(`php printed no result:\n${output}`);
  return JSON.parse(line.slice('SFWP_RESULT '.length)) as T;
}
