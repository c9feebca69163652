<?php
/**
 * `GET` and `PUT`/`POST sfwp/v1/settings`.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Reads and changes the settings. The shared secret is write-only.
 *
 * Parameter types are checked by WordPress before the permission check; everything that
 * looks at the site (do these post types and users exist?) is checked in the callback,
 * after it, so anonymous callers learn nothing about the site.
 */
final class SFWP_REST_Settings_Controller extends SFWP_REST_Controller {

	/**
	 * Settings that may be set to null (cleared).
	 */
	const NULLABLE = array( 'webhook_url', 'shared_secret' );

	/**
	 * What a meta key may look like.
	 */
	const META_KEY_PATTERN = '/^[A-Za-z0-9][A-Za-z0-9_.:\-]{0,254}$/';

	/**
	 * Settings.
	 *
	 * @var SFWP_Settings
	 */
	private SFWP_Settings $settings;

	/**
	 * Knows which user meta keys are WordPress's own.
	 *
	 * @var SFWP_User_Watcher
	 */
	private SFWP_User_Watcher $users;

	/**
	 * Constructor.
	 *
	 * @param SFWP_Settings     $settings Settings.
	 * @param SFWP_User_Watcher $users    User watcher.
	 */
	public function __construct( SFWP_Settings $settings, SFWP_User_Watcher $users ) {
		$this->settings  = $settings;
		$this->users     = $users;
		$this->rest_base = 'settings';
	}

	/**
	 * Registers the route.
	 */
	public function register_routes() {
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base,
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_item' ),
					'permission_callback' => array( $this, 'permissions_check' ),
					'args'                => array(),
				),
				array(
					'methods'             => WP_REST_Server::EDITABLE,
					'callback'            => array( $this, 'update_item' ),
					'permission_callback' => array( $this, 'permissions_check' ),
					'args'                => $this->update_args(),
				),
			)
		);
	}

	/**
	 * `GET /settings`.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public function get_item( $request ) {
		return rest_ensure_response( $this->settings->public_view() );
	}

	/**
	 * `PUT /settings`: replaces the settings given, keeps the others.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function update_item( $request ) {
		$changes = array();
		$errors  = array();
		foreach ( array_keys( $this->update_args() ) as $name ) {
			if ( ! $request->has_param( $name ) ) {
				continue;
			}
			$checked = $this->check( $name, $request->get_param( $name ) );
			if ( is_wp_error( $checked ) ) {
				$errors[ $name ] = $checked->get_error_message();
			} else {
				$changes[ $name ] = $checked;
			}
		}
		if ( array() !== $errors ) {
			return $this->invalid_params( $errors );
		}
		$this->settings->update( $changes );
		return rest_ensure_response( $this->settings->public_view() );
	}

	/**
	 * Nulls are refused for settings that cannot be cleared; the rest is WordPress's
	 * schema sanitising.
	 *
	 * @param mixed           $value   Value.
	 * @param WP_REST_Request $request Request.
	 * @param string          $param   Parameter name.
	 * @return mixed|WP_Error
	 */
	public function sanitize_arg( $value, $request, $param ) {
		if ( null === $value && in_array( $param, self::NULLABLE, true ) ) {
			return null;
		}
		if ( null === $value ) {
			/* translators: %s: Parameter name. */
			return new WP_Error( 'rest_invalid_type', sprintf( __( '%s must not be null.', 'sfwp' ), $param ) );
		}
		return rest_sanitize_request_arg( $value, $request, $param );
	}

	/**
	 * Parameters of an update, all optional.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	private function update_args(): array {
		$args = array(
			'post_types'        => array(
				'description' => __( 'Post types whose changes are recorded.', 'sfwp' ),
				'type'        => 'array',
				'items'       => array( 'type' => 'string' ),
			),
			'meta'              => array(
				'description'          => __( 'Meta keys to register for REST, per object type (user or a post type).', 'sfwp' ),
				'type'                 => 'object',
				'additionalProperties' => array(
					'type'  => 'array',
					'items' => array( 'type' => 'string' ),
				),
			),
			'html_meta_keys'    => array(
				'description'          => __( 'Meta keys whose connector-written values are HTML (filtered by the post rules), per object type; `description` for users stands for the user description.', 'sfwp' ),
				'type'                 => 'object',
				'additionalProperties' => array(
					'type'  => 'array',
					'items' => array( 'type' => 'string' ),
				),
			),
			'url_meta_keys'     => array(
				'description'          => __( 'Meta keys whose connector-written values are URLs (esc_url_raw with the allowed protocols), per object type.', 'sfwp' ),
				'type'                 => 'object',
				'additionalProperties' => array(
					'type'  => 'array',
					'items' => array( 'type' => 'string' ),
				),
			),
			'list_meta_keys'    => array(
				'description'          => __( 'Meta keys that hold a list of strings (a set, such as the tags content access reads), per object type; registered as arrays.', 'sfwp' ),
				'type'                 => 'object',
				'additionalProperties' => array(
					'type'  => 'array',
					'items' => array( 'type' => 'string' ),
				),
			),
			'webhook_url'       => array(
				'description' => __( 'http(s) URL woken by a signed POST after WordPress changes, or null.', 'sfwp' ),
				'type'        => array( 'string', 'null' ),
			),
			'shared_secret'     => array(
				'description' => __( 'Secret for origin and webhook signatures (write-only), or null.', 'sfwp' ),
				'type'        => array( 'string', 'null' ),
				'minLength'   => SFWP_Settings::MIN_SECRET_LENGTH,
				'maxLength'   => SFWP_Settings::MAX_SECRET_LENGTH,
			),
			'connector_user_id' => array(
				'description' => __( "The connector's user; its changes are origin=connector. 0 for none.", 'sfwp' ),
				'type'        => 'integer',
				'minimum'     => 0,
				'maximum'     => PHP_INT_MAX,
			),
			'retention_days'    => array(
				'description' => __( 'Days an acknowledged change is kept.', 'sfwp' ),
				'type'        => 'integer',
				'minimum'     => 1,
				'maximum'     => 365,
			),
		);
		foreach ( $args as $name => $arg ) {
			$args[ $name ]['validate_callback'] = 'rest_validate_request_arg';
			$args[ $name ]['sanitize_callback'] = array( $this, 'sanitize_arg' );
		}
		return $args;
	}

	/**
	 * Checks one setting against the site and returns the value to store.
	 *
	 * @param string $name  Setting.
	 * @param mixed  $value Value, already of the schema's type.
	 * @return mixed|WP_Error
	 */
	private function check( string $name, $value ) {
		switch ( $name ) {
			case 'post_types':
				foreach ( $value as $post_type ) {
					$error = $this->check_post_type( $post_type );
					if ( null !== $error ) {
						return $error;
					}
				}
				return array_values( array_unique( $value ) );
			case 'meta':
			case 'html_meta_keys':
			case 'url_meta_keys':
			case 'list_meta_keys':
				return $this->check_meta( $value );
			case 'webhook_url':
				return $this->check_webhook_url( $value );
			case 'shared_secret':
				return $this->check_secret( $value );
			case 'connector_user_id':
				if ( $value > 0 && false === get_userdata( $value ) ) {
					/* translators: %d: User id. */
					return new WP_Error( 'sfwp_invalid_user', sprintf( __( 'There is no user %d.', 'sfwp' ), $value ) );
				}
				return (int) $value;
			default:
				return (int) $value;
		}
	}

	/**
	 * Refuses unregistered post types and revisions.
	 *
	 * @param string $post_type Post type slug.
	 * @return WP_Error|null
	 */
	private function check_post_type( string $post_type ): ?WP_Error {
		if ( 'revision' === $post_type || ! post_type_exists( $post_type ) ) {
			/* translators: %s: Post type. */
			return new WP_Error( 'sfwp_invalid_post_type', sprintf( __( '%s is not a registered post type.', 'sfwp' ), $post_type ) );
		}
		return null;
	}

	/**
	 * Checks the meta map: object types must be `user` or registered post types; keys must
	 * not be protected (`_`) or WordPress's own user keys.
	 *
	 * @param array $meta Object type => keys.
	 * @return array<string, string[]>|WP_Error
	 */
	private function check_meta( array $meta ) {
		$checked = array();
		foreach ( $meta as $object_type => $keys ) {
			$object_type = (string) $object_type;
			if ( 'user' !== $object_type ) {
				$error = $this->check_post_type( $object_type );
				if ( null !== $error ) {
					return $error;
				}
			}
			foreach ( $keys as $key ) {
				if ( '' !== $key && '_' === $key[0] ) {
					/* translators: %s: Meta key. */
					return new WP_Error( 'sfwp_protected_meta_key', sprintf( __( '%s is a protected meta key (it starts with an underscore).', 'sfwp' ), $key ) );
				}
				if ( 1 !== preg_match( self::META_KEY_PATTERN, $key ) ) {
					/* translators: %s: Meta key. */
					return new WP_Error( 'sfwp_invalid_meta_key', sprintf( __( '%s is not a usable meta key (letters, digits, _ . : - only).', 'sfwp' ), $key ) );
				}
				if ( 'user' === $object_type && $this->users->is_ignored_meta_key( $key ) ) {
					/* translators: %s: Meta key. */
					return new WP_Error( 'sfwp_protected_meta_key', sprintf( __( '%s is kept by WordPress itself and cannot be exposed.', 'sfwp' ), $key ) );
				}
			}
			$checked[ $object_type ] = array_values( array_unique( $keys ) );
		}
		return $checked;
	}

	/**
	 * An http(s) URL, or null to clear.
	 *
	 * @param string|null $url URL.
	 * @return string|null|WP_Error
	 */
	private function check_webhook_url( ?string $url ) {
		if ( null === $url || '' === $url ) {
			return null;
		}
		$scheme = strtolower( (string) wp_parse_url( $url, PHP_URL_SCHEME ) );
		$host   = (string) wp_parse_url( $url, PHP_URL_HOST );
		$clean  = esc_url_raw( $url, array( 'http', 'https' ) );
		if ( false === filter_var( $url, FILTER_VALIDATE_URL ) || ! in_array( $scheme, array( 'http', 'https' ), true ) || '' === $host || '' === $clean ) {
			return new WP_Error( 'sfwp_invalid_url', __( 'webhook_url must be an http or https URL.', 'sfwp' ) );
		}
		return $clean;
	}

	/**
	 * A secret of at least MIN_SECRET_LENGTH characters, or null to clear.
	 *
	 * @param string|null $secret Secret.
	 * @return string|WP_Error
	 */
	private function check_secret( ?string $secret ) {
		if ( null === $secret ) {
			return '';
		}
		$length = strlen( $secret );
		if ( $length < SFWP_Settings::MIN_SECRET_LENGTH || $length > SFWP_Settings::MAX_SECRET_LENGTH ) {
			/* translators: %d: Minimum length. */
			return new WP_Error( 'sfwp_invalid_secret', sprintf( __( 'shared_secret must be at least %d characters long.', 'sfwp' ), SFWP_Settings::MIN_SECRET_LENGTH ) );
		}
		return $secret;
	}
}
