<?php
/**
 * `wp/v2/sfwp-forms`: core's posts controller, for administrators only.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Core would list published posts of any type in REST to anyone. Forms are not public content:
 * reading them, like writing them, needs the capability that manages them.
 */
final class SFWP_REST_Forms_Controller extends WP_REST_Posts_Controller {

	/**
	 * Listing needs the forms capability.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return true|WP_Error
	 */
	public function get_items_permissions_check( $request ) {
		return $this->managers_only() ?? parent::get_items_permissions_check( $request );
	}

	/**
	 * Reading one needs the forms capability.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return bool|WP_Error
	 */
	public function get_item_permissions_check( $request ) {
		return $this->managers_only() ?? parent::get_item_permissions_check( $request );
	}

	/**
	 * Null when the current user manages forms, else the refusal.
	 *
	 * @return WP_Error|null
	 */
	private function managers_only(): ?WP_Error {
		if ( current_user_can( SFWP_Form_Post_Type::CAPABILITY ) ) {
			return null;
		}
		return new WP_Error(
			'rest_forbidden',
			__( 'Sorry, you are not allowed to read Salesforce forms.', 'sfwp' ),
			array( 'status' => rest_authorization_required_code() )
		);
	}
}
