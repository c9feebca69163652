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
 *
 * `sfwp_settings['list_meta_keys']` names keys that hold a list of strings (a set: member
 * tags, interests). They are registered first, as single arrays of strings; each element is
 * trimmed, at most MAX_ELEMENT_LENGTH characters, and kept once. A user's list decides what
 * they may read (SFWP_Content_Access), so on users it is written only by those who may
 * change other users' roles (`promote_users`), never by the member themselves.
 */
final class SFWP_Meta_Registrar {

	/**
	 * Longest element of a list meta value, in characters.
	 */
	const MAX_ELEMENT_LENGTH = 255;

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
		foreach ( $this->settings->get( 'list_meta_keys' ) as $object_type => $keys ) {
			foreach ( $keys as $meta_key ) {
				$this->register_key( (string) $object_type, (string) $meta_key, $this->list_args( 'user' === $object_type ? 'promote_user' : 'edit_post' ) );
			}
		}
		foreach ( $this->settings->get( 'meta' ) as $object_type => $keys ) {
			foreach ( $keys as $meta_key ) {
				$this->register_key( (string) $object_type, (string) $meta_key, $this->args( 'user' === $object_type ? 'edit_user' : 'edit_post' ) );
			}
		}
	}

	/**
	 * Registers one key unless it is protected or someone registered it already.
	 *
	 * @param string               $object_type `user` or a post type.
	 * @param string               $meta_key    Meta key.
	 * @param array<string, mixed> $args        register_meta() arguments.
	 */
	private function register_key( string $object_type, string $meta_key, array $args ): void {
		if ( '' === $meta_key || '_' === $meta_key[0] ) {
			return;
		}
		if ( 'user' === $object_type ) {
			if ( ! registered_meta_key_exists( 'user', $meta_key ) && ! registered_meta_key_exists( 'user', $meta_key, 'user' ) ) {
				register_meta( 'user', $meta_key, $args );
			}
		} elseif ( ! registered_meta_key_exists( 'post', $meta_key ) && ! registered_meta_key_exists( 'post', $meta_key, $object_type ) ) {
			register_post_meta( $object_type, $meta_key, $args );
		}
	}

	/**
	 * Arguments for a list key.
	 *
	 * @param string $capability Meta capability checked against the object.
	 * @return array<string, mixed>
	 */
	private function list_args( string $capability ): array {
		$items = array(
			'type'      => 'string',
			'maxLength' => self::MAX_ELEMENT_LENGTH,
		);
		return array(
			'type'              => 'array',
			'single'            => true,
			'default'           => array(),
			'sanitize_callback' => array( self::class, 'sanitize_list' ),
			// Shown only to readers who may edit the object, never in public responses.
			'show_in_rest'      => array(
				'schema' => array(
					'type'    => 'array',
					'items'   => $items,
					'context' => array( 'edit' ),
				),
			),
			'auth_callback'     => static function ( $allowed, $meta_key, $object_id ) use ( $capability ) {
				return current_user_can( $capability, (int) $object_id );
			},
		);
	}

	/**
	 * A list value as stored: strings, trimmed, without tags, at most MAX_ELEMENT_LENGTH
	 * characters each (REST refuses longer ones before this runs), no empty ones, each once.
	 *
	 * @param mixed $value Value being written.
	 * @return string[]
	 */
	public static function sanitize_list( $value ): array {
		$list = array();
		foreach ( is_array( $value ) ? $value : array( $value ) as $element ) {
			if ( ! is_scalar( $element ) ) {
				continue;
			}
			$element = trim( wp_strip_all_tags( wp_check_invalid_utf8( (string) $element ) ) );
			$element = trim( mb_substr( $element, 0, self::MAX_ELEMENT_LENGTH ) );
			if ( '' !== $element ) {
				$list[ $element ] = $element;
			}
		}
		return array_values( $list );
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
