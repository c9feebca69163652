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
	 * For routes only the connector may call: the capability, and the connector's origin
	 * signature on the request.
	 *
	 * @param WP_REST_Request $request  Request.
	 * @param SFWP_Origin     $origin   Origin detection.
	 * @param WP_Error        $unsigned What to answer a request without the signature.
	 * @return true|WP_Error
	 */
	protected function connector_permissions_check( $request, SFWP_Origin $origin, WP_Error $unsigned ) {
		$allowed = $this->permissions_check( $request );
		if ( true !== $allowed ) {
			return $allowed;
		}
		return $origin->is_signed() ? true : $unsigned;
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
