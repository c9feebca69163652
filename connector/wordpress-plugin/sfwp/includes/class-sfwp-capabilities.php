<?php
/**
 * The `sfwp_sync` capability every sfwp/v1 route requires.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Grants and revokes the capability.
 */
final class SFWP_Capabilities {

	/**
	 * Capability name.
	 */
	const CAPABILITY = 'sfwp_sync';

	/**
	 * Role that receives the capability.
	 */
	const ROLE = 'administrator';

	/**
	 * Gives the capability to administrators when they lack it.
	 */
	public function grant(): void {
		$role = get_role( self::ROLE );
		if ( $role instanceof WP_Role && ! $role->has_cap( self::CAPABILITY ) ) {
			$role->add_cap( self::CAPABILITY );
		}
	}

	/**
	 * Removes the capability from every role (uninstall).
	 */
	public function revoke_everywhere(): void {
		foreach ( wp_roles()->role_objects as $role ) {
			if ( $role->has_cap( self::CAPABILITY ) ) {
				$role->remove_cap( self::CAPABILITY );
			}
		}
	}
}
