<?php
/**
 * Plugin Name: sfwp test bulk faults
 * Description: Faults for the bulk route's tests. A user field `sfwp_test_refuse` whose
 * update fails after the user was written (so the item must be rolled back), and, on a
 * request with the header `X-Sfwp-Test-Die-After: <n>`, the PHP process killing itself once
 * n items of `sfwp/v1/bulk` were processed, as a crashed worker would die; with
 * `X-Sfwp-Test-Lock-Wait: <seconds>`, the bulk route waits that long for an email's lock.
 * Local sites only.
 */

defined( 'ABSPATH' ) || exit;

if ( 'local' === wp_get_environment_type() ) {
	add_action(
		'rest_api_init',
		static function () {
			register_rest_field(
				'user',
				'sfwp_test_refuse',
				array(
					'get_callback'    => static function () {
						return false;
					},
					'update_callback' => static function ( $value ) {
						return $value
							? new WP_Error( 'sfwp_test_refused', 'The test field refuses this write.', array( 'status' => 422 ) )
							: true;
					},
					'schema'          => array(
						'type'    => 'boolean',
						'context' => array( 'edit' ),
					),
				)
			);
		}
	);

	$sfwp_die_after = isset( $_SERVER['HTTP_X_SFWP_TEST_DIE_AFTER'] ) ? (int) $_SERVER['HTTP_X_SFWP_TEST_DIE_AFTER'] : 0;
	if ( $sfwp_die_after > 0 ) {
		add_action(
			'sfwp_bulk_item_processed',
			static function ( $index ) use ( $sfwp_die_after ) {
				if ( $index + 1 < $sfwp_die_after ) {
					return;
				}
				if ( function_exists( 'posix_kill' ) ) {
					posix_kill( getmypid(), 9 );
				}
				exit( 1 );
			}
		);
	}

	$sfwp_lock_wait = isset( $_SERVER['HTTP_X_SFWP_TEST_LOCK_WAIT'] ) ? (int) $_SERVER['HTTP_X_SFWP_TEST_LOCK_WAIT'] : 0;
	if ( $sfwp_lock_wait > 0 ) {
		add_filter(
			'sfwp_bulk_identity_lock_wait',
			static function () use ( $sfwp_lock_wait ) {
				return $sfwp_lock_wait;
			}
		);
	}
}
