<?php
/**
 * What every sfwp/v1 controller shares: the namespace and the permission check.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Base of the sfwp/v1 controllers.
 */
abstract class SFWP_REST_Controller extends WP_REST_Controller {

	/**
	 * REST namespace.
	 *
	 * @var string
	 */
	protected $namespace = 'sfwp/v1';

	/**
	 * Every route needs a logged-in user with the `sfwp_sync` capability.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return true|WP_Error
	 */
	public function permissions_check( $request ) {
		if ( ! is_user_logged_in() ) {
			return new WP_Error(
				'rest_not_logged_in',
				__( 'You must be logged in to use the sfwp routes.', 'sfwp' ),
				array( 'status' => 401 )
			);
		}
		if ( ! current_user_can( SFWP_Capabilities::CAPABILITY ) ) {
			return new WP_Error(
				'rest_forbidden',
				__( 'Sorry, you are not allowed to use the sfwp routes.', 'sfwp' ),
				array( 'status' => 403 )
			);
		}
		return true;
	}

	/**
	 * An error in the shape WordPress gives invalid parameters.
	 *
	 * @param array<string, string> $messages Parameter name => message.
	 * @return WP_Error
	 */
	protected function invalid_params( array $messages ): WP_Error {
		return new WP_Error(
			'rest_invalid_param',
			/* translators: %s: List of invalid parameters. */
			sprintf( __( 'Invalid parameter(s): %s', 'sfwp' ), implode( ', ', array_keys( $messages ) ) ),
			array(
				'status' => 400,
				'params' => $messages,
			)
		);
	}
}
