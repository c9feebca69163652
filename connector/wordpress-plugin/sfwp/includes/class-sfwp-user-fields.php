<?php
/**
 * Shows `sfwp_modified_gmt` on users in REST.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * A read-only REST field: when the user last changed, in UTC, or null if never since the
 * plugin was activated.
 */
final class SFWP_User_Fields {

	/**
	 * Adds the hook.
	 */
	public function register(): void {
		add_action( 'rest_api_init', array( $this, 'register_fields' ) );
	}

	/**
	 * Registers the field.
	 */
	public function register_fields(): void {
		register_rest_field(
			'user',
			SFWP_User_Watcher::MODIFIED_META,
			array(
				'get_callback' => array( $this, 'get_modified' ),
				'schema'       => array(
					'description' => __( 'When the user last changed, in UTC (Y-m-d\TH:i:s), or null if unknown.', 'sfwp' ),
					'type'        => array( 'string', 'null' ),
					'context'     => array( 'view', 'edit' ),
					'readonly'    => true,
				),
			)
		);
	}

	/**
	 * The field's value.
	 *
	 * @param array $user User as prepared for the response.
	 * @return string|null
	 */
	public function get_modified( $user ): ?string {
		$value = get_user_meta( (int) $user['id'], SFWP_User_Watcher::MODIFIED_META, true );
		return is_string( $value ) && '' !== $value ? $value : null;
	}
}
