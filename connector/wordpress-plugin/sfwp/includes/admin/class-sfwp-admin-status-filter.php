<?php
/**
 * The Salesforce status views on the Users and post lists.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Views "Salesforce: linked / not linked / failed" on the Users list and each tracked post
 * type's list. Failed comes from the connector's open dead letters of the type; linked and not
 * linked ask the connector about every object of the type (up to MAX_FILTERED), since only the
 * connector knows the links.
 */
final class SFWP_Admin_Status_Filter {

	/**
	 * Query argument of the status filter.
	 */
	const FILTER_ARG = 'sfwp_status';

	/**
	 * Most objects of a type the linked / not linked filter looks at: it asks the connector
	 * about every one of them (1,000 a call).
	 */
	const MAX_FILTERED = 5000;

	/**
	 * Whether this class is reading all user ids itself (get_users runs pre_get_users too).
	 *
	 * @var bool
	 */
	private bool $listing = false;

	/**
	 * Why the filter could not be applied, for the notice.
	 *
	 * @var string
	 */
	private string $filter_problem = '';

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
	 * Constructor.
	 *
	 * @param SFWP_Settings             $settings  Settings.
	 * @param SFWP_Admin_Connector_View $connector Connector answers.
	 */
	public function __construct( SFWP_Settings $settings, SFWP_Admin_Connector_View $connector ) {
		$this->settings  = $settings;
		$this->connector = $connector;
	}

	/**
	 * Adds the hooks.
	 */
	public function register(): void {
		add_action( 'current_screen', array( $this, 'hook_screen' ) );
		add_action( 'admin_notices', array( $this, 'show_filter_problem' ) );
	}

	/**
	 * Hooks the views and the query filter of the list shown, for users with the capability.
	 *
	 * @param WP_Screen $screen Current screen.
	 */
	public function hook_screen( $screen ): void {
		if ( ! current_user_can( SFWP_Capabilities::CAPABILITY ) ) {
			return;
		}
		if ( 'users' === $screen->id ) {
			add_filter( 'views_users', array( $this, 'user_views' ) );
			add_action( 'pre_get_users', array( $this, 'filter_users' ) );
			return;
		}
		$type = (string) $screen->post_type;
		if ( 'edit' === $screen->base && '' !== $type && $this->settings->is_tracked_post_type( $type ) ) {
			add_filter( "views_edit-{$type}", array( $this, 'post_views' ) );
			add_action( 'pre_get_posts', array( $this, 'filter_posts' ) );
		}
	}

	/**
	 * The filter's views on the Users list.
	 *
	 * @param array<string, string> $views Views.
	 * @return array<string, string>
	 */
	public function user_views( $views ) {
		return $views + $this->views( self_admin_url( 'users.php' ) );
	}

	/**
	 * The filter's views on a post list.
	 *
	 * @param array<string, string> $views Views.
	 * @return array<string, string>
	 */
	public function post_views( $views ) {
		$url = add_query_arg( 'post_type', get_current_screen()->post_type, admin_url( 'edit.php' ) );
		return $views + $this->views( $url );
	}

	/**
	 * One view per status: linked, not linked, failed.
	 *
	 * @param string $base List URL.
	 * @return array<string, string>
	 */
	private function views( string $base ): array {
		$current = self::current_filter();
		$views   = array();
		$labels  = array(
			'linked'     => __( 'Salesforce: linked', 'sfwp' ),
			'not-linked' => __( 'Salesforce: not linked', 'sfwp' ),
			'failed'     => __( 'Salesforce: failed', 'sfwp' ),
		);
		foreach ( $labels as $state => $label ) {
			$views[ 'sfwp-' . $state ] = sprintf(
				'<a href="%1$s"%2$s>%3$s</a>',
				esc_url( add_query_arg( self::FILTER_ARG, $state, $base ) ),
				$current === $state ? ' class="current" aria-current="page"' : '',
				esc_html( $label )
			);
		}
		return $views;
	}

	/**
	 * The status filter asked for, if any.
	 *
	 * @return string linked, not-linked, failed or ''.
	 */
	private static function current_filter(): string {
		// A read-only filter of a list, as core's own views are.
		$state = isset( $_GET[ self::FILTER_ARG ] ) ? sanitize_key( wp_unslash( $_GET[ self::FILTER_ARG ] ) ) : ''; // phpcs:ignore WordPress.Security.NonceVerification.Recommended
		return in_array( $state, array( 'linked', 'not-linked', 'failed' ), true ) ? $state : '';
	}

	/**
	 * Keeps the Users list to the filtered status.
	 *
	 * @param WP_User_Query $query Query.
	 */
	public function filter_users( $query ): void {
		if ( ! $this->listing ) {
			$this->narrow( SFWP_Change_Recorder::USER, $query, 'include' );
		}
	}

	/**
	 * Keeps the post list to the filtered status.
	 *
	 * @param WP_Query $query Query.
	 */
	public function filter_posts( $query ): void {
		if ( $query->is_main_query() ) {
			$this->narrow( (string) $query->get( 'post_type' ), $query, 'post__in' );
		}
	}

	/**
	 * Narrows a query to the objects in the filtered status.
	 *
	 * @param string                 $type    `user` or a post type slug.
	 * @param WP_User_Query|WP_Query $query   Query.
	 * @param string                 $include Include variable.
	 */
	private function narrow( string $type, $query, string $include ): void {
		$state = self::current_filter();
		if ( '' === $state || '' === $type ) {
			return;
		}
		$ids = 'failed' === $state ? $this->connector->failed_ids( $type ) : $this->ids_in_state( $type, $state );
		if ( is_wp_error( $ids ) ) {
			$this->filter_problem = $ids->get_error_message();
			return;
		}
		$query->set( $include, array() === $ids ? array( 0 ) : $ids );
	}

	/**
	 * Ids of the objects of a type that are linked (with no open failure) or not linked.
	 *
	 * @param string $type  `user` or a post type slug.
	 * @param string $state linked or not-linked.
	 * @return int[]|WP_Error
	 */
	private function ids_in_state( string $type, string $state ) {
		$this->listing = true;
		$all           = SFWP_Change_Recorder::USER === $type
			? get_users(
				array(
					'fields' => 'ID',
					'number' => self::MAX_FILTERED + 1,
				)
			)
			: get_posts(
				array(
					'post_type'        => $type,
					'post_status'      => 'any',
					'fields'           => 'ids',
					'numberposts'      => self::MAX_FILTERED + 1,
					'suppress_filters' => false,
				)
			);
		$this->listing = false;
		if ( count( $all ) > self::MAX_FILTERED ) {
			/* translators: %s: number of objects. */
			return new WP_Error( 'sfwp_too_many', sprintf( __( 'The linked / not linked filter works up to %s objects of a type.', 'sfwp' ), number_format_i18n( self::MAX_FILTERED ) ) );
		}
		$statuses = $this->connector->link_statuses( $type, array_map( 'intval', $all ) );
		if ( is_wp_error( $statuses ) ) {
			return $statuses;
		}
		$matching = array();
		foreach ( array_map( 'intval', $all ) as $id ) {
			if ( ( $statuses[ $id ]['state'] ?? 'not-linked' ) === $state ) {
				$matching[] = $id;
			}
		}
		return $matching;
	}

	/**
	 * Says when the status filter could not be applied.
	 */
	public function show_filter_problem(): void {
		if ( '' !== $this->filter_problem ) {
			echo '<div class="notice notice-warning"><p>' . esc_html__( 'The Salesforce filter was not applied:', 'sfwp' ) . ' ' . esc_html( $this->filter_problem ) . '</p></div>';
		}
	}
}
