<?php
/**
 * Records changes to posts of tracked types.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Hooks into post inserts, updates, meta changes, trash, untrash and deletion.
 *
 * - A post counts as created when it is inserted as anything but an auto-draft, or when an
 *   auto-draft (the block editor's starting point) first gets a real status.
 * - `wp_insert_post()` writes `meta_input` (and `save_post` handlers write their meta)
 *   before the new post's id is announced by the `wp_insert_post` action. Meta changes seen
 *   while an insert is under way wait in a frame until that action says which post was new:
 *   the new post's are dropped (its create row covers them), others are recorded then.
 * - Trashing, untrashing and deleting update the post and its meta on the way; those writes
 *   are covered by the operation's own row.
 * - Attachments are announced by `add_attachment` and `attachment_updated` instead.
 * - Revisions, autosaves and auto-drafts record nothing.
 */
final class SFWP_Post_Watcher {

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
	 * One frame per insert under way, innermost last; each holds ids of posts whose meta
	 * changed meanwhile.
	 *
	 * @var array<int, array<int, string>>
	 */
	private array $inserts = array();

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
		add_filter( 'wp_insert_post_data', array( $this, 'on_insert_data' ), PHP_INT_MAX, 4 );
		add_filter( 'wp_insert_attachment_data', array( $this, 'on_insert_data' ), PHP_INT_MAX, 4 );
		add_action( 'pre_post_update', array( $this, 'on_pre_post_update' ), 10, 2 );
		add_action( 'wp_insert_post', array( $this, 'on_inserted' ), PHP_INT_MIN, 3 );
		add_action( 'wp_after_insert_post', array( $this, 'on_after_insert' ), 10, 4 );
		add_action( 'add_attachment', array( $this, 'on_attachment_added' ), PHP_INT_MIN, 1 );
		add_action( 'attachment_updated', array( $this, 'on_attachment_updated' ), 10, 1 );
		add_action( 'added_post_meta', array( $this, 'on_meta_changed' ), 10, 3 );
		add_action( 'updated_post_meta', array( $this, 'on_meta_changed' ), 10, 3 );
		add_action( 'deleted_post_meta', array( $this, 'on_meta_changed' ), 10, 3 );
		add_action( 'wp_trash_post', array( $this, 'on_trash' ), 10, 1 );
		add_action( 'trashed_post', array( $this, 'on_trashed' ), 10, 1 );
		add_action( 'untrash_post', array( $this, 'on_untrash' ), 10, 1 );
		add_action( 'untrashed_post', array( $this, 'on_untrashed' ), 10, 1 );
		add_action( 'before_delete_post', array( $this, 'on_delete' ), 10, 1 );
		add_action( 'deleted_post', array( $this, 'on_deleted' ), 10, 2 );
		add_action( 'shutdown', array( $this, 'flush_unfinished_inserts' ), 0 );
	}

	/**
	 * Opens a frame when a new post is about to be inserted.
	 *
	 * @param array $data                Post data.
	 * @param array $postarr             Sanitized post array.
	 * @param array $unsanitized_postarr Raw post array.
	 * @param bool  $update              Whether the post exists already.
	 * @return array The data, unchanged.
	 */
	public function on_insert_data( $data, $postarr, $unsanitized_postarr, $update ) {
		if ( ! $update ) {
			$this->inserts[] = array();
		}
		return $data;
	}

	/**
	 * Treats an auto-draft that gets a real status as being created.
	 *
	 * @param int   $post_id Post id.
	 * @param array $data    New post data.
	 */
	public function on_pre_post_update( $post_id, $data ): void {
		$before = get_post( (int) $post_id );
		if ( ! $before instanceof WP_Post || 'auto-draft' !== $before->post_status ) {
			return;
		}
		$status = $data['post_status'] ?? 'auto-draft';
		$type   = $data['post_type'] ?? $before->post_type;
		if ( 'auto-draft' !== $status && $this->settings->is_tracked_post_type( (string) $type ) ) {
			$this->recorder->begin( (string) $type, (int) $post_id, 'create' );
		}
	}

	/**
	 * Closes the frame of a finished insert and marks the new post as being created.
	 *
	 * @param int     $post_id Post id.
	 * @param WP_Post $post    Post.
	 * @param bool    $update  Whether the post existed already.
	 */
	public function on_inserted( $post_id, $post, $update ): void {
		if ( $update ) {
			return;
		}
		$post_id = (int) $post_id;
		if ( $post instanceof WP_Post && $this->is_tracked( $post ) ) {
			$this->recorder->begin( $post->post_type, $post_id, 'create' );
		}
		$frame = array_pop( $this->inserts ) ?? array();
		unset( $frame[ $post_id ] );
		foreach ( $frame as $changed_id => $type ) {
			if ( array() !== $this->inserts ) {
				$this->inserts[ count( $this->inserts ) - 1 ][ $changed_id ] = $type;
			} else {
				$this->recorder->record( $type, $changed_id, 'update' );
			}
		}
	}

	/**
	 * Records a created or updated post once WordPress has finished writing it.
	 *
	 * @param int          $post_id     Post id.
	 * @param WP_Post      $post        Post.
	 * @param bool         $update      Whether this was an update.
	 * @param WP_Post|null $post_before The post before the update.
	 */
	public function on_after_insert( $post_id, $post, $update, $post_before ): void {
		$post_id = (int) $post_id;
		if ( ! $post instanceof WP_Post ) {
			return;
		}
		$creating = 'create' === $this->recorder->busy_with( $post->post_type, $post_id );
		if ( ! $this->is_tracked( $post ) || $this->is_autosave( $post ) ) {
			if ( $creating ) {
				$this->recorder->end( $post->post_type, $post_id );
			}
			return;
		}
		$was_auto_draft = $post_before instanceof WP_Post && 'auto-draft' === $post_before->post_status;
		if ( ! $update || $creating || $was_auto_draft ) {
			$this->recorder->record( $post->post_type, $post_id, 'create' );
			$this->recorder->end( $post->post_type, $post_id );
			return;
		}
		$this->recorder->record( $post->post_type, $post_id, 'update' );
	}

	/**
	 * Records a new attachment: `wp_insert_post()` returns early for attachments, without
	 * the `wp_insert_post` and `wp_after_insert_post` actions.
	 *
	 * @param int $post_id Attachment id.
	 */
	public function on_attachment_added( $post_id ): void {
		$post_id = (int) $post_id;
		$post    = get_post( $post_id );
		$this->on_inserted( $post_id, $post, false );
		if ( $post instanceof WP_Post && $this->is_tracked( $post ) ) {
			$this->recorder->record( $post->post_type, $post_id, 'create' );
			$this->recorder->end( $post->post_type, $post_id );
		}
	}

	/**
	 * Records an updated attachment (attachments do not reach `wp_after_insert_post` outside
	 * REST).
	 *
	 * @param int $post_id Attachment id.
	 */
	public function on_attachment_updated( $post_id ): void {
		$post = get_post( (int) $post_id );
		if ( $post instanceof WP_Post && $this->is_tracked( $post ) ) {
			$this->recorder->record( $post->post_type, (int) $post_id, 'update' );
		}
	}

	/**
	 * Records a change of a post's meta, except protected (underscore) keys.
	 *
	 * @param int|int[] $meta_id   Meta id(s).
	 * @param int       $object_id Post id.
	 * @param string    $meta_key  Meta key.
	 */
	public function on_meta_changed( $meta_id, $object_id, $meta_key ): void {
		$meta_key = (string) $meta_key;
		if ( '' === $meta_key || '_' === $meta_key[0] ) {
			return;
		}
		$post = get_post( (int) $object_id );
		if ( ! $post instanceof WP_Post || ! $this->is_tracked( $post ) || $this->is_autosave( $post ) ) {
			return;
		}
		/**
		 * Filters whether a change of a post meta key is left out of the change feed.
		 *
		 * @param bool    $ignored  Whether the key is ignored; false here.
		 * @param string  $meta_key Meta key.
		 * @param WP_Post $post     Post.
		 */
		if ( apply_filters( 'sfwp_ignore_post_meta_key', false, $meta_key, $post ) ) {
			return;
		}
		if ( array() !== $this->inserts ) {
			$this->inserts[ count( $this->inserts ) - 1 ][ $post->ID ] = $post->post_type;
			return;
		}
		$this->recorder->record( $post->post_type, (int) $post->ID, 'update' );
	}

	/**
	 * Marks a post as being trashed.
	 *
	 * @param int $post_id Post id.
	 */
	public function on_trash( $post_id ): void {
		$this->begin_if_tracked( (int) $post_id, 'trash' );
	}

	/**
	 * Records a trashed post.
	 *
	 * @param int $post_id Post id.
	 */
	public function on_trashed( $post_id ): void {
		$this->finish_if_tracked( (int) $post_id, 'trash' );
	}

	/**
	 * Marks a post as being restored from the trash.
	 *
	 * @param int $post_id Post id.
	 */
	public function on_untrash( $post_id ): void {
		$this->begin_if_tracked( (int) $post_id, 'untrash' );
	}

	/**
	 * Records a post restored from the trash.
	 *
	 * @param int $post_id Post id.
	 */
	public function on_untrashed( $post_id ): void {
		$this->finish_if_tracked( (int) $post_id, 'untrash' );
	}

	/**
	 * Marks a post as being deleted.
	 *
	 * @param int $post_id Post id.
	 */
	public function on_delete( $post_id ): void {
		$this->begin_if_tracked( (int) $post_id, 'delete' );
	}

	/**
	 * Records a deleted post.
	 *
	 * @param int     $post_id Post id.
	 * @param WP_Post $post    The post as it was.
	 */
	public function on_deleted( $post_id, $post ): void {
		$post_id = (int) $post_id;
		if ( $post instanceof WP_Post && $this->is_tracked( $post ) ) {
			$this->recorder->record( $post->post_type, $post_id, 'delete' );
			$this->recorder->end( $post->post_type, $post_id );
		}
	}

	/**
	 * Records what inserts that never finished left waiting (an insert that failed after
	 * its data filter), so no change is lost.
	 */
	public function flush_unfinished_inserts(): void {
		$frames        = $this->inserts;
		$this->inserts = array();
		foreach ( $frames as $frame ) {
			foreach ( $frame as $post_id => $type ) {
				$this->recorder->record( $type, $post_id, 'update' );
			}
		}
	}

	/**
	 * Whether changes to this post are recorded at all.
	 *
	 * @param WP_Post $post Post.
	 * @return bool
	 */
	private function is_tracked( WP_Post $post ): bool {
		return 'auto-draft' !== $post->post_status && $this->settings->is_tracked_post_type( $post->post_type );
	}

	/**
	 * Whether the write is an autosave (of a draft, which WordPress saves in place).
	 *
	 * @param WP_Post $post Post.
	 * @return bool
	 */
	private function is_autosave( WP_Post $post ): bool {
		return ( defined( 'DOING_AUTOSAVE' ) && DOING_AUTOSAVE ) || false !== wp_is_post_autosave( $post );
	}

	/**
	 * Starts an operation on a tracked post.
	 *
	 * @param int    $post_id   Post id.
	 * @param string $operation Operation.
	 */
	private function begin_if_tracked( int $post_id, string $operation ): void {
		$post = get_post( $post_id );
		if ( $post instanceof WP_Post && $this->is_tracked( $post ) ) {
			$this->recorder->begin( $post->post_type, $post_id, $operation );
		}
	}

	/**
	 * Records and ends an operation on a tracked post.
	 *
	 * @param int    $post_id   Post id.
	 * @param string $operation Operation.
	 */
	private function finish_if_tracked( int $post_id, string $operation ): void {
		$post = get_post( $post_id );
		if ( $post instanceof WP_Post && $this->is_tracked( $post ) ) {
			$this->recorder->record( $post->post_type, $post_id, $operation );
			$this->recorder->end( $post->post_type, $post_id );
		}
	}
}
