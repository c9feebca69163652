import type Database from 'better-sqlite3';
import type { SyncState } from '../mapping/agreed-values.js';
import { StateStoreError, type IdLink } from './state-store.js';
import { toLink, type IdMapRow } from './table-rows.js';

/**
 * The `id_map` table: which WordPress object each Salesforce record is synced with, per
 * mapping, with the fingerprints and agreed values of its last sync.
 */
export class SqliteIdLinks {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date,
  ) {}

  findBySalesforceId(mapping: string, salesforceId: string): IdLink | undefined {
    const row = this.db
      .prepare<[string, string], IdMapRow>(
        'SELECT * FROM id_map WHERE mapping = ? AND salesforce_id = ?',
      )
      .get(mapping, salesforceId);
    return row ? toLink(row) : undefined;
  }

  findByWordPressId(mapping: string, wordpressId: number): IdLink | undefined {
    const row = this.db
      .prepare<[string, number], IdMapRow>(
        'SELECT * FROM id_map WHERE mapping = ? AND wordpress_id = ?',
      )
      .get(mapping, wordpressId);
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
        `INSERT INTO id_map (mapping, salesforce_id, wordpress_id, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (mapping, salesforce_id) DO UPDATE SET
           wordpress_id = excluded.wordpress_id,
           salesforce_hash = CASE WHEN id_map.wordpress_id = excluded.wordpress_id THEN id_map.salesforce_hash END,
           salesforce_has_wordpress_id = CASE WHEN id_map.wordpress_id = excluded.wordpress_id THEN id_map.salesforce_has_wordpress_id ELSE 0 END,
           wordpress_hash = CASE WHEN id_map.wordpress_id = excluded.wordpress_id THEN id_map.wordpress_hash END,
           sync_state = CASE WHEN id_map.wordpress_id = excluded.wordpress_id THEN id_map.sync_state END,
           updated_at = excluded.updated_at`,
      )
      .run(mapping, salesforceId, wordpressId, this.now().toISOString());
    return this.findBySalesforceId(mapping, salesforceId) as IdLink;
  }

  listLinks(mapping: string, afterSalesforceId: string | undefined, limit: number): IdLink[] {
    return this.db
      .prepare<[string, string, number], IdMapRow>(
        'SELECT * FROM id_map WHERE mapping = ? AND salesforce_id > ? ORDER BY salesforce_id LIMIT ?',
      )
      .all(mapping, afterSalesforceId ?? '', limit)
      .map(toLink);
  }

  linksAwaitingWriteBack(limit: number): IdLink[] {
    return this.db
      .prepare<[number], IdMapRow>(
        'SELECT * FROM id_map WHERE salesforce_has_wordpress_id = 0 ORDER BY updated_at LIMIT ?',
      )
      .all(limit)
      .map(toLink);
  }

  markWrittenBack(mapping: string, salesforceId: string, wordpressId: number): void {
    this.db
      .prepare(
        'UPDATE id_map SET salesforce_has_wordpress_id = 1 WHERE mapping = ? AND salesforce_id = ? AND wordpress_id = ?',
      )
      .run(mapping, salesforceId, wordpressId);
  }

  unlink(mapping: string, salesforceId: string): void {
    this.db
      .prepare('DELETE FROM id_map WHERE mapping = ? AND salesforce_id = ?')
      .run(mapping, salesforceId);
  }

  recordSyncState(mapping: string, salesforceId: string, state: SyncState): void {
    const result = this.db
      .prepare(
        'UPDATE id_map SET sync_state = ?, updated_at = ? WHERE mapping = ? AND salesforce_id = ?',
      )
      .run(JSON.stringify(state), this.now().toISOString(), mapping, salesforceId);
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
         WHERE mapping = ? AND salesforce_id = ?`,
      )
      .run(
        hashes.salesforceHash ?? null,
        hashes.wordpressHash ?? null,
        this.now().toISOString(),
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
