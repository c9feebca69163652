<?php
/**
 * The one list of what the plugin keeps in the database, and its removal.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Removes the plugin's tables, options, user meta, forms, capability and cron event from
 * the current site.
 */
final class SFWP_Uninstaller {

	/**
	 * Every option the plugin writes.
	 */
	const OPTIONS = array( SFWP_Settings::OPTION, SFWP_Schema::VERSION_OPTION, SFWP_Schema::SUBMISSIONS_VERSION_OPTION, SFWP_Change_Store::ACKED_OPTION, SFWP_Change_Store::ACKED_AT_OPTION, SFWP_REST_Heartbeat_Controller::OPTION );

	/**
	 * Every user meta key the plugin writes.
	 */
	const USER_META = array( SFWP_User_Watcher::MODIFIED_META, SFWP_Write_Precondition::VERSION_META, SFWP_Role_Change_Log::META );

	/**
	 * Every post meta key the plugin writes.
	 */
	const POST_META = array( SFWP_Write_Precondition::VERSION_META, SFWP_Content_Access::RULE_META );

	/**
	 * Removes it all.
	 */
	public static function run(): void {
		( new SFWP_Schema() )->drop();
		foreach ( self::OPTIONS as $option ) {
			delete_option( $option );
		}
		foreach ( self::USER_META as $meta_key ) {
			delete_metadata( 'user', 0, $meta_key, '', true );
		}
		foreach ( self::POST_META as $meta_key ) {
			delete_metadata( 'post', 0, $meta_key, '', true );
		}
		$form_ids = get_posts(
			array(
				'post_type'      => SFWP_Form_Post_Type::POST_TYPE,
				'post_status'    => array_keys( get_post_stati() ),
				'fields'         => 'ids',
				'posts_per_page' => -1,
			)
		);
		foreach ( $form_ids as $form_id ) {
			wp_delete_post( (int) $form_id, true );
		}
		self::delete_transients();
		( new SFWP_Capabilities() )->revoke_everywhere();
		SFWP_Pruner::unschedule();
	}

	/**
	 * Deletes the plugin's transients (wp-admin notices, form outcomes, developer API caches).
	 * They would expire on their own; uninstall leaves nothing behind. With a persistent object
	 * cache they live there instead and expire there.
	 */
	private static function delete_transients(): void {
		global $wpdb;
		$wpdb->query( // phpcs:ignore WordPress.DB.DirectDatabaseQuery -- one prefix delete at uninstall; core has no API for it.
			$wpdb->prepare(
				"DELETE FROM {$wpdb->options} WHERE option_name LIKE %s OR option_name LIKE %s",
				$wpdb->esc_like( '_transient_sfwp_' ) . '%',
				$wpdb->esc_like( '_transient_timeout_sfwp_' ) . '%'
			)
		);
	}
}
