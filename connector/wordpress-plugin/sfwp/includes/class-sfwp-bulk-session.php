<?php
/**
 * The database transaction and WordPress's bulk switches around one `sfwp/v1/bulk` request.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Runs the items of one bulk request in one transaction, with a savepoint per item:
 *
 * - open() starts the transaction (READ COMMITTED, so the write precondition's version
 *   check sees what other requests committed meanwhile, not the snapshot of the first read),
 *   defers term counting and suspends cache additions, as each option asks;
 * - begin_item() sets the savepoint; end_item() releases it when the item was applied, or
 *   rolls back to it when the item failed: the item's rows (its change-feed rows included)
 *   are gone, the change recorder forgets them, and the object cache loses what the item put
 *   there, so later items never see it;
 * - close() counts the deferred terms and commits, or rolls back everything when the
 *   database ended the transaction on its own (a deadlock), and restores both switches.
 *
 * Without the transaction option each item commits as it goes, as in `/batch/v1`.
 */
final class SFWP_Bulk_Session {

	/**
	 * Name of the per-item savepoint; one at a time, so the name is reused.
	 */
	const SAVEPOINT = 'sfwp_bulk_item';

	/**
	 * Hooks that name a user an item changed, with the argument holding the id.
	 */
	const USER_HOOKS = array(
		'user_register'     => 1,
		'profile_update'    => 1,
		'deleted_user'      => 1,
		'clean_user_cache'  => 1,
		'added_user_meta'   => 2,
		'updated_user_meta' => 2,
		'deleted_user_meta' => 2,
	);

	/**
	 * Hooks that name a post an item changed, with the argument holding the id.
	 */
	const POST_HOOKS = array(
		'wp_insert_post'    => 1,
		'deleted_post'      => 1,
		'clean_post_cache'  => 1,
		'set_object_terms'  => 1,
		'added_post_meta'   => 2,
		'updated_post_meta' => 2,
		'deleted_post_meta' => 2,
	);

	/**
	 * Change recorder.
	 *
	 * @var SFWP_Change_Recorder
	 */
	private SFWP_Change_Recorder $recorder;

	/**
	 * Which speed-ups to use: transaction, deferTermCounting, suspendCacheAddition.
	 *
	 * @var array<string, bool>
	 */
	private array $options;

	/**
	 * Whether a transaction is open.
	 *
	 * @var bool
	 */
	private bool $in_transaction = false;

	/**
	 * Whether the database ended the transaction by itself (every item so far is undone).
	 *
	 * @var bool
	 */
	private bool $lost = false;

	/**
	 * Term counting deferral before open(), or null when left alone.
	 *
	 * @var bool|null
	 */
	private ?bool $deferred_before = null;

	/**
	 * Cache addition suspension before open(), or null when left alone.
	 *
	 * @var bool|null
	 */
	private ?bool $suspended_before = null;

	/**
	 * Ids the current item touched: 'user' and 'post' => id => true.
	 *
	 * @var array<string, array<int, bool>>
	 */
	private array $touched = array(
		'user' => array(),
		'post' => array(),
	);

	/**
	 * The recorder's state before the current item.
	 *
	 * @var array
	 */
	private array $checkpoint = array();

	/**
	 * Constructor.
	 *
	 * @param SFWP_Change_Recorder $recorder Change recorder.
	 * @param array<string, bool>  $options  transaction, deferTermCounting, suspendCacheAddition.
	 */
	public function __construct( SFWP_Change_Recorder $recorder, array $options ) {
		$this->recorder = $recorder;
		$this->options  = $options;
	}

	/**
	 * Starts the transaction and switches on the bulk behaviour the options ask for.
	 */
	public function open(): void {
		global $wpdb;
		if ( $this->options['transaction'] ) {
			// phpcs:ignore WordPress.DB.DirectDatabaseQuery
			$wpdb->query( 'SET TRANSACTION ISOLATION LEVEL READ COMMITTED' );
			// phpcs:ignore WordPress.DB.DirectDatabaseQuery
			$this->in_transaction = false !== $wpdb->query( 'START TRANSACTION' );
			if ( $this->in_transaction ) {
				$this->watch( true );
			}
		}
		if ( $this->options['deferTermCounting'] ) {
			$this->deferred_before = wp_defer_term_counting();
			wp_defer_term_counting( true );
		}
		if ( $this->options['suspendCacheAddition'] ) {
			$this->suspended_before = wp_suspend_cache_addition();
			wp_suspend_cache_addition( true );
		}
	}

	/**
	 * Marks the start of an item.
	 */
	public function begin_item(): void {
		$this->touched    = array(
			'user' => array(),
			'post' => array(),
		);
		$this->checkpoint = $this->recorder->checkpoint();
		if ( $this->in_transaction && ! $this->lost ) {
			$this->lost = ! $this->savepoint( 'SAVEPOINT ' . self::SAVEPOINT );
		}
	}

	/**
	 * Keeps or undoes the item that just ran.
	 *
	 * @param bool $applied Whether the item succeeded.
	 */
	public function end_item( bool $applied ): void {
		if ( ! $this->in_transaction || $this->lost ) {
			return;
		}
		if ( $applied ) {
			$this->lost = ! $this->savepoint( 'RELEASE SAVEPOINT ' . self::SAVEPOINT );
			return;
		}
		$this->lost = ! $this->savepoint( 'ROLLBACK TO SAVEPOINT ' . self::SAVEPOINT );
		$this->recorder->restore( $this->checkpoint );
		$this->forget_cached();
	}

	/**
	 * Whether the database ended the transaction by itself, undoing every item so far.
	 *
	 * @return bool
	 */
	public function is_lost(): bool {
		return $this->lost;
	}

	/**
	 * Undoes every item on close(): the request ends without answers.
	 */
	public function abandon(): void {
		$this->lost = true;
	}

	/**
	 * Commits (or, after a lost transaction, rolls back) and restores WordPress's switches.
	 * Runs from a `finally`, so also after an error.
	 *
	 * @return bool Whether the items applied so far are stored.
	 */
	public function close(): bool {
		global $wpdb;
		$stored = true;
		if ( null !== $this->deferred_before ) {
			// Counts the deferred terms now, inside the transaction.
			wp_defer_term_counting( $this->deferred_before );
			$this->deferred_before = null;
		}
		if ( $this->in_transaction ) {
			$this->watch( false );
			// phpcs:ignore WordPress.DB.DirectDatabaseQuery
			$stored = ! $this->lost && false !== $wpdb->query( 'COMMIT' );
			if ( ! $stored ) {
				// phpcs:ignore WordPress.DB.DirectDatabaseQuery
				$wpdb->query( 'ROLLBACK' );
				$this->lost = true;
			}
			$this->in_transaction = false;
		}
		if ( null !== $this->suspended_before ) {
			wp_suspend_cache_addition( $this->suspended_before );
			$this->suspended_before = null;
		}
		return $stored;
	}

	/**
	 * Notes a user the current item touched.
	 *
	 * @param mixed ...$args Hook arguments.
	 */
	public function touch_user( ...$args ): void {
		$this->touch( 'user', $args, current_action() );
	}

	/**
	 * Notes a post the current item touched.
	 *
	 * @param mixed ...$args Hook arguments.
	 */
	public function touch_post( ...$args ): void {
		$this->touch( 'post', $args, current_action() );
	}

	/**
	 * Records the id a hook names.
	 *
	 * @param string $kind 'user' or 'post'.
	 * @param array  $args Hook arguments.
	 * @param string $hook Hook name.
	 */
	private function touch( string $kind, array $args, string $hook ): void {
		$position = ( 'user' === $kind ? self::USER_HOOKS : self::POST_HOOKS )[ $hook ] ?? 1;
		$value    = $args[ $position - 1 ] ?? 0;
		$id       = is_object( $value ) && isset( $value->ID ) ? (int) $value->ID : (int) $value;
		if ( $id > 0 ) {
			$this->touched[ $kind ][ $id ] = true;
		}
	}

	/**
	 * Adds or removes the hooks that note touched objects.
	 *
	 * @param bool $on Add when true.
	 */
	private function watch( bool $on ): void {
		$change = $on ? 'add_action' : 'remove_action';
		foreach ( self::USER_HOOKS as $hook => $position ) {
			$change( $hook, array( $this, 'touch_user' ), PHP_INT_MIN, $position );
		}
		foreach ( self::POST_HOOKS as $hook => $position ) {
			$change( $hook, array( $this, 'touch_post' ), PHP_INT_MIN, $position );
		}
	}

	/**
	 * Drops from the object cache what a rolled-back item may have put there: its users,
	 * posts, their meta, and the options (a hook may have changed one).
	 */
	private function forget_cached(): void {
		foreach ( array_keys( $this->touched['user'] ) as $user_id ) {
			// Reads the user from the cache, the only place it may still exist, to find its keys.
			clean_user_cache( $user_id );
			wp_cache_delete( $user_id, 'users' );
			wp_cache_delete( $user_id, 'user_meta' );
		}
		foreach ( array_keys( $this->touched['post'] ) as $post_id ) {
			clean_post_cache( $post_id );
			wp_cache_delete( $post_id, 'posts' );
			wp_cache_delete( $post_id, 'post_meta' );
		}
		wp_cache_delete( 'alloptions', 'options' );
		wp_cache_delete( 'notoptions', 'options' );
	}

	/**
	 * Runs a savepoint statement.
	 *
	 * @param string $statement SAVEPOINT, RELEASE SAVEPOINT or ROLLBACK TO SAVEPOINT with the name.
	 * @return bool Whether it worked (it fails once the transaction is gone).
	 */
	private function savepoint( string $statement ): bool {
		global $wpdb;
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared
		return false !== $wpdb->query( $statement );
	}
}
