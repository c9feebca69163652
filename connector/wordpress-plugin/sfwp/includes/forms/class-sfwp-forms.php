<?php
/**
 * Builds the forms feature's parts and adds their hooks.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Composition root of lead capture forms: the `sfwp_form` post type, the block and shortcode,
 * the public intake route, the connector's submission routes, the wp-admin submissions screen
 * and the adapters for other form plugins.
 */
final class SFWP_Forms {

	/**
	 * Submissions.
	 *
	 * @var SFWP_Form_Submission_Store
	 */
	private SFWP_Form_Submission_Store $store;

	/**
	 * Intake.
	 *
	 * @var SFWP_Form_Intake
	 */
	private SFWP_Form_Intake $intake;

	/**
	 * Guard.
	 *
	 * @var SFWP_Form_Guard
	 */
	private SFWP_Form_Guard $guard;

	/**
	 * Change recorder.
	 *
	 * @var SFWP_Change_Recorder
	 */
	private SFWP_Change_Recorder $recorder;

	/**
	 * Constructor.
	 *
	 * @param SFWP_Change_Recorder $recorder Change recorder.
	 */
	public function __construct( SFWP_Change_Recorder $recorder ) {
		$this->recorder = $recorder;
		$this->store    = new SFWP_Form_Submission_Store();
		$this->guard    = new SFWP_Form_Guard();
		$this->intake   = new SFWP_Form_Intake( $this->guard, new SFWP_Form_Validator(), $this->store, $recorder );
	}

	/**
	 * Adds every hook.
	 */
	public function register(): void {
		( new SFWP_Form_Post_Type() )->register();
		( new SFWP_Form_Block( new SFWP_Form_Renderer( $this->guard ) ) )->register();
		( new SFWP_Form_Adapters( $this->intake ) )->register();
		( new SFWP_Form_Submissions_Screen( $this->store ) )->register();
		add_action( 'rest_api_init', array( $this, 'register_routes' ) );
	}

	/**
	 * Registers the intake route and the connector's routes.
	 */
	public function register_routes(): void {
		( new SFWP_REST_Form_Intake_Controller( $this->intake ) )->register_routes();
		( new SFWP_REST_Form_Submissions_Controller( $this->store ) )->register_routes();
	}
}
