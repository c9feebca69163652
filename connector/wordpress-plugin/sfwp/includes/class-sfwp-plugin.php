<?php
/**
 * Builds the plugin's parts and connects them to WordPress.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Composition root: creates each part once and adds its hooks.
 */
final class SFWP_Plugin {

	/**
	 * Plugin version; matches the Version header of sfwp.php.
	 */
	const VERSION = '0.1.0';

	/**
	 * The one instance.
	 *
	 * @var SFWP_Plugin|null
	 */
	private static ?SFWP_Plugin $instance = null;

	/**
	 * Settings.
	 *
	 * @var SFWP_Settings
	 */
	private SFWP_Settings $settings;

	/**
	 * Table owner.
	 *
	 * @var SFWP_Schema
	 */
	private SFWP_Schema $schema;

	/**
	 * Capability.
	 *
	 * @var SFWP_Capabilities
	 */
	private SFWP_Capabilities $capabilities;

	/**
	 * Change storage.
	 *
	 * @var SFWP_Change_Store
	 */
	private SFWP_Change_Store $store;

	/**
	 * Pruning job.
	 *
	 * @var SFWP_Pruner
	 */
	private SFWP_Pruner $pruner;

	/**
	 * Origin detection.
	 *
	 * @var SFWP_Origin
	 */
	private SFWP_Origin $origin;

	/**
	 * Change recorder.
	 *
	 * @var SFWP_Change_Recorder
	 */
	private SFWP_Change_Recorder $recorder;

	/**
	 * User watcher.
	 *
	 * @var SFWP_User_Watcher
	 */
	private SFWP_User_Watcher $users;

	/**
	 * Post watcher.
	 *
	 * @var SFWP_Post_Watcher
	 */
	private SFWP_Post_Watcher $posts;

	/**
	 * Webhook sender.
	 *
	 * @var SFWP_Webhook
	 */
	private SFWP_Webhook $webhook;

	/**
	 * Signed calls to the connector.
	 *
	 * @var SFWP_Connector_Client
	 */
	private SFWP_Connector_Client $connector;

	/**
	 * Meta registrar.
	 *
	 * @var SFWP_Meta_Registrar
	 */
	private SFWP_Meta_Registrar $meta;

	/**
	 * REST field of users.
	 *
	 * @var SFWP_User_Fields
	 */
	private SFWP_User_Fields $user_fields;

	/**
	 * Versions and conditional writes.
	 *
	 * @var SFWP_Write_Precondition
	 */
	private SFWP_Write_Precondition $precondition;

	/**
	 * Filtering of the connector's writes.
	 *
	 * @var SFWP_Write_Filter
	 */
	private SFWP_Write_Filter $write_filter;

	/**
	 * Guard and log of the connector's role changes.
	 *
	 * @var SFWP_Role_Guard
	 */
	private SFWP_Role_Guard $role_guard;

	/**
	 * Lead capture forms.
	 *
	 * @var SFWP_Forms
	 */
	private SFWP_Forms $forms;

	/**
	 * The plugin.
	 *
	 * @return SFWP_Plugin
	 */
	public static function instance(): SFWP_Plugin {
		if ( null === self::$instance ) {
			self::$instance = new self();
		}
		return self::$instance;
	}

	/**
	 * Signed calls to the connector (screens and developer API use this one client).
	 *
	 * @return SFWP_Connector_Client
	 */
	public function connector(): SFWP_Connector_Client {
		return $this->connector;
	}

	/**
	 * Settings.
	 *
	 * @return SFWP_Settings
	 */
	public function settings(): SFWP_Settings {
		return $this->settings;
	}

	/**
	 * Creates the parts.
	 */
	private function __construct() {
		$this->settings     = new SFWP_Settings();
		$this->schema       = new SFWP_Schema();
		$this->capabilities = new SFWP_Capabilities();
		$this->store        = new SFWP_Change_Store();
		$this->pruner       = new SFWP_Pruner( $this->settings, $this->store );
		$this->origin       = new SFWP_Origin( $this->settings );
		$this->recorder     = new SFWP_Change_Recorder( $this->store, $this->origin );
		$this->users        = new SFWP_User_Watcher( $this->settings, $this->recorder );
		$this->posts        = new SFWP_Post_Watcher( $this->settings, $this->recorder );
		$this->webhook      = new SFWP_Webhook( $this->settings, $this->store );
		$this->connector    = new SFWP_Connector_Client( $this->settings );
		$this->meta         = new SFWP_Meta_Registrar( $this->settings );
		$this->user_fields  = new SFWP_User_Fields();
		$this->precondition = new SFWP_Write_Precondition( $this->settings, $this->origin, $this->users );
		$this->write_filter = new SFWP_Write_Filter( $this->settings, $this->origin );
		$this->role_guard   = new SFWP_Role_Guard( $this->settings, $this->origin, new SFWP_Role_Change_Log() );
		$this->forms        = new SFWP_Forms( $this->recorder );
	}

	/**
	 * Adds every hook.
	 */
	public function boot(): void {
		$this->users->register();
		$this->posts->register();
		$this->webhook->register();
		$this->pruner->register();
		$this->meta->register();
		$this->user_fields->register();
		$this->precondition->register();
		$this->write_filter->register();
		$this->role_guard->register();
		$this->forms->register();
		( new SFWP_Records_Block( sfwp_developer_api() ) )->register();
		$access = new SFWP_Content_Access();
		( new SFWP_Content_Access_Filters( $access ) )->register();
		( new SFWP_Members_Only_Block( $access ) )->register();
		( new SFWP_Access_Meta_Box() )->register();
		add_action( 'plugins_loaded', array( $this, 'maybe_upgrade' ) );
		add_action( 'admin_init', array( $this->capabilities, 'grant' ) );
		add_action( 'rest_api_init', array( $this, 'register_routes' ) );
		if ( is_admin() ) {
			( new SFWP_Admin( $this->settings, $this->store, $this->recorder, $this->connector ) )->register();
		}
	}

	/**
	 * Activation: table, capability, defaults, cron.
	 */
	public static function activate(): void {
		self::instance()->install();
	}

	/**
	 * Deactivation: stops the cron job; data stays until uninstall.
	 */
	public static function deactivate(): void {
		SFWP_Pruner::unschedule();
	}

	/**
	 * Brings the table and the capability up to date after the plugin's files changed.
	 */
	public function maybe_upgrade(): void {
		if ( $this->schema->needs_upgrade() ) {
			$this->install();
		}
	}

	/**
	 * Creates or upgrades everything the plugin keeps in the database.
	 */
	public function install(): void {
		$this->schema->install();
		$this->settings->ensure_stored();
		$this->capabilities->grant();
		$this->pruner->schedule();
	}

	/**
	 * Registers the sfwp/v1 routes.
	 */
	public function register_routes(): void {
		$controllers = array(
			new SFWP_REST_Changes_Controller( new SFWP_Change_Feed( $this->store ), $this->store ),
			new SFWP_REST_Status_Controller( $this->settings, $this->store, $this->schema ),
			new SFWP_REST_Settings_Controller( $this->settings, $this->users ),
			new SFWP_REST_Bulk_Controller( $this->settings, $this->origin, $this->recorder ),
			new SFWP_REST_Lookup_Controller( $this->settings ),
			new SFWP_REST_Heartbeat_Controller( $this->origin ),
		);
		foreach ( $controllers as $controller ) {
			$controller->register_routes();
		}
	}
}
