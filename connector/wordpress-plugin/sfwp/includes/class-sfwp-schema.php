<?php
/**
 * The plugin's tables (changes, form submissions) and their versioned creation and upgrade
 * through dbDelta.
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
	const VERSION = 3;

	/**
	 * Option holding the version of the table as it exists in the database.
	 */
	const VERSION_OPTION = 'sfwp_db_version';

	/**
	 * Table name without the site's prefix.
	 */
	const TABLE = 'sfwp_changes';

	/**
	 * Form submissions table name without the site's prefix.
	 */
	const SUBMISSIONS_TABLE = 'sfwp_form_submissions';

	/**
	 * Version of the submissions table's definition; it has its own, so the change table's
	 * version (which the status route reports) stays the change table's.
	 */
	const SUBMISSIONS_VERSION = 1;

	/**
	 * Option holding the version of the submissions table as it exists in the database.
	 */
	const SUBMISSIONS_VERSION_OPTION = 'sfwp_forms_db_version';

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
	 * The form submissions table's full name on the current site.
	 *
	 * @return string
	 */
	public static function submissions_table_name(): string {
		global $wpdb;
		return $wpdb->prefix . self::SUBMISSIONS_TABLE;
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
	 * Whether a table is missing or older than this code.
	 *
	 * @return bool
	 */
	public function needs_upgrade(): bool {
		return $this->installed_version() < self::VERSION
			|| (int) get_option( self::SUBMISSIONS_VERSION_OPTION, 0 ) < self::SUBMISSIONS_VERSION;
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
  reason varchar(16) NOT NULL DEFAULT '',
  source_org varchar(40) NOT NULL DEFAULT '',
  changed_at datetime(6) NOT NULL,
  PRIMARY KEY  (id),
  KEY object (object_type,object_id)
) {$charset};"
		);
		$submissions = self::submissions_table_name();
		// The visitor's IP is kept only as a keyed hash (rate limit, abuse review).
		dbDelta(
			"CREATE TABLE {$submissions} (
  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  form_id bigint(20) unsigned NOT NULL,
  fields longtext NOT NULL,
  consent tinyint(1) NOT NULL DEFAULT 0,
  utm_source varchar(255) NOT NULL DEFAULT '',
  utm_medium varchar(255) NOT NULL DEFAULT '',
  utm_campaign varchar(255) NOT NULL DEFAULT '',
  utm_term varchar(255) NOT NULL DEFAULT '',
  utm_content varchar(255) NOT NULL DEFAULT '',
  page_url text NOT NULL,
  ip_hash char(64) NOT NULL DEFAULT '',
  status varchar(16) NOT NULL DEFAULT 'pending',
  salesforce_id varchar(18) NOT NULL DEFAULT '',
  message text NOT NULL,
  created_at datetime NOT NULL,
  updated_at datetime NOT NULL,
  PRIMARY KEY  (id),
  KEY form_status (form_id,status),
  KEY ip_created (ip_hash,created_at)
) {$charset};"
		);
		update_option( self::VERSION_OPTION, (string) self::VERSION, 'yes' );
		update_option( self::SUBMISSIONS_VERSION_OPTION, (string) self::SUBMISSIONS_VERSION, 'yes' );
	}

	/**
	 * Drops the tables (uninstall only).
	 */
	public function drop(): void {
		global $wpdb;
		foreach ( array( self::table_name(), self::submissions_table_name() ) as $table ) {
			// The name comes from the site's prefix, never from input.
			$wpdb->query( "DROP TABLE IF EXISTS {$table}" ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.SchemaChange
		}
	}
}
