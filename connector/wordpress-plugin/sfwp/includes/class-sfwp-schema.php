<?php
/**
 * The change table and its versioned creation and upgrade through dbDelta.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Owns the `{prefix}sfwp_changes` table.
 */
final class SFWP_Schema {

	/**
	 * Version of the table definition below; raise it whenever the definition changes.
	 */
	const VERSION = 1;

	/**
	 * Option holding the version of the table as it exists in the database.
	 */
	const VERSION_OPTION = 'sfwp_db_version';

	/**
	 * Table name without the site's prefix.
	 */
	const TABLE = 'sfwp_changes';

	/**
	 * The table's full name on the current site.
	 *
	 * @return string
	 */
	public static function table_name(): string {
		global $wpdb;
		return $wpdb->prefix . self::TABLE;
	}

	/**
	 * The version stored in the database, 0 when the table was never created.
	 *
	 * @return int
	 */
	public function installed_version(): int {
		return (int) get_option( self::VERSION_OPTION, 0 );
	}

	/**
	 * Whether the table is missing or older than this code.
	 *
	 * @return bool
	 */
	public function needs_upgrade(): bool {
		return $this->installed_version() < self::VERSION;
	}

	/**
	 * Creates or upgrades the table and records the version.
	 */
	public function install(): void {
		global $wpdb;
		require_once ABSPATH . 'wp-admin/includes/upgrade.php';

		$table   = self::table_name();
		$charset = $wpdb->get_charset_collate();
		// dbDelta's format: one column per line, two spaces after PRIMARY KEY.
		dbDelta(
			"CREATE TABLE {$table} (
  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  object_type varchar(32) NOT NULL,
  object_id bigint(20) unsigned NOT NULL,
  operation varchar(16) NOT NULL,
  origin varchar(16) NOT NULL,
  changed_at datetime(6) NOT NULL,
  PRIMARY KEY  (id),
  KEY object (object_type,object_id)
) {$charset};"
		);
		update_option( self::VERSION_OPTION, (string) self::VERSION, 'yes' );
	}

	/**
	 * Drops the table (uninstall only).
	 */
	public function drop(): void {
		global $wpdb;
		$table = self::table_name();
		// The name comes from the site's prefix, never from input.
		$wpdb->query( "DROP TABLE IF EXISTS {$table}" ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.SchemaChange
	}
}
