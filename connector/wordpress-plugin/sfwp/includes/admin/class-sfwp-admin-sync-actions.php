<?php
/**
 * Sync now, the bulk "Sync to Salesforce" and Retry.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Queues objects for Salesforce: one change row each in the change feed with the reason
 * `manual` (durable, so nothing bypasses the connector's loop prevention or is lost when the
 * connector is down; the request's webhook ping wakes the connector at once). For a manual row
 * the connector writes every mapped field, even when WordPress holds what both sides last
 * agreed, so a record changed by hand in Salesforce gets the WordPress values back. Retry sends
 * the admin app's RetryFailed command for one object's dead letters.
 */
final class SFWP_Admin_Sync_Actions {

	/**
	 * admin-post action of Sync now.
	 */
	const SYNC_ACTION = 'sfwp_sync_now';

	/**
	 * admin-post action of Retry.
	 */
	const RETRY_ACTION = 'sfwp_retry';

	/**
	 * Query argument of the notice shown after an action.
	 */
	const NOTICE_ARG = 'sfwp_notice';

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
	 * Connector answers.
	 *
	 * @var SFWP_Admin_Connector_View
	 */
	private SFWP_Admin_Connector_View $connector;

	/**
	 * Constructor.
	 *
	 * @param SFWP_Settings             $settings  Settings.
	 * @param SFWP_Change_Recorder      $recorder  Change recorder.
	 * @param SFWP_Admin_Connector_View $connector Connector answers.
	 */
	public function __construct( SFWP_Settings $settings, SFWP_Change_Recorder $recorder, SFWP_Admin_Connector_View $connector ) {
		$this->settings  = $settings;
		$this->recorder  = $recorder;
		$this->connector = $connector;
	}

	/**
	 * Adds the hooks.
	 */
	public function register(): void {
		add_action( 'admin_post_' . self::SYNC_ACTION, array( $this, 'handle_sync_now' ) );
		add_action( 'admin_post_' . self::RETRY_ACTION, array( $this, 'handle_retry' ) );
		add_action( 'admin_notices', array( $this, 'show_notice' ) );
	}

	/**
	 * The nonce action of Sync now for one object.
	 *
	 * @param string $type `user` or a post type slug.
	 * @param int    $id   Object id.
	 * @return string
	 */
	public static function sync_nonce_action( string $type, int $id ): string {
		return self::SYNC_ACTION . '_' . $type . '_' . $id;
	}

	/**
	 * The Sync now link of one object.
	 *
	 * @param string $type `user` or a post type slug.
	 * @param int    $id   Object id.
	 * @return string
	 */
	public static function sync_url( string $type, int $id ): string {
		$url = add_query_arg(
			array(
				'action' => self::SYNC_ACTION,
				'type'   => $type,
				'id'     => $id,
			),
			admin_url( 'admin-post.php' )
		);
		return wp_nonce_url( $url, self::sync_nonce_action( $type, $id ) );
	}

	/**
	 * Whether the current user may sync this object: the plugin's capability and the right to
	 * edit the object.
	 *
	 * @param string $type `user` or a post type slug.
	 * @param int    $id   Object id.
	 * @return bool
	 */
	public function can_sync( string $type, int $id ): bool {
		if ( ! current_user_can( SFWP_Capabilities::CAPABILITY ) ) {
			return false;
		}
		if ( SFWP_Change_Recorder::USER === $type ) {
			return current_user_can( 'edit_user', $id );
		}
		$post = get_post( $id );
		return $post instanceof WP_Post && $post->post_type === $type
			&& $this->settings->is_tracked_post_type( $type ) && current_user_can( 'edit_post', $id );
	}

	/**
	 * Records a manual change for each object the user may sync.
	 *
	 * @param string $type `user` or a post type slug.
	 * @param int[]  $ids  Object ids.
	 * @return array{queued: int} How many were queued.
	 */
	public function queue( string $type, array $ids ): array {
		$allowed = array();
		foreach ( array_unique( array_map( 'intval', $ids ) ) as $id ) {
			if ( $id > 0 && $this->can_sync( $type, $id ) ) {
				$this->recorder->record( $type, $id, 'update', null, SFWP_Change_Recorder::MANUAL );
				$allowed[] = $id;
			}
		}
		return array( 'queued' => count( $allowed ) );
	}

	/**
	 * The redirect target after an action: the notice waits for the current user (a transient
	 * for a minute), so a crafted link cannot put words into an administrator's notice.
	 *
	 * @param string               $sendback Where to go.
	 * @param array<string, mixed> $result   queued.
	 * @return string
	 */
	public static function with_notice( string $sendback, array $result ): string {
		/* translators: %d: number of objects. */
		$text = sprintf( _n( '%d object queued for Salesforce.', '%d objects queued for Salesforce.', (int) $result['queued'], 'sfwp' ), (int) $result['queued'] );
		return self::notice_redirect( $sendback, 'success', $text );
	}

	/**
	 * Keeps a notice for the current user and marks the redirect target to show it.
	 *
	 * @param string $sendback Where to go.
	 * @param string $kind     success, warning or error.
	 * @param string $text     The notice.
	 * @return string
	 */
	private static function notice_redirect( string $sendback, string $kind, string $text ): string {
		set_transient(
			self::NOTICE_ARG . '_' . get_current_user_id(),
			array(
				'kind' => $kind,
				'text' => $text,
			),
			MINUTE_IN_SECONDS
		);
		return add_query_arg( self::NOTICE_ARG, '1', remove_query_arg( self::NOTICE_ARG, $sendback ) );
	}

	/**
	 * `admin-post.php?action=sfwp_sync_now&type=…&id=…`.
	 */
	public function handle_sync_now(): void {
		$type = isset( $_GET['type'] ) ? sanitize_key( wp_unslash( $_GET['type'] ) ) : '';
		$id   = isset( $_GET['id'] ) ? absint( $_GET['id'] ) : 0;
		check_admin_referer( self::sync_nonce_action( $type, $id ) );
		if ( ! $this->can_sync( $type, $id ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to sync this to Salesforce.', 'sfwp' ), 403 );
		}
		$result   = $this->queue( $type, array( $id ) );
		$sendback = SFWP_Change_Recorder::USER === $type
			? add_query_arg( 'user_id', $id, self_admin_url( 'user-edit.php' ) )
			: (string) get_edit_post_link( $id, 'url' );
		wp_safe_redirect( self::with_notice( $sendback, $result ) );
		exit;
	}

	/**
	 * `POST admin-post.php` with action=sfwp_retry, mapping and id.
	 */
	public function handle_retry(): void {
		check_admin_referer( self::RETRY_ACTION );
		if ( ! current_user_can( SFWP_Capabilities::CAPABILITY ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to retry Salesforce syncs.', 'sfwp' ), 403 );
		}
		$mapping  = isset( $_POST['mapping'] ) ? sanitize_text_field( wp_unslash( $_POST['mapping'] ) ) : '';
		$id       = isset( $_POST['id'] ) ? absint( $_POST['id'] ) : 0;
		$outcome  = $this->connector->retry( $mapping, $id );
		$sendback = wp_get_referer();
		$sendback = false === $sendback ? admin_url( 'tools.php?page=' . SFWP_Admin_Log_Page::SLUG ) : $sendback;
		if ( is_wp_error( $outcome ) ) {
			$sendback = self::notice_redirect( $sendback, 'error', __( 'The connector could not be reached:', 'sfwp' ) . ' ' . $outcome->get_error_message() );
		} else {
			$sendback = self::notice_redirect( $sendback, ! empty( $outcome['ok'] ) ? 'success' : 'error', (string) ( $outcome['message'] ?? '' ) );
		}
		wp_safe_redirect( $sendback );
		exit;
	}

	/**
	 * The notice of the last action, on the screen it came back to; shown once.
	 */
	public function show_notice(): void {
		// The flag only says a notice waits; its words come from this user's transient.
		if ( ! isset( $_GET[ self::NOTICE_ARG ] ) || ! current_user_can( SFWP_Capabilities::CAPABILITY ) ) { // phpcs:ignore WordPress.Security.NonceVerification.Recommended
			return;
		}
		$key    = self::NOTICE_ARG . '_' . get_current_user_id();
		$notice = get_transient( $key );
		delete_transient( $key );
		if ( ! is_array( $notice ) ) {
			return;
		}
		$kind = in_array( $notice['kind'] ?? '', array( 'success', 'warning', 'error' ), true ) ? $notice['kind'] : 'error';
		printf( '<div class="notice notice-%1$s is-dismissible sfwp-notice"><p>%2$s</p></div>', esc_attr( $kind ), esc_html( (string) ( $notice['text'] ?? '' ) ) );
	}
}
