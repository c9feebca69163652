<?php
/**
 * The wp-admin screens.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Builds the screens (status page, sync log, object panels, list tables) and their actions,
 * all reading the connector through one SFWP_Admin_Connector_View.
 */
final class SFWP_Admin {

	/**
	 * The screens' parts.
	 *
	 * @var array<int, object>
	 */
	private array $parts;

	/**
	 * Constructor.
	 *
	 * @param SFWP_Settings         $settings  Settings.
	 * @param SFWP_Change_Store     $store     Change storage.
	 * @param SFWP_Change_Recorder  $recorder  Change recorder.
	 * @param SFWP_Connector_Client $client    Signed calls to the connector.
	 */
	public function __construct( SFWP_Settings $settings, SFWP_Change_Store $store, SFWP_Change_Recorder $recorder, SFWP_Connector_Client $client ) {
		$connector   = new SFWP_Admin_Connector_View( $client );
		$actions     = new SFWP_Admin_Sync_Actions( $settings, $recorder, $connector );
		$this->parts = array(
			$actions,
			new SFWP_Admin_Settings_Form( $settings ),
			new SFWP_Admin_Status_Page( $settings, $store, $connector ),
			new SFWP_Admin_Log_Page( $settings, $connector ),
			new SFWP_Admin_Object_Panel( $settings, $connector, $actions ),
			new SFWP_Admin_List_Tables( $settings, $connector, $actions ),
			new SFWP_Admin_Status_Filter( $settings, $connector ),
		);
	}

	/**
	 * Adds every hook.
	 */
	public function register(): void {
		foreach ( $this->parts as $part ) {
			$part->register();
		}
		add_action( 'admin_enqueue_scripts', array( $this, 'enqueue_styles' ) );
	}

	/**
	 * The screens' few styles (status colours), for users who see them.
	 */
	public function enqueue_styles(): void {
		if ( current_user_can( SFWP_Capabilities::CAPABILITY ) ) {
			wp_enqueue_style( 'sfwp-admin', plugins_url( 'assets/admin/sfwp-admin.css', dirname( __DIR__ ) ), array(), SFWP_Plugin::VERSION );
		}
	}
}
