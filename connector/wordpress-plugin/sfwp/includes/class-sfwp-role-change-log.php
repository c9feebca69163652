<?php
/**
 * The log of role changes the connector made or was refused, shown in wp-admin.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Each entry is a row of the changed user's protected meta `_sfwp_role_change` (one INSERT per
 * entry, so concurrent requests never lose one; never in REST, never in the change feed):
 * when, the roles before and after, whether it was applied or refused and why, and who asked.
 * The newest KEEP_PER_USER entries of each user are kept; a deleted user's entries go with it.
 */
final class SFWP_Role_Change_Log {

	/**
	 * User meta holding the entries.
	 */
	const META = '_sfwp_role_change';

	/**
	 * Entries kept per user.
	 */
	const KEEP_PER_USER = 50;

	/**
	 * Outcome of a change WordPress made.
	 */
	const CHANGED = 'changed';

	/**
	 * Outcome of a change the plugin refused.
	 */
	const REFUSED = 'refused';

	/**
	 * Adds an entry.
	 *
	 * @param int      $user_id User whose roles changed (or would have).
	 * @param string[] $before  Roles before.
	 * @param string[] $after   Roles after (asked for, when refused).
	 * @param string   $outcome CHANGED or REFUSED.
	 * @param string   $reason  Why it was refused: administrator or connector_user; '' otherwise.
	 */
	public function add( int $user_id, array $before, array $after, string $outcome, string $reason = '' ): void {
		add_user_meta(
			$user_id,
			self::META,
			array(
				'time'    => SFWP_Time::now_iso(),
				'before'  => array_values( array_map( 'strval', $before ) ),
				'after'   => array_values( array_map( 'strval', $after ) ),
				'outcome' => $outcome,
				'reason'  => $reason,
				'by'      => get_current_user_id(),
			)
		);
		$this->trim( $user_id );
	}

	/**
	 * The newest entries of every user.
	 *
	 * @param int $page     Page, from 1.
	 * @param int $per_page Entries per page.
	 * @return array<int, array<string, mixed>> Entries with user_id added.
	 */
	public function recent( int $page, int $per_page ): array {
		global $wpdb;
		$offset = max( 0, $page - 1 ) * $per_page;
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- core has no query across users' meta rows.
		$rows    = $wpdb->get_results( $wpdb->prepare( "SELECT user_id, meta_value FROM {$wpdb->usermeta} WHERE meta_key = %s ORDER BY umeta_id DESC LIMIT %d OFFSET %d", self::META, $per_page, $offset ) );
		$entries = array();
		foreach ( is_array( $rows ) ? $rows : array() as $row ) {
			$entry = maybe_unserialize( $row->meta_value );
			if ( is_array( $entry ) ) {
				$entries[] = array_merge( $entry, array( 'user_id' => (int) $row->user_id ) );
			}
		}
		return $entries;
	}

	/**
	 * How many entries there are.
	 *
	 * @return int
	 */
	public function count(): int {
		global $wpdb;
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery
		return (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$wpdb->usermeta} WHERE meta_key = %s", self::META ) );
	}

	/**
	 * Deletes a user's entries beyond the newest KEEP_PER_USER.
	 *
	 * @param int $user_id User id.
	 */
	private function trim( int $user_id ): void {
		global $wpdb;
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery
		$old = $wpdb->get_col( $wpdb->prepare( "SELECT umeta_id FROM {$wpdb->usermeta} WHERE user_id = %d AND meta_key = %s ORDER BY umeta_id DESC LIMIT 1000 OFFSET %d", $user_id, self::META, self::KEEP_PER_USER ) );
		foreach ( $old as $meta_id ) {
			delete_metadata_by_mid( 'user', (int) $meta_id );
		}
	}
}
