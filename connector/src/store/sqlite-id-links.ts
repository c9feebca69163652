import type Database from 'better-sqlite3';
import type { SyncState } from '../mapping/agreed-values.js';
import { StateStoreError, type IdLink } from './state-store.js';
import { toLink, type IdMapRow } from './table-rows.js';

/**
 * The `id_map` table: which WordPress object each Salesforce record is synced with, per org
 * and mapping, with the fingerprints and agreed values of its last sync.
 */
export class SqliteIdLinks {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date,
    private readonly org: string,
  ) {}

  findBySalesforceId(mapping: string, salesforceId: string): IdLink | undefined {
    const row = this.db
      .prepare<[string, string, string], IdMapRow>(
        'SELECT * FROM id_map WHERE org = ? AND mapping = ? AND salesforce_id = ?',
      )
      .get(this.org, mapping, salesforceId);
    return row ? toLink(row) : undefined;
  }

  findByWordPressId(mapping: string, wordpressId: number): IdLink | undefined {
    const row = this.db
      .prepare<[string, string, number], IdMapRow>(
        'SELECT * FROM id_map WHERE org = ? AND mapping = ? AND wordpress_id = ?',
      )
      .get(this.org, mapping, wordpressId);
    return row ? toLink(row) : undefined;
  }

  link(mapping: string, salesforceId: string, wordpressId: number): IdLink {
    const owner = this.findByWordPressId(mapping, wordpressId);
    if (owner && owner.salesforceId !== salesforceId) {
      throw new StateStoreError(
        `WordPress ${wordpressId} is already linked to ${owner.salesforceId} under mapping ${mapping}; ` +
          `refusing to link it to ${salesforceId} as well (that would merge two records).`,
      );
    }
    this.db
      .prepare(
        `INSERT INTO id_map (org, mapping, salesforce_id, wordpress_id, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (org, mapping, salesforce_id) DO UPDATE SET
           wordpress_id = excluded.wordpress_id,
           salesforce_hash = CASE WHEN id_map.wordpress_id = excluded.wordpress_id THEN id_map.salesforce_hash END,
           salesforce_has_wordpress_id = CASE WHEN id_map.wordpress_id = excluded.wordpress_id THEN id_map.salesforce_has_wordpress_id ELSE 0 END,
           wordpress_hash = CASE WHEN id_map.wordpress_id = excluded.wordpress_id THEN id_map.wordpress_hash END,
           sync_state = CASE WHEN id_map.wordpress_id = excluded.wordpress_id THEN id_map.sync_state END,
           updated_at = excluded.updated_at`,
      )
      .run(this.org, mapping, salesforceId, wordpressId, this.now().toISOString());
    return this.findBySalesforceId(mapping, salesforceId) as IdLink;
  }

  listLinks(mapping: string, afterSalesforceId: string | undefined, limit: number): IdLink[] {
    return this.db
      .prepare<[string, string, string, number], IdMapRow>(
        'SELECT * FROM id_map WHERE org = ? AND mapping = ? AND salesforce_id > ? ORDER BY salesforce_id LIMIT ?',
      )
      .all(this.org, mapping, afterSalesforceId ?? '', limit)
      .map(toLink);
  }

  linksAwaitingWriteBack(limit: number): IdLink[] {
    return this.db
      .prepare<[string, number], IdMapRow>(
        'SELECT * FROM id_map WHERE org = ? AND salesforce_has_wordpress_id = 0 ORDER BY updated_at LIMIT ?',
      )
      .all(this.org, limit)
      .map(toLink);
  }

  markWrittenBack(mapping: string, salesforceId: string, wordpressId: number): void {
    this.db
      .prepare(
        'UPDATE id_map SET salesforce_has_wordpress_id = 1 WHERE org = ? AND mapping = ? AND salesforce_id = ? AND wordpress_id = ?',
      )
      .run(this.org, mapping, salesforceId, wordpressId);
  }

  unlink(mapping: string, salesforceId: string): void {
    this.db
      .prepare('DELETE FROM id_map WHERE org = ? AND mapping = ? AND salesforce_id = ?')
      .run(this.org, mapping, salesforceId);
  }

  recordSyncState(mapping: string, salesforceId: string, state: SyncState): void {
    const result = this.db
      .prepare(
        'UPDATE id_map SET sync_state = ?, updated_at = ? WHERE org = ? AND mapping = ? AND salesforce_id = ?',
      )
      .run(JSON.stringify(state), this.now().toISOString(), this.org, mapping, salesforceId);
    if (result.changes === 0) {
      throw new StateStoreError(
        `No link for ${salesforceId} under mapping ${mapping} to record the agreed values on`,
      );
    }
  }

  recordHashes(
    mapping: string,
    salesforceId: string,
    hashes: { salesforceHash?: string; wordpressHash?: string },
  ): void {
    const result = this.db
      .prepare(
        `UPDATE id_map SET
           salesforce_hash = COALESCE(?, salesforce_hash),
           wordpress_hash = COALESCE(?, wordpress_hash),
           updated_at = ?
         WHERE org = ? AND mapping = ? AND salesforce_id = ?`,
      )
      .run(
        hashes.salesforceHash ?? null,
        hashes.wordpressHash ?? null,
        this.now().toISOString(),
        this.org,
        mapping,
        salesforceId,
      );
    if (result.changes === 0) {
      throw new StateStoreError(
        `No link for ${salesforceId} under mapping ${mapping} to record hashes on`,
      );
    }
  }
}
