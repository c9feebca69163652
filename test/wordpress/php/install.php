<?php
/**
 * Installs WordPress into the configured database without wp-cli, and creates an
 * application password for the administrator.
 *
 * Usage: php install.php SITE_DIR  (settings come from the SFWP_* environment variables)
 * Prints one line "SFWP_RESULT {json}".
 */
if ( PHP_SAPI !== 'cli' ) {
	exit( 1 );
}
$sfwp_site = $argv[1];
$sfwp_url  = getenv( 'SFWP_URL' );
$sfwp_host = parse_url( $sfwp_url, PHP_URL_HOST ) . ':' . parse_url( $sfwp_url, PHP_URL_PORT );

$_SERVER['HTTP_HOST']   = $sfwp_host;
$_SERVER['SERVER_NAME'] = parse_url( $sfwp_url, PHP_URL_HOST );
$_SERVER['REQUEST_URI'] = '/';

define( 'WP_INSTALLING', true );
require $sfwp_site . '/wp-load.php';

// Replaces the pluggable mailer of the install notice: no mail leaves a test machine.
function wp_new_blog_notification( $blog_title, $blog_url, $user_id, $password ) {}

require_once ABSPATH . 'wp-admin/includes/upgrade.php';

$sfwp_username = getenv( 'SFWP_ADMIN_USER' );
if ( ! is_blog_installed() ) {
	wp_install(
		'sfwp local WordPress',
		$sfwp_username,
		getenv( 'SFWP_ADMIN_EMAIL' ),
		false,
		'',
		wp_slash( getenv( 'SFWP_ADMIN_PASSWORD' ) )
	);
}
update_option( 'permalink_structure', '/%postname%/' );
update_option( 'blogdescription', 'Local WordPress started by sfwp' );

$sfwp_user = get_user_by( 'login', $sfwp_username );
if ( ! $sfwp_user ) {
	fwrite( STDERR, "administrator $sfwp_username was not created\n" );
	exit( 2 );
}
$sfwp_app_name = getenv( 'SFWP_APP_PASSWORD_NAME' );
// One password per name: a restarted persistent site replaces the previous one.
foreach ( WP_Application_Passwords::get_user_application_passwords( $sfwp_user->ID ) as $sfwp_item ) {
	if ( $sfwp_item['name'] === $sfwp_app_name ) {
		WP_Application_Passwords::delete_application_password( $sfwp_user->ID, $sfwp_item['uuid'] );
	}
}
$sfwp_created = WP_Application_Passwords::create_new_application_password(
	$sfwp_user->ID,
	array( 'name' => $sfwp_app_name )
);
if ( is_wp_error( $sfwp_created ) ) {
	fwrite( STDERR, $sfwp_created->get_error_message() . "\n" );
	exit( 3 );
}
echo 'SFWP_RESULT ' . wp_json_encode(
	array(
		'applicationPassword' => $sfwp_created[0],
		'userId'              => $sfwp_user->ID,
		'version'             => get_bloginfo( 'version' ),
	)
) . "\n";
