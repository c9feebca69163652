<?php
/**
 * Every query on the change table, and the acknowledged cursor.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Data access for `{prefix}sfwp_changes`. Table names come from the site's prefix; every
 * value goes through `$wpdb->prepare` or `$wpdb->insert` formats.
 */
final class SFWP_Change_Store {

	/**
	 * Option holding the highest cursor the connector acknowledged.
	 */
	const ACKED_OPTION = 'sfwp_acked_cursor';

	/**
	 * Option holding when the connector last moved the acknowledged cursor (UTC, ISO 8601).
	 */
	const ACKED_AT_OPTION = 'sfwp_acked_at';

	/**
	 * Rows deleted per statement when pruning.
	 */
	const PRUNE_BATCH = 5000;

	/**
	 * Appends one change.
	 *
	 * @param string $object_type `user` or a post type slug.
	 * @param int    $object_id   Object id.
	 * @param string $operation   create, update, delete, trash or untrash.
	 * @param string $origin      connector or wordpress.
	 * @param string $reason      '' for an ordinary change; `manual` when a person asked for a sync
	 *                            (Sync now, the bulk action): the connector then writes every mapped field.
	 * @param string $source_org  For a connector-origin row, the org the connector wrote for
	 *                            (already sanitised by SFWP_Origin); '' otherwise.
	 * @return int The new row's cursor, 0 when the insert failed.
	 */
	public function append( string $object_type, int $object_id, string $operation, string $origin, string $reason = '', string $source_org = '' ): int {
		global $wpdb;
		$inserted = $wpdb->insert(
			SFWP_Schema::table_name(),
			array(
				'object_type' => $object_type,
				'object_id'   => $object_id,
				'operation'   => $operation,
				'origin'      => $origin,
				'reason'      => $reason,
				'source_org'  => $source_org,
				'changed_at'  => SFWP_Time::now_for_db(),
			),
			array( '%s', '%d', '%s', '%s', '%s', '%s', '%s' )
		);
		return false === $inserted ? 0 : (int) $wpdb->insert_id;
	}

	/**
	 * Rows after a cursor, oldest first.
	 *
	 * @param int $after Exclusive lower bound.
	 * @param int $limit Most rows returned.
	 * @return object[] Rows with id, object_type, object_id, operation, origin, reason, source_org
	 *                  and changed_at.
	 */
	public function after( int $after, int $limit ): array {
		global $wpdb;
		$table = SFWP_Schema::table_name();
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery
		$rows = $wpdb->get_results( $wpdb->prepare( "SELECT id, object_type, object_id, operation, origin, reason, source_org, changed_at FROM {$table} WHERE id > %d ORDER BY id ASC LIMIT %d", $after, $limit ) );
		return is_array( $rows ) ? $rows : array();
	}

	/**
	 * The highest cursor in the table.
	 *
	 * @return int 0 when the table is empty.
	 */
	public function latest_cursor(): int {
		global $wpdb;
		$table = SFWP_Schema::table_name();
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery
		return (int) $wpdb->get_var( "SELECT COALESCE(MAX(id), 0) FROM {$table}" );
	}

	/**
	 * How many rows lie after a cursor.
	 *
	 * @param int $cursor Exclusive lower bound.
	 * @return int
	 */
	public function count_after( int $cursor ): int {
		global $wpdb;
		$table = SFWP_Schema::table_name();
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery
		return (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$table} WHERE id > %d", $cursor ) );
	}

	/**
	 * The highest acknowledged cursor.
	 *
	 * @return int
	 */
	public function acked_cursor(): int {
		return max( 0, (int) get_option( self::ACKED_OPTION, 0 ) );
	}

	/**
	 * Moves the acknowledged cursor forward; never backwards, never past the newest row.
	 *
	 * @param int $cursor Cursor the connector has durably processed.
	 * @return int The acknowledged cursor after the call.
	 */
	public function acknowledge( int $cursor ): int {
		$current = $this->acked_cursor();
		$next    = min( max( 0, $cursor ), $this->latest_cursor() );
		if ( $next <= $current ) {
			return $current;
		}
		update_option( self::ACKED_OPTION, (string) $next, 'no' );
		update_option( self::ACKED_AT_OPTION, SFWP_Time::now_iso(), 'no' );
		return $next;
	}

	/**
	 * When the connector last moved the acknowledged cursor, or null when it never did.
	 *
	 * @return string|null UTC, ISO 8601.
	 */
	public function acked_at(): ?string {
		$at = get_option( self::ACKED_AT_OPTION, '' );
		return is_string( $at ) && '' !== $at ? $at : null;
	}

	/**
	 * When the oldest change the connector has not acknowledged was recorded, or null.
	 *
	 * @return string|null UTC DATETIME as stored.
	 */
	public function oldest_pending_at(): ?string {
		$rows = $this->after( $this->acked_cursor(), 1 );
		return array() === $rows ? null : (string) $rows[0]->changed_at;
	}

	/**
	 * Deletes acknowledged rows written before a time. The newest row always stays, so the
	 * latest cursor never goes back and an id is never handed out twice, even on database
	 * servers that recompute AUTO_INCREMENT from MAX(id) at restart.
	 *
	 * @param int    $acked  Rows up to this cursor may go.
	 * @param string $before Only rows changed before this UTC DATETIME.
	 * @return int Rows deleted.
	 */
	public function prune( int $acked, string $before ): int {
		global $wpdb;
		$table = SFWP_Schema::table_name();
		$upto  = min( $acked, $this->latest_cursor() - 1 );
		$total = 0;
		while ( $upto > 0 ) {
			// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery
			$deleted = $wpdb->query( $wpdb->prepare( "DELETE FROM {$table} WHERE id <= %d AND changed_at < %s ORDER BY id ASC LIMIT %d", $upto, $before, self::PRUNE_BATCH ) );
			if ( ! is_int( $deleted ) || 0 === $deleted ) {
				break;
			}
			$total += $deleted;
			if ( $deleted < self::PRUNE_BATCH ) {
				break;
			}
		}
		return $total;
	}
}
