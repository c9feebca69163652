<?php
/**
 * Conditional writes for the connector: a per-object version and the check against it.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Every user and post of a tracked type has a version, a counter in the meta
 * `_sfwp_version` that goes up once per request in which a person (`origin=wordpress`)
 * changed the object. REST shows it as `sfwp_version` (context `edit`, 0 before the first
 * change). A write by a user with `sfwp_sync` that carries `X-Sfwp-If-Version: <n>` (as a
 * header of the request, or of the sub-request inside `/batch/v1`) is refused with
 * `412 sfwp_stale_write` when the object's version is no longer n: someone changed it after
 * the connector read it, and the connector must read again and merge.
 *
 * The check and the write hold a MariaDB named lock on the object (`GET_LOCK`); a person's
 * request takes the same lock before its first write to an object and keeps it until it has
 * counted the change at `shutdown`. So a person's write lands either before the check (and
 * the check sees the new version) or after the connector's write (and is a later edit of its
 * own, in the change feed).
 */
final class SFWP_Write_Precondition {

	/**
	 * Meta holding the version (protected: never in REST as meta, never in the change feed).
	 */
	const VERSION_META = '_sfwp_version';

	/**
	 * REST field showing the version.
	 */
	const FIELD = 'sfwp_version';

	/**
	 * Request header (or batch sub-request header) with the version the write is based on.
	 */
	const HEADER = 'x_sfwp_if_version';

	/**
	 * Error code of a refused write.
	 */
	const STALE = 'sfwp_stale_write';

	/**
	 * Seconds to wait for another request's lock on the same object.
	 */
	const LOCK_WAIT = 5;

	/**
	 * Settings.
	 *
	 * @var SFWP_Settings
	 */
	private SFWP_Settings $settings;

	/**
	 * Origin of this request's changes.
	 *
	 * @var SFWP_Origin
	 */
	private SFWP_Origin $origin;

	/**
	 * Which user meta keys are WordPress's bookkeeping.
	 *
	 * @var SFWP_User_Watcher
	 */
	private SFWP_User_Watcher $users;

	/**
	 * Objects a person's request is changing: lock name => array( type, id, locked ).
	 *
	 * @var array<string, array{0: string, 1: int, 2: bool}>
	 */
	private array $touched = array();

	/**
	 * Locks held by connector writes in progress: spl_object_id of the request => lock name.
	 *
	 * @var array<int, string>
	 */
	private array $held = array();

	/**
	 * Constructor.
	 *
	 * @param SFWP_Settings     $settings Settings.
	 * @param SFWP_Origin       $origin   Origin of this request's changes.
	 * @param SFWP_User_Watcher $users    Knows WordPress's own user meta keys.
	 */
	public function __construct( SFWP_Settings $settings, SFWP_Origin $origin, SFWP_User_Watcher $users ) {
		$this->settings = $settings;
		$this->origin   = $origin;
		$this->users    = $users;
	}

	/**
	 * Adds the hooks.
	 */
	public function register(): void {
		add_action( 'rest_api_init', array( $this, 'register_fields' ) );
		add_filter( 'rest_request_before_callbacks', array( $this, 'check' ), 10, 3 );
		add_filter( 'rest_request_after_callbacks', array( $this, 'release' ), 10, 3 );
		add_filter( 'wp_pre_insert_user_data', array( $this, 'before_user_data' ), 10, 3 );
		add_action( 'delete_user', array( $this, 'before_user_change' ), 1, 1 );
		add_action( 'pre_post_update', array( $this, 'before_post_change' ), 1, 1 );
		add_action( 'wp_trash_post', array( $this, 'before_post_change' ), 1, 1 );
		add_action( 'before_delete_post', array( $this, 'before_post_change' ), 1, 1 );
		foreach ( array( 'add', 'update', 'delete' ) as $action ) {
			add_filter( "{$action}_user_metadata", array( $this, 'before_user_meta' ), 1, 3 );
			add_filter( "{$action}_post_metadata", array( $this, 'before_post_meta' ), 1, 3 );
		}
		add_action( 'shutdown', array( $this, 'finish' ), 1 );
	}

	/**
	 * Registers the read-only `sfwp_version` field on users and tracked post types.
	 */
	public function register_fields(): void {
		$schema = array(
			'description' => __( 'Version of the object: goes up with every request in which a person changed it.', 'sfwp' ),
			'type'        => 'integer',
			'context'     => array( 'edit' ),
			'readonly'    => true,
		);
		$types  = array_merge( array( 'user' ), $this->settings->tracked_post_types() );
		register_rest_field(
			$types,
			self::FIELD,
			array(
				'get_callback' => array( $this, 'get_version' ),
				'schema'       => $schema,
			)
		);
	}

	/**
	 * The field's value.
	 *
	 * @param array $prepared Object as prepared for the response.
	 * @return int
	 */
	public function get_version( $prepared ): int {
		$type = isset( $prepared['type'] ) && is_string( $prepared['type'] ) ? 'post' : 'user';
		return (int) get_metadata( $type, (int) $prepared['id'], self::VERSION_META, true );
	}

	/**
	 * Before a REST handler runs: a connector write carrying a version is refused when the
	 * object changed since; otherwise it keeps the object's lock until the handler is done.
	 *
	 * @param mixed           $response Result so far (a WP_Error stops the request).
	 * @param array           $handler  Route handler.
	 * @param WP_REST_Request $request  Request.
	 * @return mixed
	 */
	public function check( $response, $handler, $request ) {
		if ( is_wp_error( $response ) || ! $request instanceof WP_REST_Request ) {
			return $response;
		}
		$expected = $request->get_header( self::HEADER );
		if ( null === $expected || 'GET' === $request->get_method() || ! current_user_can( SFWP_Capabilities::CAPABILITY ) ) {
			return $response;
		}
		$object = $this->object_of( $request );
		if ( null === $object ) {
			return $response;
		}
		list( $type, $id ) = $object;
		$lock              = $this->lock_name( $type, $id );
		if ( ! $this->lock( $lock ) ) {
			return $this->stale( $type, $id, trim( $expected ), null );
		}
		$current = $this->stored_version( $type, $id );
		if ( trim( $expected ) !== (string) $current ) {
			$this->unlock( $lock );
			return $this->stale( $type, $id, trim( $expected ), $current );
		}
		$this->held[ spl_object_id( $request ) ] = $lock;
		return $response;
	}

	/**
	 * After a REST handler ran: releases the lock its check took.
	 *
	 * @param mixed           $response Result.
	 * @param array           $handler  Route handler.
	 * @param WP_REST_Request $request  Request.
	 * @return mixed The result, unchanged.
	 */
	public function release( $response, $handler, $request ) {
		$key = is_object( $request ) ? spl_object_id( $request ) : null;
		if ( null !== $key && isset( $this->held[ $key ] ) ) {
			$this->unlock( $this->held[ $key ] );
			unset( $this->held[ $key ] );
		}
		return $response;
	}

	/**
	 * A user's row is about to be written.
	 *
	 * @param array $data    User row.
	 * @param bool  $update  Whether the user exists.
	 * @param int   $user_id User id (null for a new user).
	 * @return array The row, unchanged.
	 */
	public function before_user_data( $data, $update, $user_id ) {
		if ( $update && $user_id ) {
			$this->before_change( SFWP_Change_Recorder::USER, (int) $user_id );
		}
		return $data;
	}

	/**
	 * A user is about to be deleted.
	 *
	 * @param int $user_id User id.
	 */
	public function before_user_change( $user_id ): void {
		$this->before_change( SFWP_Change_Recorder::USER, (int) $user_id );
	}

	/**
	 * A post is about to be updated, trashed or deleted.
	 *
	 * @param int $post_id Post id.
	 */
	public function before_post_change( $post_id ): void {
		$type = get_post_type( (int) $post_id );
		if ( is_string( $type ) && $this->settings->is_tracked_post_type( $type ) ) {
			$this->before_change( $type, (int) $post_id );
		}
	}

	/**
	 * A user meta value is about to be written.
	 *
	 * @param mixed  $check    Null to let the write go ahead.
	 * @param int    $user_id  User id.
	 * @param string $meta_key Meta key.
	 * @return mixed The check, unchanged.
	 */
	public function before_user_meta( $check, $user_id, $meta_key ) {
		global $wpdb;
		// The key first: some keys change while WordPress is still working out who is signed in.
		// The roles key is WordPress's own, but a person changing roles (set_role(), add_role())
		// changes the user: the connector merges roles as a set against this version.
		if ( ! $this->users->is_ignored_meta_key( (string) $meta_key ) || $wpdb->get_blog_prefix() . 'capabilities' === $meta_key ) {
			$this->before_change( SFWP_Change_Recorder::USER, (int) $user_id );
		}
		return $check;
	}

	/**
	 * A post meta value is about to be written.
	 *
	 * @param mixed  $check    Null to let the write go ahead.
	 * @param int    $post_id  Post id.
	 * @param string $meta_key Meta key.
	 * @return mixed The check, unchanged.
	 */
	public function before_post_meta( $check, $post_id, $meta_key ) {
		$meta_key = (string) $meta_key;
		if ( '' !== $meta_key && '_' !== $meta_key[0] ) {
			$this->before_post_change( (int) $post_id );
		}
		return $check;
	}

	/**
	 * At the end of a request: counts each object people changed, then releases its lock.
	 */
	public function finish(): void {
		foreach ( $this->touched as $lock => list( $type, $id, $locked ) ) {
			if ( $this->exists( $type, $id ) ) {
				$meta_type = SFWP_Change_Recorder::USER === $type ? 'user' : 'post';
				update_metadata( $meta_type, $id, self::VERSION_META, $this->stored_version( $type, $id ) + 1 );
			}
			if ( $locked ) {
				$this->unlock( $lock );
			}
		}
		$this->touched = array();
		foreach ( $this->held as $lock ) {
			$this->unlock( $lock );
		}
		$this->held = array();
	}

	/**
	 * A person is about to change an object: wait for a connector write on it to finish.
	 *
	 * @param string $type Object type: user or a post type.
	 * @param int    $id   Object id.
	 */
	private function before_change( string $type, int $id ): void {
		if ( $id <= 0 || doing_filter( 'determine_current_user' ) ) {
			return;
		}
		$lock = $this->lock_name( $type, $id );
		if ( isset( $this->touched[ $lock ] ) || in_array( $lock, $this->held, true ) || SFWP_Origin::CONNECTOR === $this->origin->current() ) {
			return;
		}
		// Not taking the lock (after LOCK_WAIT) must not stop a person's edit; it is still counted.
		$this->touched[ $lock ] = array( $type, $id, $this->lock( $lock ) );
	}

	/**
	 * The object a REST write targets: a user, or a post of a tracked type.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return array{0: string, 1: int}|null
	 */
	private function object_of( WP_REST_Request $request ): ?array {
		$id = (int) $request->get_param( 'id' );
		if ( $id <= 0 ) {
			return null;
		}
		if ( 1 === preg_match( '#^/wp/v2/users/\d+$#', $request->get_route() ) ) {
			return get_userdata( $id ) ? array( SFWP_Change_Recorder::USER, $id ) : null;
		}
		$type = get_post_type( $id );
		return is_string( $type ) && $this->settings->is_tracked_post_type( $type ) ? array( $type, $id ) : null;
	}

	/**
	 * Whether an object still exists.
	 *
	 * @param string $type Object type.
	 * @param int    $id   Object id.
	 * @return bool
	 */
	private function exists( string $type, int $id ): bool {
		return SFWP_Change_Recorder::USER === $type ? false !== get_userdata( $id ) : null !== get_post( $id );
	}

	/**
	 * The version as stored now, read past every cache: another request may have just changed it.
	 *
	 * @param string $type Object type.
	 * @param int    $id   Object id.
	 * @return int
	 */
	private function stored_version( string $type, int $id ): int {
		global $wpdb;
		if ( SFWP_Change_Recorder::USER === $type ) {
			// phpcs:ignore WordPress.DB.DirectDatabaseQuery
			$value = $wpdb->get_var( $wpdb->prepare( "SELECT meta_value FROM {$wpdb->usermeta} WHERE user_id = %d AND meta_key = %s LIMIT 1", $id, self::VERSION_META ) );
			wp_cache_delete( $id, 'user_meta' );
		} else {
			// phpcs:ignore WordPress.DB.DirectDatabaseQuery
			$value = $wpdb->get_var( $wpdb->prepare( "SELECT meta_value FROM {$wpdb->postmeta} WHERE post_id = %d AND meta_key = %s LIMIT 1", $id, self::VERSION_META ) );
			wp_cache_delete( $id, 'post_meta' );
		}
		return (int) $value;
	}

	/**
	 * The refusal.
	 *
	 * @param string   $type     Object type.
	 * @param int      $id       Object id.
	 * @param string   $expected Version the write was based on.
	 * @param int|null $current  Version now, or null when the object was locked too long.
	 * @return WP_Error
	 */
	private function stale( string $type, int $id, string $expected, ?int $current ): WP_Error {
		$message = null === $current
			/* translators: 1: object type, 2: object id */
			? sprintf( __( '%1$s %2$d is being changed by another request; read it again and merge.', 'sfwp' ), $type, $id )
			/* translators: 1: object type, 2: object id, 3: version the write was based on, 4: version now */
			: sprintf( __( '%1$s %2$d changed since version %3$s was read (it is at version %4$d now); read it again and merge.', 'sfwp' ), $type, $id, $expected, $current );
		return new WP_Error(
			self::STALE,
			$message,
			array(
				'status'  => 412,
				'version' => $current,
			)
		);
	}

	/**
	 * The named lock of one object (MariaDB names are at most 64 characters).
	 *
	 * @param string $type Object type.
	 * @param int    $id   Object id.
	 * @return string
	 */
	private function lock_name( string $type, int $id ): string {
		global $wpdb;
		return 'sfwp_' . md5( $wpdb->prefix . $type . ':' . $id );
	}

	/**
	 * Takes a named lock, waiting up to LOCK_WAIT seconds.
	 *
	 * @param string $lock Lock name.
	 * @return bool Whether it is held.
	 */
	private function lock( string $lock ): bool {
		global $wpdb;
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery
		return '1' === (string) $wpdb->get_var( $wpdb->prepare( 'SELECT GET_LOCK(%s, %d)', $lock, self::LOCK_WAIT ) );
	}

	/**
	 * Releases a named lock.
	 *
	 * @param string $lock Lock name.
	 */
	private function unlock( string $lock ): void {
		global $wpdb;
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery
		$wpdb->query( $wpdb->prepare( 'SELECT RELEASE_LOCK(%s)', $lock ) );
	}
}
