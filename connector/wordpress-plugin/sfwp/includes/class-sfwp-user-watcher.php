<?php
/**
 * Records changes to users and stamps their `sfwp_modified_gmt`.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Hooks into user creation, updates, role and meta changes, and deletion.
 *
 * `wp_insert_user()` writes a new user's meta and role before `user_register` fires, so the
 * user is marked as being created from `insert_user_meta` on: the create row covers them.
 * `wp_delete_user()` deletes the meta before `deleted_user`, and reassigns posts with plain
 * SQL; the posts of tracked types it reassigns get an update row.
 */
final class SFWP_User_Watcher {

	/**
	 * User meta holding the time of the user's last change (users have no modified date).
	 */
	const MODIFIED_META = 'sfwp_modified_gmt';

	/**
	 * Format of MODIFIED_META, in UTC.
	 */
	const MODIFIED_FORMAT = 'Y-m-d\TH:i:s.v';

	/**
	 * Meta keys WordPress itself keeps on users; changing them is not a profile change.
	 */
	const IGNORED_META_KEYS = array( 'session_tokens', 'dismissed_wp_pointers', 'last_update', 'community-events-location', 'default_password_nag', self::MODIFIED_META );

	/**
	 * Per-site user options (`{$prefix}name`) WordPress itself keeps.
	 */
	const IGNORED_USER_OPTIONS = array( 'capabilities', 'user_level', 'user-settings', 'user-settings-time', 'dashboard_quick_press_last_post_id', 'persisted_preferences' );

	/**
	 * Settings.
	 *
	 * @var SFWP_Settings
	 */
	private SFWP_Settings $settings;

	/**
	 * Change recorder.
	 *
	 * @var SFWP_Change_Recorder
	 */
	private SFWP_Change_Recorder $recorder;

	/**
	 * Users stamped in this request.
	 *
	 * @var array<int, bool>
	 */
	private array $stamped = array();

	/**
	 * Posts of tracked types a user's deletion reassigns: user id => rows with ID and post_type.
	 *
	 * @var array<int, array<int, object>>
	 */
	private array $reassigned = array();

	/**
	 * Constructor.
	 *
	 * @param SFWP_Settings        $settings Settings.
	 * @param SFWP_Change_Recorder $recorder Change recorder.
	 */
	public function __construct( SFWP_Settings $settings, SFWP_Change_Recorder $recorder ) {
		$this->settings = $settings;
		$this->recorder = $recorder;
	}

	/**
	 * Adds the hooks.
	 */
	public function register(): void {
		add_filter( 'insert_user_meta', array( $this, 'on_insert_user_meta' ), PHP_INT_MAX, 3 );
		add_action( 'user_register', array( $this, 'on_user_register' ), 10, 1 );
		add_action( 'profile_update', array( $this, 'on_user_changed' ), 10, 1 );
		add_action( 'set_user_role', array( $this, 'on_user_changed' ), 10, 1 );
		add_action( 'add_user_role', array( $this, 'on_user_changed' ), 10, 1 );
		add_action( 'remove_user_role', array( $this, 'on_user_changed' ), 10, 1 );
		add_action( 'added_user_meta', array( $this, 'on_meta_changed' ), 10, 3 );
		add_action( 'updated_user_meta', array( $this, 'on_meta_changed' ), 10, 3 );
		add_action( 'deleted_user_meta', array( $this, 'on_meta_changed' ), 10, 3 );
		add_action( 'delete_user', array( $this, 'on_delete_user' ), 10, 2 );
		add_action( 'deleted_user', array( $this, 'on_deleted_user' ), 10, 1 );
	}

	/**
	 * Marks a user being inserted as being created, before its meta is written.
	 *
	 * @param array   $meta   Default meta of the user.
	 * @param WP_User $user   The user.
	 * @param bool    $update Whether the user exists already.
	 * @return array The meta, unchanged.
	 */
	public function on_insert_user_meta( $meta, $user, $update ) {
		if ( ! $update && $user instanceof WP_User ) {
			$this->recorder->begin( SFWP_Change_Recorder::USER, (int) $user->ID, 'create' );
		}
		return $meta;
	}

	/**
	 * Records a new user.
	 *
	 * @param int $user_id User id.
	 */
	public function on_user_register( $user_id ): void {
		$user_id = (int) $user_id;
		$this->recorder->record( SFWP_Change_Recorder::USER, $user_id, 'create' );
		$this->recorder->end( SFWP_Change_Recorder::USER, $user_id );
		$this->stamp( $user_id );
	}

	/**
	 * Records an update of a user.
	 *
	 * @param int $user_id User id.
	 */
	public function on_user_changed( $user_id ): void {
		$user_id = (int) $user_id;
		if ( null !== $this->recorder->busy_with( SFWP_Change_Recorder::USER, $user_id ) ) {
			return;
		}
		$this->recorder->record( SFWP_Change_Recorder::USER, $user_id, 'update' );
		$this->stamp( $user_id );
	}

	/**
	 * Records a change of a user's meta, except WordPress's own keys.
	 *
	 * @param int|int[] $meta_id   Meta id(s).
	 * @param int       $object_id User id.
	 * @param string    $meta_key  Meta key.
	 */
	public function on_meta_changed( $meta_id, $object_id, $meta_key ): void {
		// The key is checked first: some of these keys change while WordPress is still
		// working out who the current user is.
		if ( $this->is_ignored_meta_key( (string) $meta_key ) ) {
			return;
		}
		$this->on_user_changed( (int) $object_id );
	}

	/**
	 * Marks a user as being deleted and notes the posts its deletion will reassign.
	 *
	 * @param int      $user_id  User id.
	 * @param int|null $reassign User who receives the posts, or null when they are deleted.
	 */
	public function on_delete_user( $user_id, $reassign ): void {
		$user_id = (int) $user_id;
		$this->recorder->begin( SFWP_Change_Recorder::USER, $user_id, 'delete' );
		$this->reassigned[ $user_id ] = null === $reassign ? array() : $this->tracked_posts_of( $user_id );
	}

	/**
	 * Records a deleted user and the posts its deletion reassigned.
	 *
	 * @param int $user_id User id.
	 */
	public function on_deleted_user( $user_id ): void {
		$user_id = (int) $user_id;
		$this->recorder->record( SFWP_Change_Recorder::USER, $user_id, 'delete' );
		$this->recorder->end( SFWP_Change_Recorder::USER, $user_id );
		foreach ( $this->reassigned[ $user_id ] ?? array() as $post ) {
			$this->recorder->record( (string) $post->post_type, (int) $post->ID, 'update' );
		}
		unset( $this->reassigned[ $user_id ] );
	}

	/**
	 * Whether a user meta key is WordPress's own bookkeeping rather than profile data.
	 *
	 * @param string $meta_key Meta key.
	 * @return bool
	 */
	public function is_ignored_meta_key( string $meta_key ): bool {
		global $wpdb;
		if ( '' === $meta_key || '_' === $meta_key[0] || in_array( $meta_key, self::IGNORED_META_KEYS, true ) ) {
			return true;
		}
		$options = implode( '|', array_map( 'preg_quote', self::IGNORED_USER_OPTIONS ) );
		if ( 1 === preg_match( '/^' . preg_quote( $wpdb->base_prefix, '/' ) . '(?:\d+_)?(?:' . $options . ')$/', $meta_key ) ) {
			return true;
		}
		/**
		 * Filters whether a change of a user meta key is left out of the change feed.
		 *
		 * @param bool   $ignored  Whether the key is ignored; false here.
		 * @param string $meta_key Meta key.
		 */
		return (bool) apply_filters( 'sfwp_ignore_user_meta_key', false, $meta_key );
	}

	/**
	 * Sets `sfwp_modified_gmt` once per request per user, for changes people make: the
	 * connector's own writes are not edits, and the NewestWins conflict policy compares this
	 * time with Salesforce's.
	 *
	 * @param int $user_id User id.
	 */
	private function stamp( int $user_id ): void {
		if ( $user_id <= 0 || isset( $this->stamped[ $user_id ] ) || SFWP_Origin::CONNECTOR === $this->recorder->origin() ) {
			return;
		}
		$this->stamped[ $user_id ] = true;
		// Milliseconds, as Salesforce stamps have: NewestWins must not call a person's edit older
		// than a Salesforce change made earlier in the same second.
		$now = DateTimeImmutable::createFromFormat( 'U.u', sprintf( '%.6F', microtime( true ) ) );
		update_user_meta(
			$user_id,
			self::MODIFIED_META,
			$now ? $now->format( self::MODIFIED_FORMAT ) : gmdate( 'Y-m-d\TH:i:s' )
		);
	}

	/**
	 * Posts of tracked types a user wrote.
	 *
	 * @param int $user_id User id.
	 * @return object[] Rows with ID and post_type.
	 */
	private function tracked_posts_of( int $user_id ): array {
		global $wpdb;
		$types = $this->settings->tracked_post_types();
		if ( array() === $types ) {
			return array();
		}
		$placeholders = implode( ', ', array_fill( 0, count( $types ), '%s' ) );
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQLPlaceholders.UnfinishedPrepare, WordPress.DB.DirectDatabaseQuery
		$rows = $wpdb->get_results( $wpdb->prepare( "SELECT ID, post_type FROM {$wpdb->posts} WHERE post_author = %d AND post_status <> 'auto-draft' AND post_type IN ({$placeholders})", array_merge( array( $user_id ), $types ) ) );
		return is_array( $rows ) ? $rows : array();
	}
}
