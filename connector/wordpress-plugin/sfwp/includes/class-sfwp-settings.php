<?php
/**
 * The plugin's settings: one autoloaded option, `sfwp_settings`.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Reads and writes the settings; the only place that knows the secret.
 */
final class SFWP_Settings {

	/**
	 * Option that holds every setting.
	 */
	const OPTION = 'sfwp_settings';

	/**
	 * wp-config.php constant that, when defined, overrides the stored shared secret.
	 */
	const SECRET_CONSTANT = 'SFWP_SHARED_SECRET';

	/**
	 * Shortest accepted shared secret.
	 */
	const MIN_SECRET_LENGTH = 32;

	/**
	 * Longest accepted shared secret.
	 */
	const MAX_SECRET_LENGTH = 1024;

	/**
	 * Default settings; also what a fresh activation stores.
	 *
	 * @return array<string, mixed>
	 */
	public static function defaults(): array {
		return array(
			'post_types'        => array( 'post', 'page' ),
			'meta'              => array(),
			'html_meta_keys'    => array(),
			'url_meta_keys'     => array(),
			'list_meta_keys'    => array(),
			'webhook_url'       => null,
			'shared_secret'     => '',
			'connector_user_id' => 0,
			'retention_days'    => 7,
		);
	}

	/**
	 * Stores the defaults when there are no settings yet.
	 */
	public function ensure_stored(): void {
		if ( false === get_option( self::OPTION ) ) {
			add_option( self::OPTION, self::defaults(), '', 'yes' );
		}
	}

	/**
	 * Every setting, normalised, secret included.
	 *
	 * @return array<string, mixed>
	 */
	public function all(): array {
		$stored = get_option( self::OPTION, array() );
		return self::normalize( array_merge( self::defaults(), is_array( $stored ) ? $stored : array() ) );
	}

	/**
	 * One setting.
	 *
	 * @param string $key Setting name.
	 * @return mixed
	 */
	public function get( string $key ) {
		$all = $this->all();
		return $all[ $key ] ?? null;
	}

	/**
	 * Replaces the given settings and keeps the others.
	 *
	 * @param array<string, mixed> $changes Already validated values.
	 * @return array<string, mixed> The stored settings.
	 */
	public function update( array $changes ): array {
		$next = self::normalize( array_merge( $this->all(), array_intersect_key( $changes, self::defaults() ) ) );
		update_option( self::OPTION, $next, 'yes' );
		return $next;
	}

	/**
	 * Post types whose changes are recorded.
	 *
	 * @return string[]
	 */
	public function tracked_post_types(): array {
		return $this->get( 'post_types' );
	}

	/**
	 * Whether changes to posts of this type are recorded.
	 *
	 * @param string $post_type Post type slug.
	 * @return bool
	 */
	public function is_tracked_post_type( string $post_type ): bool {
		return 'revision' !== $post_type && in_array( $post_type, $this->tracked_post_types(), true );
	}

	/**
	 * The keys one of the per-object-type key lists (`meta`, `html_meta_keys`,
	 * `url_meta_keys`, `list_meta_keys`) names for an object type.
	 *
	 * @param string $setting     Setting name.
	 * @param string $object_type `user` or a post type.
	 * @return string[]
	 */
	public function meta_keys_of( string $setting, string $object_type ): array {
		$lists = $this->get( $setting );
		return is_array( $lists ) && isset( $lists[ $object_type ] ) ? $lists[ $object_type ] : array();
	}

	/**
	 * The shared secret: the wp-config.php constant when defined, else the stored one.
	 *
	 * @return string Empty when none is set.
	 */
	public function shared_secret(): string {
		if ( defined( self::SECRET_CONSTANT ) ) {
			return (string) constant( self::SECRET_CONSTANT );
		}
		return (string) $this->get( 'shared_secret' );
	}

	/**
	 * Where the shared secret comes from.
	 *
	 * @return string|null "constant", "option" or null when there is none.
	 */
	public function shared_secret_source(): ?string {
		if ( defined( self::SECRET_CONSTANT ) && '' !== (string) constant( self::SECRET_CONSTANT ) ) {
			return 'constant';
		}
		if ( defined( self::SECRET_CONSTANT ) ) {
			return null;
		}
		return '' === (string) $this->get( 'shared_secret' ) ? null : 'option';
	}

	/**
	 * The settings as REST shows them: never the secret, only whether one is set.
	 *
	 * @return array<string, mixed>
	 */
	public function public_view(): array {
		$all = $this->all();
		return array(
			'post_types'        => $all['post_types'],
			'meta'              => (object) $all['meta'],
			'html_meta_keys'    => (object) $all['html_meta_keys'],
			'url_meta_keys'     => (object) $all['url_meta_keys'],
			'list_meta_keys'    => (object) $all['list_meta_keys'],
			'webhook_url'       => $all['webhook_url'],
			'shared_secret_set' => '' !== $this->shared_secret(),
			'connector_user_id' => $all['connector_user_id'],
			'retention_days'    => $all['retention_days'],
		);
	}

	/**
	 * Brings stored values to their documented types.
	 *
	 * @param array<string, mixed> $settings Raw settings.
	 * @return array<string, mixed>
	 */
	private static function normalize( array $settings ): array {
		$webhook_url = is_string( $settings['webhook_url'] ) && '' !== $settings['webhook_url'] ? $settings['webhook_url'] : null;
		return array(
			'post_types'        => array_values( array_unique( array_map( 'strval', (array) $settings['post_types'] ) ) ),
			'meta'              => self::normalize_key_lists( $settings['meta'] ),
			'html_meta_keys'    => self::normalize_key_lists( $settings['html_meta_keys'] ),
			'url_meta_keys'     => self::normalize_key_lists( $settings['url_meta_keys'] ),
			'list_meta_keys'    => self::normalize_key_lists( $settings['list_meta_keys'] ),
			'webhook_url'       => $webhook_url,
			'shared_secret'     => is_string( $settings['shared_secret'] ) ? $settings['shared_secret'] : '',
			'connector_user_id' => max( 0, (int) $settings['connector_user_id'] ),
			'retention_days'    => min( 365, max( 1, (int) $settings['retention_days'] ) ),
		);
	}

	/**
	 * Brings an object type => meta keys map to its documented shape.
	 *
	 * @param mixed $lists Raw map.
	 * @return array<string, string[]>
	 */
	private static function normalize_key_lists( $lists ): array {
		$normalized = array();
		if ( is_array( $lists ) ) {
			foreach ( $lists as $object_type => $keys ) {
				if ( is_string( $object_type ) && is_array( $keys ) ) {
					$normalized[ $object_type ] = array_values( array_unique( array_map( 'strval', $keys ) ) );
				}
			}
		}
		return $normalized;
	}
}
