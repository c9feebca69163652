/**
 * The naive Salesforce → WordPress writer the comparison runs against: what the existing
 * WordPress sync plugins and integration tools do. For every change, on its own:
 *
 *   1. one lookup: posts, GET /wp/v2/<type>?slug=<salesforce id>&status=any (the record's key
 *      is kept in the post slug, an indexed column, which is the cheapest lookup the REST API
 *      offers); users, GET /wp/v2/users?search=<email> (WordPress searches the email column),
 *   2. one write: POST /wp/v2/<type> to create (users: login = email and a random password, as
 *      sfwp creates them), or POST /wp/v2/<type>/<id> to update.
 *
 * No batching, no id map, no fingerprints. Plain fetch (Node's keep-alive pool), Basic auth
 * with the same application password. `concurrency` records are in flight at once, each doing
 * its lookup then its write.
 */
import { randomBytes } from 'node:crypto';
import type { WordPressFields } from '../connector/src/wordpress/types.js';
import type { WordPressTarget } from '../test/wordpress/target.js';

export class NaiveWordPressWriter {
  /** HTTP requests sent: lookups and writes. */
  lookups = 0;
  writes = 0;
  private readonly restRoot: string;
  private readonly authorization: string;
  private restBase: string | undefined;

  constructor(
    target: WordPressTarget,
    private readonly type: string,
  ) {
    this.restRoot = `${target.url.replace(/\/+$/, '')}/wp-json`;
    this.authorization = `Basic ${Buffer.from(`${target.username}:${target.applicationPassword}`).toString('base64')}`;
  }

  get requests(): number {
    return this.lookups + this.writes;
  }

  private async call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.restRoot}${path}`, {
      method,
      headers: {
        Authorization: this.authorization,
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
    }
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  }

  /** Resolves the post type's REST base once (not counted: a plugin knows its own routes). */
  async prepare(): Promise<void> {
    if (this.type === 'user') {
      this.restBase = 'users';
      return;
    }
    const types = (await this.call('GET', `/wp/v2/types/${this.type}?context=edit`)) as {
      rest_base?: string;
    };
    this.restBase = types.rest_base ?? this.type;
  }

  /** Lookup then create or update; returns the WordPress id. */
  async upsert(salesforceId: string, fields: WordPressFields): Promise<number> {
    const base = this.restBase;
    if (base === undefined) throw new Error('NaiveWordPressWriter.prepare() was not called');
    const isUser = this.type === 'user';
    const email = typeof fields.email === 'string' ? fields.email : '';
    const key = isUser ? email : salesforceId.toLowerCase();
    this.lookups++;
    const found = (await this.call(
      'GET',
      isUser
        ? `/wp/v2/users?search=${encodeURIComponent(key)}&context=edit&_fields=id`
        : `/wp/v2/${base}?slug=${encodeURIComponent(key)}&status=any&_fields=id`,
    )) as { id: number }[];
    const existing = found[0]?.id;
    const body: WordPressFields = isUser
      ? existing === undefined
        ? { username: email, password: randomBytes(18).toString('base64url'), ...fields }
        : fields
      : { ...fields, slug: key };
    this.writes++;
    const written = (await this.call(
      'POST',
      existing === undefined ? `/wp/v2/${base}` : `/wp/v2/${base}/${existing}`,
      body,
    )) as { id: number };
    return written.id;
  }
}

/** Runs `task` over items pulled from `next()` with `lanes` of them in flight at once. */
export async function runLanes<T>(
  lanes: number,
  next: () => Promise<T | undefined>,
  task: (item: T) => Promise<void>,
): Promise<void> {
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      for (let item = await next(); item !== undefined; item = await next()) await task(item);
    }),
  );
}
