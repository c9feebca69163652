<?php
/**
 * Router for PHP's built-in web server: real files (assets, wp-admin/*.php) are served as
 * they are, everything else goes through WordPress's front controller, as Apache's
 * rewrite rules would do.
 */
$sfwp_path = parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH );
if ( is_string( $sfwp_path ) && '/' !== $sfwp_path && file_exists( __DIR__ . $sfwp_path ) ) {
	return false;
}
$_SERVER['SCRIPT_NAME']     = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = __DIR__ . '/index.php';
require __DIR__ . '/index.php';
