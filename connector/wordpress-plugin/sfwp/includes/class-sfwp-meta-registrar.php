<?php
/**
 * Registers the meta keys named in the settings so REST can read and write them.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Turns `sfwp_settings['meta']` into register_meta() calls: single string values shown in
 * REST in the `edit` context only, writable by whoever may edit the object. Keys someone
 * else registered are left as they are.
 */
final class SFWP_Meta_Registrar {

	/**
	 * Settings.
	 *
	 * @var SFWP_Settings
	 */
	private SFWP_Settings $settings;

	/**
	 * Constructor.
	 *
	 * @param SFWP_Settings $settings Settings.
	 */
	public function __construct( SFWP_Settings $settings ) {
		$this->settings = $settings;
	}

	/**
	 * Adds the hook; late on init, so other plugins' own registrations come first.
	 */
	public function register(): void {
		add_action( 'init', array( $this, 'register_meta' ), 20 );
	}

	/**
	 * Registers every configured key.
	 */
	public function register_meta(): void {
		foreach ( $this->settings->get( 'meta' ) as $object_type => $keys ) {
			foreach ( $keys as $meta_key ) {
				if ( '' === $meta_key || '_' === $meta_key[0] ) {
					continue;
				}
				if ( 'user' === $object_type ) {
					if ( ! registered_meta_key_exists( 'user', $meta_key ) && ! registered_meta_key_exists( 'user', $meta_key, 'user' ) ) {
						register_meta( 'user', $meta_key, $this->args( 'edit_user' ) );
					}
				} elseif ( ! registered_meta_key_exists( 'post', $meta_key ) && ! registered_meta_key_exists( 'post', $meta_key, $object_type ) ) {
					register_post_meta( $object_type, $meta_key, $this->args( 'edit_post' ) );
				}
			}
		}
	}

	/**
	 * Arguments for one key.
	 *
	 * @param string $capability Meta capability checked against the object.
	 * @return array<string, mixed>
	 */
	private function args( string $capability ): array {
		return array(
			'type'          => 'string',
			'single'        => true,
			// Shown only to readers who may edit the object, never in public responses.
			'show_in_rest'  => array(
				'schema' => array( 'context' => array( 'edit' ) ),
			),
			'auth_callback' => static function ( $allowed, $meta_key, $object_id ) use ( $capability ) {
				return current_user_can( $capability, (int) $object_id );
			},
		);
	}
}
