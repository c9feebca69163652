<?php
/**
 * Every query on the form submissions table.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Data access for `{prefix}sfwp_form_submissions`. Every value goes through `$wpdb->prepare`
 * or `$wpdb->insert` / `$wpdb->update` formats.
 */
final class SFWP_Form_Submission_Store {

	/**
	 * Statuses a submission can have.
	 */
	const STATUSES = array( 'pending', 'spam', 'synced', 'failed' );

	/**
	 * UTM parameters kept, each in its own column.
	 */
	const UTM_KEYS = array( 'source', 'medium', 'campaign', 'term', 'content' );

	/**
	 * Stores a submission.
	 *
	 * @param int                  $form_id Form id.
	 * @param array<string, mixed> $fields  Field name => string or bool.
	 * @param bool                 $consent Consent given.
	 * @param array<string, string> $utm    source, medium, campaign, term, content.
	 * @param string               $page_url Page the form was on.
	 * @param string               $ip_hash Keyed hash of the visitor's IP.
	 * @param string               $status  pending or spam.
	 * @return int The new id, 0 when the insert failed.
	 */
	public function insert( int $form_id, array $fields, bool $consent, array $utm, string $page_url, string $ip_hash, string $status ): int {
		global $wpdb;
		$now = gmdate( 'Y-m-d H:i:s' );
		$row = array(
			'form_id'    => $form_id,
			'fields'     => (string) wp_json_encode( (object) $fields, JSON_UNESCAPED_UNICODE ),
			'consent'    => $consent ? 1 : 0,
			'page_url'   => $page_url,
			'ip_hash'    => $ip_hash,
			'status'     => $status,
			'message'    => '',
			'created_at' => $now,
			'updated_at' => $now,
		);
		foreach ( self::UTM_KEYS as $key ) {
			$row[ 'utm_' . $key ] = (string) ( $utm[ $key ] ?? '' );
		}
		$formats  = array_map(
			static function ( $value ) {
				return is_int( $value ) ? '%d' : '%s';
			},
			$row
		);
		$inserted = $wpdb->insert( SFWP_Schema::submissions_table_name(), $row, array_values( $formats ) );
		return false === $inserted ? 0 : (int) $wpdb->insert_id;
	}

	/**
	 * Submissions by id, in id order.
	 *
	 * @param int[] $ids Ids.
	 * @return object[] Rows.
	 */
	public function find( array $ids ): array {
		global $wpdb;
		$ids = array_values( array_unique( array_filter( array_map( 'intval', $ids ) ) ) );
		if ( array() === $ids ) {
			return array();
		}
		$table        = SFWP_Schema::submissions_table_name();
		$placeholders = implode( ',', array_fill( 0, count( $ids ), '%d' ) );
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQLPlaceholders.UnfinishedPrepare
		$rows = $wpdb->get_results( $wpdb->prepare( "SELECT * FROM {$table} WHERE id IN ({$placeholders}) ORDER BY id ASC", $ids ) );
		return is_array( $rows ) ? $rows : array();
	}

	/**
	 * Newest submissions first, a page at a time, optionally of one status.
	 *
	 * @param int    $limit  Rows per page.
	 * @param int    $offset Rows skipped.
	 * @param string $status A status, or '' for all.
	 * @return object[]
	 */
	public function latest( int $limit, int $offset, string $status = '' ): array {
		global $wpdb;
		$table = SFWP_Schema::submissions_table_name();
		if ( in_array( $status, self::STATUSES, true ) ) {
			// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery
			$rows = $wpdb->get_results( $wpdb->prepare( "SELECT * FROM {$table} WHERE status = %s ORDER BY id DESC LIMIT %d OFFSET %d", $status, $limit, $offset ) );
		} else {
			// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery
			$rows = $wpdb->get_results( $wpdb->prepare( "SELECT * FROM {$table} ORDER BY id DESC LIMIT %d OFFSET %d", $limit, $offset ) );
		}
		return is_array( $rows ) ? $rows : array();
	}

	/**
	 * How many submissions there are, optionally of one status.
	 *
	 * @param string $status A status, or '' for all.
	 * @return int
	 */
	public function count( string $status = '' ): int {
		global $wpdb;
		$table = SFWP_Schema::submissions_table_name();
		if ( in_array( $status, self::STATUSES, true ) ) {
			// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery
			return (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$table} WHERE status = %s", $status ) );
		}
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery
		return (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$table}" );
	}

	/**
	 * Records the connector's outcome for a submission that is not spam.
	 *
	 * @param int    $id            Submission id.
	 * @param string $status        synced or failed.
	 * @param string $salesforce_id Salesforce id ('' to keep the stored one).
	 * @param string $message       Outcome message.
	 * @return bool Whether a row was updated.
	 */
	public function set_result( int $id, string $status, string $salesforce_id, string $message ): bool {
		global $wpdb;
		$table = SFWP_Schema::submissions_table_name();
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery
		$updated = $wpdb->query( $wpdb->prepare( "UPDATE {$table} SET status = %s, salesforce_id = IF(%s = '', salesforce_id, %s), message = %s, updated_at = %s WHERE id = %d AND status <> 'spam'", $status, $salesforce_id, $salesforce_id, $message, gmdate( 'Y-m-d H:i:s' ), $id ) );
		return is_int( $updated ) && $updated > 0;
	}

	/**
	 * Starts a transaction, so a submission and its change row are stored together or not at all.
	 *
	 * @return bool
	 */
	public function begin(): bool {
		global $wpdb;
		return false !== $wpdb->query( 'START TRANSACTION' );
	}

	/**
	 * Commits what begin() started.
	 *
	 * @return bool
	 */
	public function commit(): bool {
		global $wpdb;
		return false !== $wpdb->query( 'COMMIT' );
	}

	/**
	 * Rolls back what begin() started.
	 */
	public function rollback(): void {
		global $wpdb;
		$wpdb->query( 'ROLLBACK' );
	}
}
