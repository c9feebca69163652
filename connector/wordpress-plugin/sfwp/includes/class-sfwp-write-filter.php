<?php
/**
 * Applies WordPress's own filtering to everything the connector writes.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Salesforce data is untrusted input to WordPress: anyone who may edit a record in Salesforce
 * would otherwise write markup into the site through the connector's account, which is often
 * an administrator with `unfiltered_html`. So for every request whose origin is the connector
 * (see SFWP_Origin; this includes the requests inside one `/batch/v1` call) this class filters
 * the way WordPress filters a user without `unfiltered_html`, whatever the connector user's
 * capabilities:
 *
 * - post content, excerpt and filtered content: `wp_filter_post_kses` (core's
 *   `kses_init_filters()`);
 * - post titles: no tags at all (`wp_filter_nohtml_kses`, after core's `wp_filter_kses`);
 * - user names, nickname and display name, email and URL: core already filters these for
 *   every user (`sanitize_text_field`, `wp_filter_kses`, `esc_url_raw`), so nothing is added;
 * - the user description: no tags, unless `html_meta_keys.user` lists `description` (then
 *   core's `wp_filter_kses`);
 * - post and user meta listed in the settings (`meta`, `html_meta_keys`, `url_meta_keys`)
 *   and meta registered for REST: the post rules (`wp_kses_post`) for HTML keys,
 *   `esc_url_raw` with WordPress's allowed protocols for URL keys, no tags for the rest.
 *
 * Core switches kses on and off in `kses_init()` on `init` and `set_current_user` (an
 * application password user is only known once the REST server asks for it), so this class
 * runs right after it on both.
 */
final class SFWP_Write_Filter {

	/**
	 * Priority on `init` and `set_current_user`: just after core's `kses_init` (10).
	 */
	const AFTER_KSES_INIT = 11;

	/**
	 * Priority of the meta filters' registration on `init`: after SFWP_Meta_Registrar (20)
	 * and the usual registrations of themes and plugins.
	 */
	const AFTER_META_REGISTRATION = 99;

	/**
	 * HTML filtering.
	 */
	const FORMAT_HTML = 'html';

	/**
	 * URL filtering.
	 */
	const FORMAT_URL = 'url';

	/**
	 * Plain-text filtering.
	 */
	const FORMAT_TEXT = 'text';

	/**
	 * Settings.
	 *
	 * @var SFWP_Settings
	 */
	private SFWP_Settings $settings;

	/**
	 * Origin of the current request.
	 *
	 * @var SFWP_Origin
	 */
	private SFWP_Origin $origin;

	/**
	 * Whether the connector's filters are on for this request.
	 *
	 * @var bool
	 */
	private bool $filtering = false;

	/**
	 * Constructor.
	 *
	 * @param SFWP_Settings $settings Settings.
	 * @param SFWP_Origin   $origin   Origin of the current request.
	 */
	public function __construct( SFWP_Settings $settings, SFWP_Origin $origin ) {
		$this->settings = $settings;
		$this->origin   = $origin;
	}

	/**
	 * Adds the hooks.
	 */
	public function register(): void {
		add_action( 'init', array( $this, 'apply' ), self::AFTER_KSES_INIT );
		add_action( 'set_current_user', array( $this, 'apply' ), self::AFTER_KSES_INIT );
		add_action( 'init', array( $this, 'add_meta_filters' ), self::AFTER_META_REGISTRATION );
	}

	/**
	 * Switches the connector's filters on when the request is the connector's, off otherwise
	 * (the current user can change within a request).
	 */
	public function apply(): void {
		$connector = SFWP_Origin::CONNECTOR === $this->origin->current();
		if ( $connector ) {
			// Core's own switch, as kses_init() flips it for users without unfiltered_html.
			kses_init_filters();
			add_filter( 'title_save_pre', 'wp_filter_nohtml_kses', 11 );
			add_filter( 'pre_user_description', array( $this, 'filter_user_description' ), 11 );
		} elseif ( $this->filtering ) {
			remove_filter( 'title_save_pre', 'wp_filter_nohtml_kses', 11 );
			remove_filter( 'pre_user_description', array( $this, 'filter_user_description' ), 11 );
			// Back to what core decided for this user.
			kses_init();
		}
		$this->filtering = $connector;
	}

	/**
	 * The user description (slashed, as `wp_insert_user()` passes it): no tags, unless the
	 * mapping declares it HTML, in which case core's `wp_filter_kses` (already on the hook
	 * for every user) is all it gets.
	 *
	 * @param string $description Slashed description.
	 * @return string
	 */
	public function filter_user_description( $description ) {
		if ( self::FORMAT_HTML === $this->meta_format( 'user', 'description' ) ) {
			return $description;
		}
		return wp_filter_nohtml_kses( (string) $description );
	}

	/**
	 * Adds a sanitize filter to every meta key the connector may write: the keys in the
	 * settings and the keys registered for REST on the tracked post types and on users.
	 */
	public function add_meta_filters(): void {
		foreach ( $this->meta_keys() as $object_type => $keys ) {
			$meta_type = 'user' === $object_type ? 'user' : 'post';
			foreach ( array_keys( $keys ) as $meta_key ) {
				$this->add_meta_filter( $meta_type, $object_type, (string) $meta_key );
			}
		}
	}

	/**
	 * Filters one meta value written by the connector (`sanitize_meta()` passes it unslashed).
	 * Values of other origins, and values that are not text, pass unchanged.
	 *
	 * @param mixed  $meta_value  Meta value.
	 * @param string $meta_key    Meta key.
	 * @param string $object_type `post` or `user`.
	 * @param string $subtype     Post type, `user`, or empty.
	 * @return mixed
	 */
	public function filter_meta( $meta_value, $meta_key, $object_type, $subtype = '' ) {
		if ( ! $this->filtering || ! is_string( $meta_value ) ) {
			return $meta_value;
		}
		$format = $this->meta_format( 'user' === $object_type ? 'user' : (string) $subtype, (string) $meta_key );
		switch ( $format ) {
			case self::FORMAT_HTML:
				return wp_kses_post( $meta_value );
			case self::FORMAT_URL:
				return esc_url_raw( $meta_value, wp_allowed_protocols() );
			default:
				return wp_kses( $meta_value, 'strip' );
		}
	}

	/**
	 * How a meta key of an object type is filtered: html, url or text.
	 *
	 * @param string $object_type `user` or a post type.
	 * @param string $meta_key    Meta key.
	 * @return string
	 */
	public function meta_format( string $object_type, string $meta_key ): string {
		if ( in_array( $meta_key, $this->settings->meta_keys_of( 'html_meta_keys', $object_type ), true ) ) {
			return self::FORMAT_HTML;
		}
		if ( in_array( $meta_key, $this->settings->meta_keys_of( 'url_meta_keys', $object_type ), true ) ) {
			return self::FORMAT_URL;
		}
		return self::FORMAT_TEXT;
	}

	/**
	 * Hooks filter_meta() on the hook `sanitize_meta()` will apply. WordPress applies only the
	 * subtype's hook when one exists, so ours goes there in that case, and on the generic hook
	 * when only that one is in use (adding a subtype hook would silence the generic one).
	 *
	 * @param string $meta_type   `post` or `user`.
	 * @param string $object_type `user` or a post type.
	 * @param string $meta_key    Meta key.
	 */
	private function add_meta_filter( string $meta_type, string $object_type, string $meta_key ): void {
		$generic = "sanitize_{$meta_type}_meta_{$meta_key}";
		$subtype = "{$generic}_for_{$object_type}";
		$hook    = has_filter( $generic ) && ! has_filter( $subtype ) ? $generic : $subtype;
		if ( false === has_filter( $hook, array( $this, 'filter_meta' ) ) ) {
			add_filter( $hook, array( $this, 'filter_meta' ), 20, 4 );
		}
	}

	/**
	 * Meta keys per object type (`user` or a post type) as a set: the settings' lists, and
	 * what is registered for REST on users and the tracked post types.
	 *
	 * @return array<string, array<string, bool>>
	 */
	private function meta_keys(): array {
		$keys = array();
		foreach ( array( 'meta', 'html_meta_keys', 'url_meta_keys' ) as $setting ) {
			foreach ( (array) $this->settings->get( $setting ) as $object_type => $listed ) {
				foreach ( (array) $listed as $meta_key ) {
					$keys[ (string) $object_type ][ (string) $meta_key ] = true;
				}
			}
		}
		$registered = array( 'user' => get_registered_meta_keys( 'user' ) + get_registered_meta_keys( 'user', 'user' ) );
		foreach ( $this->settings->tracked_post_types() as $post_type ) {
			$registered[ $post_type ] = get_registered_meta_keys( 'post' ) + get_registered_meta_keys( 'post', $post_type );
		}
		foreach ( $registered as $object_type => $meta ) {
			foreach ( $meta as $meta_key => $args ) {
				if ( ! empty( $args['show_in_rest'] ) ) {
					$keys[ $object_type ][ (string) $meta_key ] = true;
				}
			}
		}
		return $keys;
	}
}
