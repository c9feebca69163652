<?php
/**
 * `GET sfwp/v1/status`.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * What the connector checks at start and shows in health reports. Never the secret.
 */
final class SFWP_REST_Status_Controller extends SFWP_REST_Controller {

	/**
	 * Capabilities that make a role privileged: whoever has one can take over the site.
	 */
	const PRIVILEGED_CAPABILITIES = array( 'manage_options', 'edit_users', 'promote_users', 'unfiltered_html' );

	/**
	 * Settings.
	 *
	 * @var SFWP_Settings
	 */
	private SFWP_Settings $settings;

	/**
	 * Change storage.
	 *
	 * @var SFWP_Change_Store
	 */
	private SFWP_Change_Store $store;

	/**
	 * Table owner.
	 *
	 * @var SFWP_Schema
	 */
	private SFWP_Schema $table;

	/**
	 * Constructor.
	 *
	 * @param SFWP_Settings     $settings Settings.
	 * @param SFWP_Change_Store $store    Change storage.
	 * @param SFWP_Schema       $table    Table owner.
	 */
	public function __construct( SFWP_Settings $settings, SFWP_Change_Store $store, SFWP_Schema $table ) {
		$this->settings  = $settings;
		$this->store     = $store;
		$this->table     = $table;
		$this->rest_base = 'status';
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
			)
		);
	}

	/**
	 * `GET /status`.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public function get_item( $request ) {
		$settings   = $this->settings->public_view();
		$acked      = $this->store->acked_cursor();
		$unfiltered = $this->connector_has_unfiltered_html();
		return rest_ensure_response(
			array(
				'version'              => SFWP_Plugin::VERSION,
				'db_version'           => (string) $this->table->installed_version(),
				'latest_cursor'        => $this->store->latest_cursor(),
				'acked_cursor'         => $acked,
				'pending'              => $this->store->count_after( $acked ),
				'post_types'           => $settings['post_types'],
				'meta'                 => $settings['meta'],
				'webhook_url'          => $settings['webhook_url'],
				'shared_secret_set'    => $settings['shared_secret_set'],
				'shared_secret_source' => $this->settings->shared_secret_source(),
				'connector_user_id'    => $settings['connector_user_id'],
				'html_meta_keys'       => $settings['html_meta_keys'],
				'url_meta_keys'        => $settings['url_meta_keys'],
				'list_meta_keys'       => $settings['list_meta_keys'],
				'roles'                => $this->roles(),
				'unfiltered_html'      => $unfiltered,
				'warnings'             => $this->warnings( $unfiltered ),
				'wordpress_version'    => get_bloginfo( 'version' ),
				'bulk'                 => array( 'max_items' => SFWP_REST_Bulk_Controller::MAX_ITEMS ),
				'lookup'               => array( 'max_values' => SFWP_REST_Lookup_Controller::MAX_VALUES ),
				'time'                 => SFWP_Time::now_iso(),
			)
		);
	}

	/**
	 * The site's roles: slug, display name, and whether the role is privileged (has one of
	 * PRIVILEGED_CAPABILITIES), so the connector can check a mapping's allowlist at start.
	 *
	 * @return array<int, array{slug: string, name: string, privileged: bool}>
	 */
	private function roles(): array {
		$roles = array();
		foreach ( wp_roles()->roles as $slug => $role ) {
			$capabilities = isset( $role['capabilities'] ) && is_array( $role['capabilities'] ) ? $role['capabilities'] : array();
			$privileged   = false;
			foreach ( self::PRIVILEGED_CAPABILITIES as $capability ) {
				$privileged = $privileged || ! empty( $capabilities[ $capability ] );
			}
			$roles[] = array(
				'slug'       => (string) $slug,
				'name'       => translate_user_role( (string) $role['name'] ),
				'privileged' => $privileged,
			);
		}
		return $roles;
	}

	/**
	 * Whether the connector's user has `unfiltered_html`: the configured connector user, or,
	 * when none is configured, the user asking (the connector reads this route with its own
	 * credentials).
	 *
	 * @return bool
	 */
	private function connector_has_unfiltered_html(): bool {
		$connector_user_id = (int) $this->settings->get( 'connector_user_id' );
		$user_id           = $connector_user_id > 0 ? $connector_user_id : get_current_user_id();
		return $user_id > 0 && user_can( $user_id, 'unfiltered_html' );
	}

	/**
	 * Problems with the setup an operator should fix, each with a code and a message.
	 *
	 * @param bool $unfiltered Whether the connector's user has `unfiltered_html`.
	 * @return array<int, array<string, string>>
	 */
	private function warnings( bool $unfiltered ): array {
		$warnings = array();
		if ( $unfiltered ) {
			$warnings[] = array(
				'code'    => 'sfwp_connector_unfiltered_html',
				'message' => __( 'The connector\'s WordPress user has the unfiltered_html capability. The plugin filters every write it recognises as the connector\'s, but a write it cannot recognise (no shared secret, no connector_user_id) would keep scripts from Salesforce. Use a user without unfiltered_html.', 'sfwp' ),
			);
		}
		return $warnings;
	}
}
