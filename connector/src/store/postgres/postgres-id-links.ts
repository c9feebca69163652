import type { SyncState } from '../../mapping/agreed-values.js';
import { StateStoreError, type IdLink } from '../state-store.js';
import type { SyncPostgresConnection } from './sync-connection.js';
import { toLink, type IdMapRow } from '../table-rows.js';

/** The `id_map` table on PostgreSQL; the same contract as `SqliteIdLinks`. */
export class PostgresIdLinks {
  constructor(
    private readonly db: SyncPostgresConnection,
    private readonly now: () => Date,
    private readonly org: string,
  ) {}

  findBySalesforceId(mapping: string, salesforceId: string): IdLink | undefined {
    const [row] = this.db.query<IdMapRow>(
      'SELECT * FROM id_map WHERE org = $1 AND mapping = $2 AND salesforce_id = $3',
      [this.org, mapping, salesforceId],
    );
    return row ? toLink(row) : undefined;
  }

  findByWordPressId(mapping: string, wordpressId: number): IdLink | undefined {
    const [row] = this.db.query<IdMapRow>(
      'SELECT * FROM id_map WHERE org = $1 AND mapping = $2 AND wordpress_id = $3',
      [this.org, mapping, wordpressId],
    );
    return row ? toLink(row) : undefined;
  }

  /** Runs inside the store's transaction: the ownership check and the upsert see one state. */
  link(mapping: string, salesforceId: string, wordpressId: number): IdLink {
    const owner = this.findByWordPressId(mapping, wordpressId);
    if (owner && owner.salesforceId !== salesforceId) {
      throw new StateStoreError(
        `WordPress ${wordpressId} is already linked to ${owner.salesforceId} under mapping ${mapping}; ` +
          `refusing to link it to ${salesforceId} as well (that would merge two records).`,
      );
    }
    const [row] = this.db.query<IdMapRow>(
      `INSERT INTO id_map (org, mapping, salesforce_id, wordpress_id, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (org, mapping, salesforce_id) DO UPDATE SET
         wordpress_id = excluded.wordpress_id,
         salesforce_hash = CASE WHEN id_map.wordpress_id = excluded.wordpress_id THEN id_map.salesforce_hash END,
         salesforce_has_wordpress_id = id_map.wordpress_id = excluded.wordpress_id AND id_map.salesforce_has_wordpress_id,
         wordpress_hash = CASE WHEN id_map.wordpress_id = excluded.wordpress_id THEN id_map.wordpress_hash END,
         sync_state = CASE WHEN id_map.wordpress_id = excluded.wordpress_id THEN id_map.sync_state END,
         updated_at = excluded.updated_at
       RETURNING *`,
      [this.org, mapping, salesforceId, wordpressId, this.now().toISOString()],
    );
    return toLink(row as IdMapRow);
  }

  /** Byte order (`COLLATE "C"`), as SQLite compares, whatever the database's locale. */
  listLinks(mapping: string, afterSalesforceId: string | undefined, limit: number): IdLink[] {
    return this.db
      .query<IdMapRow>(
        `SELECT * FROM id_map WHERE org = $1 AND mapping = $2 AND salesforce_id COLLATE "C" > $3
         ORDER BY salesforce_id COLLATE "C" LIMIT $4`,
        [this.org, mapping, afterSalesforceId ?? '', limit],
      )
      .map(toLink);
  }

  linksAwaitingWriteBack(limit: number): IdLink[] {
    return this.db
      .query<IdMapRow>(
        `SELECT * FROM id_map WHERE org = $1 AND NOT salesforce_has_wordpress_id
         ORDER BY updated_at, salesforce_id LIMIT $2`,
        [this.org, limit],
      )
      .map(toLink);
  }

  markWrittenBack(mapping: string, salesforceId: string, wordpressId: number): void {
    this.db.query(
      `UPDATE id_map SET salesforce_has_wordpress_id = TRUE
       WHERE org = $1 AND mapping = $2 AND salesforce_id = $3 AND wordpress_id = $4`,
      [this.org, mapping, salesforceId, wordpressId],
    );
  }

  unlink(mapping: string, salesforceId: string): void {
    this.db.query('DELETE FROM id_map WHERE org = $1 AND mapping = $2 AND salesforce_id = $3', [
      this.org,
      mapping,
      salesforceId,
    ]);
  }

  recordSyncState(mapping: string, salesforceId: string, state: SyncState): void {
    const [result] = this.db.run([
      {
        text: `UPDATE id_map SET sync_state = $1, updated_at = $2
               WHERE org = $3 AND mapping = $4 AND salesforce_id = $5`,
        params: [JSON.stringify(state), this.now().toISOString(), this.org, mapping, salesforceId],
      },
    ]);
    if (result?.rowCount === 0) {
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
    const [result] = this.db.run([
      {
        text: `UPDATE id_map SET
                 salesforce_hash = COALESCE($1, salesforce_hash),
                 wordpress_hash = COALESCE($2, wordpress_hash),
                 updated_at = $3
               WHERE org = $4 AND mapping = $5 AND salesforce_id = $6`,
        params: [
          hashes.salesforceHash ?? null,
          hashes.wordpressHash ?? null,
          this.now().toISOString(),
          this.org,
          mapping,
          salesforceId,
        ],
      },
    ]);
    if (result?.rowCount === 0) {
      throw new StateStoreError(
        `No link for ${salesforceId} under mapping ${mapping} to record hashes on`,
      );
    }
  }
}
