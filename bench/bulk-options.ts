/**
 * What each speed-up of the companion plugin's bulk route (`POST sfwp/v1/bulk`) buys: the same
 * users and `organization` posts created in requests of 200, one request in flight, with every
 * speed-up on, with each one switched off in turn (`options`), and with all of them off. Each
 * variant runs twice (all variants in order, then in reverse), each time from a reset database. Skipped, with a note, when `GET sfwp/v1/status` has no
 * `bulk` (a plugin that predates the route).
 */
import { randomBytes } from 'node:crypto';
import { originHeaders } from '../connector/src/wordpress/origin-signature.js';
import type { SfToWpKindName } from './sf-to-wp-changes.js';
import type { BenchWordPress } from './stack.js';
import { ratio, round } from './stats.js';

const PER_REQUEST = 200;
const SWITCHES = ['transaction', 'deferTermCounting', 'suspendCacheAddition'] as const;
type Switch = (typeof SWITCHES)[number];

interface Variant {
  name: string;
  off: readonly Switch[];
}

const VARIANTS: Variant[] = [
  { name: 'all on', off: [] },
  ...SWITCHES.map((name) => ({ name: `${name} off`, off: [name] })),
  { name: 'all off', off: SWITCHES },
];

export interface BulkVariant {
  kind: SfToWpKindName;
  variant: string;
  records: number;
  seconds: number;
  recordsPerSecond: number;
  /** records/s with everything on ÷ this variant's records/s: what the switched-off part buys. */
  allOnSpeedup: number | null;
}

export interface BulkOptionsResult {
  available: boolean;
  /** Why it was skipped, when it was. */
  note: string | null;
  itemsPerRequest: number;
  variants: BulkVariant[];
}

function itemsFor(kind: SfToWpKindName, tag: string, start: number): unknown[] {
  return Array.from({ length: PER_REQUEST }, (_, offset) => {
    const index = start + offset;
    const slug = `${tag}-${index}`;
    return kind === 'users'
      ? {
          method: 'POST',
          path: '/wp/v2/users',
          body: {
            username: `${slug}@example.test`,
            email: `${slug}@example.test`,
            password: randomBytes(18).toString('base64url'),
            first_name: 'Bulk',
            last_name: `Member ${index}`,
            url: `https://${slug}.example.test`,
            description: `Bulk member number ${index}.`,
          },
        }
      : {
          method: 'POST',
          path: '/wp/v2/organizations',
          body: {
            title: `Bulk ${index}`,
            content: `<p>Bulk organisation number ${index}.</p>`,
            status: 'draft',
            meta: {
              website: `https://${slug}.example.test`,
              billing_city: 'Lyon',
              billing_country: 'France',
            },
          },
        };
  });
}

class BulkCaller {
  private readonly root: string;
  private readonly authorization: string;
  private readonly secret = randomBytes(32).toString('hex');

  constructor(wordpress: BenchWordPress) {
    this.root = `${wordpress.url.replace(/\/+$/, '')}/wp-json/sfwp/v1`;
    this.authorization = `Basic ${Buffer.from(`${wordpress.username}:${wordpress.applicationPassword.replace(/\s+/g, '')}`).toString('base64')}`;
  }

  private async call(method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`${this.root}${path}`, {
      method,
      headers: {
        Authorization: this.authorization,
        Accept: 'application/json',
        'Content-Type': 'application/json',
        ...originHeaders(this.secret),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  /** Whether the plugin offers the bulk route (`bulk` in its status). */
  async available(): Promise<boolean> {
    const response = await this.call('GET', '/status');
    if (!response.ok) return false;
    const status = (await response.json()) as { bulk?: { max_items?: number } | null };
    return typeof status.bulk === 'object' && status.bulk !== null;
  }

  /** Stores this run's shared secret, so the bulk requests are signed by "the connector". */
  async configureSecret(): Promise<void> {
    const response = await this.call('PUT', '/settings', { shared_secret: this.secret });
    if (!response.ok) {
      throw new Error(`PUT sfwp/v1/settings answered ${response.status}: ${await response.text()}`);
    }
  }

  /** One bulk request; the number of items that failed. */
  async bulk(requests: unknown[], options: Record<Switch, boolean>): Promise<number> {
    const response = await this.call('POST', '/bulk', { requests, options });
    const text = await response.text();
    if (response.status !== 207 && !response.ok) {
      throw new Error(`POST sfwp/v1/bulk answered ${response.status}: ${text.slice(0, 500)}`);
    }
    const body = JSON.parse(text) as { responses?: { status: number }[] };
    return (body.responses ?? []).filter((item) => item.status >= 400).length;
  }
}

export async function measureBulkOptions(
  wordpress: BenchWordPress,
  count: number,
  log: (line: string) => void,
): Promise<BulkOptionsResult> {
  const caller = new BulkCaller(wordpress);
  await wordpress.reset();
  if (!(await caller.available())) {
    const note =
      'bulk route absent: GET sfwp/v1/status has no "bulk" (the companion plugin predates POST sfwp/v1/bulk); not measured';
    log(`  bulk: ${note}`);
    return { available: false, note, itemsPerRequest: PER_REQUEST, variants: [] };
  }
  const records = Math.max(
    PER_REQUEST,
    Math.floor(Math.min(count, 1000) / PER_REQUEST) * PER_REQUEST,
  );
  const variants: BulkVariant[] = [];
  const timeOne = async (kind: SfToWpKindName, variant: Variant, pass: number): Promise<number> => {
    await wordpress.reset();
    await caller.configureSecret();
    const options = Object.fromEntries(
      SWITCHES.map((name) => [name, !variant.off.includes(name)]),
    ) as Record<Switch, boolean>;
    const tag = `bulk-${kind}-${pass}-${variant.name.replace(/\W+/g, '-')}`.toLowerCase();
    let failed = 0;
    const started = performance.now();
    for (let start = 0; start < records; start += PER_REQUEST) {
      failed += await caller.bulk(itemsFor(kind, tag, start), options);
    }
    if (failed > 0) throw new Error(`bulk ${kind}, ${variant.name}: ${failed} items failed`);
    return (performance.now() - started) / 1000;
  };
  for (const kind of ['users', 'posts'] as const) {
    // Each variant twice, in order then in reverse, so that a machine speeding up or slowing
    // down during the part does not favour the variants measured first.
    const seconds = new Map<string, number>();
    for (const [index, variant] of [...VARIANTS, ...[...VARIANTS].reverse()].entries()) {
      const took = await timeOne(kind, variant, index < VARIANTS.length ? 1 : 2);
      seconds.set(variant.name, (seconds.get(variant.name) ?? 0) + took);
    }
    const rate = (name: string): number => (2 * records) / (seconds.get(name) ?? 1);
    for (const variant of VARIANTS) {
      const recordsPerSecond = round(rate(variant.name));
      variants.push({
        kind,
        variant: variant.name,
        records: 2 * records,
        seconds: round(seconds.get(variant.name) ?? 0, 2),
        recordsPerSecond,
        allOnSpeedup: ratio(round(rate('all on')), recordsPerSecond),
      });
      log(`  bulk ${kind}, ${variant.name}: ${recordsPerSecond} records/s`);
    }
  }
  return { available: true, note: null, itemsPerRequest: PER_REQUEST, variants };
}
