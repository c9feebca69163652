<?php
/**
 * Removes everything the plugin stored when it is deleted from the Plugins screen.
 *
 * @package sfwp
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

require_once __DIR__ . '/includes/class-sfwp-settings.php';
require_once __DIR__ . '/includes/class-sfwp-schema.php';
require_once __DIR__ . '/includes/class-sfwp-capabilities.php';
require_once __DIR__ . '/includes/class-sfwp-change-store.php';
require_once __DIR__ . '/includes/class-sfwp-user-watcher.php';
require_once __DIR__ . '/includes/class-sfwp-pruner.php';
require_once __DIR__ . '/includes/class-sfwp-write-precondition.php';
require_once __DIR__ . '/includes/class-sfwp-role-change-log.php';
require_once __DIR__ . '/includes/content-access/class-sfwp-content-access.php';
require_once __DIR__ . '/includes/forms/class-sfwp-form-post-type.php';
require_once __DIR__ . '/includes/class-sfwp-rest-controller.php';
require_once __DIR__ . '/includes/admin/class-sfwp-rest-heartbeat-controller.php';
require_once __DIR__ . '/includes/class-sfwp-uninstaller.php';

if ( is_multisite() ) {
	$sfwp_site_ids = get_sites(
		array(
			'fields' => 'ids',
			'number' => 0,
		)
	);
	foreach ( $sfwp_site_ids as $sfwp_site_id ) {
		switch_to_blog( $sfwp_site_id );
		SFWP_Uninstaller::run();
		restore_current_blog();
	}
} else {
	SFWP_Uninstaller::run();
}
