<?php
/**
 * Plugin Name: sfwp test hook counter
 * Description: Counts the hooks other plugins rely on (user_register, profile_update,
 * save_post, added_post_meta, …) while the option `sfwp_test_count_hooks` is on, and shows
 * the counts at `sfwp-test/v1/hook-counts`. With the option off it adds no hook at all.
 */

defined( 'ABSPATH' ) || exit;

/**
 * Option holding the counts (not autoloaded).
 */
const SFWP_TEST_HOOK_COUNTS = 'sfwp_test_hook_counts';

add_action(
	'rest_api_init',
	static function () {
		register_rest_route(
			'sfwp-test/v1',
			'/hook-counts',
			array(
				array(
					'methods'             => 'GET',
					'callback'            => static function () {
						return rest_ensure_response( (object) get_option( SFWP_TEST_HOOK_COUNTS, array() ) );
					},
					'permission_callback' => static function () {
						return current_user_can( 'manage_options' );
					},
				),
				array(
					// Switches counting on (from zero) or off (keeping the counts).
					'methods'             => 'PUT',
					'callback'            => static function ( WP_REST_Request $request ) {
						update_option( 'sfwp_test_count_hooks', $request['enabled'] ? '1' : '0' );
						if ( $request['enabled'] ) {
							update_option( SFWP_TEST_HOOK_COUNTS, array(), false );
						}
						return rest_ensure_response( array( 'enabled' => (bool) $request['enabled'] ) );
					},
					'permission_callback' => static function () {
						return current_user_can( 'manage_options' );
					},
					'args'                => array(
						'enabled' => array(
							'type'     => 'boolean',
							'required' => true,
						),
					),
				),
			)
		);
	}
);

if ( '1' === get_option( 'sfwp_test_count_hooks' ) ) {
	$GLOBALS['sfwp_test_hook_counts'] = array();
	$sfwp_count                       = static function ( string $key ): void {
		$GLOBALS['sfwp_test_hook_counts'][ $key ] = ( $GLOBALS['sfwp_test_hook_counts'][ $key ] ?? 0 ) + 1;
	};
	foreach ( array( 'user_register', 'profile_update', 'delete_user', 'deleted_user', 'rest_insert_user', 'rest_after_insert_user', 'rest_delete_user', 'wp_insert_post', 'wp_after_insert_post', 'rest_insert_organization', 'rest_after_insert_organization', 'sfwp_change_recorded', 'sfwp_bulk_item_processed' ) as $sfwp_hook ) {
		add_action(
			$sfwp_hook,
			static function () use ( $sfwp_count, $sfwp_hook ) {
				$sfwp_count( $sfwp_hook );
			}
		);
	}
	add_action(
		'save_post',
		static function ( $post_id, $post ) use ( $sfwp_count ) {
			$sfwp_count( 'save_post:' . $post->post_type );
		},
		10,
		2
	);
	foreach ( array( 'added_post_meta', 'updated_post_meta', 'added_user_meta', 'updated_user_meta' ) as $sfwp_hook ) {
		add_action(
			$sfwp_hook,
			static function ( $meta_id, $object_id, $meta_key ) use ( $sfwp_count, $sfwp_hook ) {
				$sfwp_count( $sfwp_hook . ':' . $meta_key );
			},
			10,
			3
		);
	}
	// After the request's own writes (the bulk route has committed by then).
	add_action(
		'shutdown',
		static function () {
			if ( array() === $GLOBALS['sfwp_test_hook_counts'] ) {
				return;
			}
			$counts = get_option( SFWP_TEST_HOOK_COUNTS, array() );
			foreach ( $GLOBALS['sfwp_test_hook_counts'] as $key => $count ) {
				$counts[ $key ] = ( $counts[ $key ] ?? 0 ) + $count;
			}
			update_option( SFWP_TEST_HOOK_COUNTS, $counts, false );
		},
		PHP_INT_MAX
	);
}
