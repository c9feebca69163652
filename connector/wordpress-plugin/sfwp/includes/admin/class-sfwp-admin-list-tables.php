<?php
/**
 * The "Salesforce" column and bulk action on the Users and post lists.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Adds to the Users list and to each tracked post type's list: a "Salesforce" column (linked /
 * not linked / failed, with the time, from one signed link-status call per page) and the bulk
 * action "Sync to Salesforce". SFWP_Admin_Status_Filter adds the views that filter by status.
 */
final class SFWP_Admin_List_Tables {

	/**
	 * Column key.
	 */
	const COLUMN = 'sfwp_salesforce';

	/**
	 * Bulk action key.
	 */
	const BULK_ACTION = 'sfwp_sync_to_salesforce';

	/**
	 * Settings.
	 *
	 * @var SFWP_Settings
	 */
	private SFWP_Settings $settings;

	/**
	 * Connector answers.
	 *
	 * @var SFWP_Admin_Connector_View
	 */
	private SFWP_Admin_Connector_View $connector;

	/**
	 * Sync actions.
	 *
	 * @var SFWP_Admin_Sync_Actions
	 */
	private SFWP_Admin_Sync_Actions $actions;

	/**
	 * Constructor.
	 *
	 * @param SFWP_Settings             $settings  Settings.
	 * @param SFWP_Admin_Connector_View $connector Connector answers.
	 * @param SFWP_Admin_Sync_Actions   $actions   Sync actions.
	 */
	public function __construct( SFWP_Settings $settings, SFWP_Admin_Connector_View $connector, SFWP_Admin_Sync_Actions $actions ) {
		$this->settings  = $settings;
		$this->connector = $connector;
		$this->actions   = $actions;
	}

	/**
	 * The words shown for a link state.
	 *
	 * @param string $state linked, not-linked or failed.
	 * @return string
	 */
	public static function state_label( string $state ): string {
		switch ( $state ) {
			case 'linked':
				return __( 'Linked', 'sfwp' );
			case 'failed':
				return __( 'Failed', 'sfwp' );
			default:
				return __( 'Not linked', 'sfwp' );
		}
	}

	/**
	 * Adds the hooks; only for users with the capability.
	 */
	public function register(): void {
		add_action( 'current_screen', array( $this, 'hook_screen' ) );
	}

	/**
	 * Hooks the column, views and bulk action of the list shown.
	 *
	 * @param WP_Screen $screen Current screen.
	 */
	public function hook_screen( $screen ): void {
		if ( ! current_user_can( SFWP_Capabilities::CAPABILITY ) ) {
			return;
		}
		if ( 'users' === $screen->id ) {
			add_filter( 'manage_users_columns', array( $this, 'add_column' ) );
			add_filter( 'manage_users_custom_column', array( $this, 'user_column' ), 10, 3 );
			add_filter( 'bulk_actions-users', array( $this, 'add_bulk_action' ) );
			add_filter( 'handle_bulk_actions-users', array( $this, 'handle_user_bulk_action' ), 10, 3 );
			return;
		}
		$type = (string) $screen->post_type;
		if ( 'edit' !== $screen->base || '' === $type || ! $this->settings->is_tracked_post_type( $type ) ) {
			return;
		}
		add_filter( "manage_{$type}_posts_columns", array( $this, 'add_column' ) );
		add_action( "manage_{$type}_posts_custom_column", array( $this, 'post_column' ), 10, 2 );
		add_filter( "bulk_actions-edit-{$type}", array( $this, 'add_bulk_action' ) );
		add_filter( "handle_bulk_actions-edit-{$type}", array( $this, 'handle_post_bulk_action' ), 10, 3 );
	}

	/**
	 * Adds the column.
	 *
	 * @param array<string, string> $columns Columns.
	 * @return array<string, string>
	 */
	public function add_column( $columns ) {
		$columns[ self::COLUMN ] = __( 'Salesforce', 'sfwp' );
		return $columns;
	}

	/**
	 * The column's cell on the Users list.
	 *
	 * @param string $output  Cell so far.
	 * @param string $column  Column key.
	 * @param int    $user_id User id.
	 * @return string
	 */
	public function user_column( $output, $column, $user_id ) {
		if ( self::COLUMN !== $column ) {
			return $output;
		}
		global $wp_list_table;
		$ids = isset( $wp_list_table->items ) ? array_map( 'intval', wp_list_pluck( (array) $wp_list_table->items, 'ID' ) ) : array();
		return $this->cell( SFWP_Change_Recorder::USER, (int) $user_id, $ids );
	}

	/**
	 * The column's cell on a post list.
	 *
	 * @param string $column  Column key.
	 * @param int    $post_id Post id.
	 */
	public function post_column( $column, $post_id ): void {
		if ( self::COLUMN !== $column ) {
			return;
		}
		global $wp_query;
		$ids = isset( $wp_query->posts ) ? wp_list_pluck( (array) $wp_query->posts, 'ID' ) : array();
		echo $this->cell( (string) get_post_type( $post_id ), (int) $post_id, $ids ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- cell() escapes.
	}

	/**
	 * One cell, with the statuses of the whole page asked for in one call.
	 *
	 * @param string $type `user` or a post type slug.
	 * @param int    $id   Object id.
	 * @param int[]  $page Ids on the page.
	 * @return string Escaped HTML.
	 */
	private function cell( string $type, int $id, array $page ): string {
		$statuses = $this->connector->link_statuses( $type, array() === $page ? array( $id ) : $page );
		if ( is_wp_error( $statuses ) ) {
			return '<span class="sfwp-state sfwp-state-unknown" title="' . esc_attr( $statuses->get_error_message() ) . '">' . esc_html__( 'Unknown', 'sfwp' ) . '</span>';
		}
		$status = $statuses[ $id ] ?? array( 'state' => 'not-linked' );
		$state  = (string) ( $status['state'] ?? 'not-linked' );
		$html   = '<span class="sfwp-state sfwp-state-' . esc_attr( $state ) . '">' . esc_html( self::state_label( $state ) ) . '</span>';
		if ( ! empty( $status['lastSyncAt'] ) ) {
			$html .= '<br><time datetime="' . esc_attr( (string) $status['lastSyncAt'] ) . '">' . esc_html( SFWP_Admin_Object_Panel::local_time( (string) $status['lastSyncAt'] ) ) . '</time>';
		}
		return $html;
	}

	/**
	 * Adds "Sync to Salesforce".
	 *
	 * @param array<string, string> $actions Bulk actions.
	 * @return array<string, string>
	 */
	public function add_bulk_action( $actions ) {
		$actions[ self::BULK_ACTION ] = __( 'Sync to Salesforce', 'sfwp' );
		return $actions;
	}

	/**
	 * Queues the selected users (core checked the bulk-users nonce before this filter runs).
	 *
	 * @param string $sendback Redirect URL.
	 * @param string $action   Bulk action.
	 * @param int[]  $ids      Selected user ids.
	 * @return string
	 */
	public function handle_user_bulk_action( $sendback, $action, $ids ) {
		return $this->bulk( SFWP_Change_Recorder::USER, (string) $sendback, (string) $action, (array) $ids );
	}

	/**
	 * Queues the selected posts (core checked the bulk-posts nonce before this filter runs).
	 *
	 * @param string $sendback Redirect URL.
	 * @param string $action   Bulk action.
	 * @param int[]  $ids      Selected post ids.
	 * @return string
	 */
	public function handle_post_bulk_action( $sendback, $action, $ids ) {
		return $this->bulk( (string) get_current_screen()->post_type, (string) $sendback, (string) $action, (array) $ids );
	}

	/**
	 * The bulk action itself.
	 *
	 * @param string $type     `user` or a post type slug.
	 * @param string $sendback Redirect URL.
	 * @param string $action   Bulk action.
	 * @param int[]  $ids      Selected ids.
	 * @return string
	 */
	private function bulk( string $type, string $sendback, string $action, array $ids ): string {
		if ( self::BULK_ACTION !== $action ) {
			return $sendback;
		}
		if ( ! current_user_can( SFWP_Capabilities::CAPABILITY ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to sync to Salesforce.', 'sfwp' ), 403 );
		}
		return SFWP_Admin_Sync_Actions::with_notice( $sendback, $this->actions->queue( $type, $ids ) );
	}
}
