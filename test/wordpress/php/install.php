<?php
/**
 * Installs WordPress into the configured database without wp-cli, creates an application
 * password for the administrator, creates the test people (an `editor` with the
 * administrator role standing in for a human, and a `subscriber`) with application
 * passwords, and activates the sfwp companion plugin (copied into wp-content/plugins/sfwp
 * by the launcher; not with SFWP_ACTIVATE_COMPANION=0) tracking post, page and organization,
 * and switches to the default theme.
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

// The default theme (wordpress-theme-twentytwentyone), so the front end renders posts.
$sfwp_theme = wp_get_theme( 'twentytwentyone' );
if ( ! $sfwp_theme->exists() ) {
	fwrite( STDERR, "theme twentytwentyone is missing: install wordpress-theme-twentytwentyone\n" );
	exit( 6 );
}
switch_theme( $sfwp_theme->get_stylesheet() );
update_option( 'blogdescription', 'Local WordPress started by sfwp' );

$sfwp_user = get_user_by( 'login', $sfwp_username );
if ( ! $sfwp_user ) {
	fwrite( STDERR, "administrator $sfwp_username was not created\n" );
	exit( 2 );
}
$sfwp_app_name = getenv( 'SFWP_APP_PASSWORD_NAME' );

/**
 * Creates a fresh application password for a user, replacing the previous one of the same
 * name (a restarted persistent site would otherwise pile them up).
 *
 * @param int    $user_id  User id.
 * @param string $app_name Application password name.
 * @return string The password.
 */
function sfwp_fresh_application_password( $user_id, $app_name ) {
	foreach ( WP_Application_Passwords::get_user_application_passwords( $user_id ) as $item ) {
		if ( $item['name'] === $app_name ) {
			WP_Application_Passwords::delete_application_password( $user_id, $item['uuid'] );
		}
	}
	$created = WP_Application_Passwords::create_new_application_password( $user_id, array( 'name' => $app_name ) );
	if ( is_wp_error( $created ) ) {
		fwrite( STDERR, $created->get_error_message() . "\n" );
		exit( 3 );
	}
	return $created[0];
}

$sfwp_application_password = sfwp_fresh_application_password( $sfwp_user->ID, $sfwp_app_name );

// The test people, created before the plugin is activated so the change feed starts empty.
$sfwp_people = array();
foreach ( array( 'editor' => 'administrator', 'subscriber' => 'subscriber' ) as $sfwp_login => $sfwp_role ) {
	$sfwp_person = get_user_by( 'login', $sfwp_login );
	if ( ! $sfwp_person ) {
		$sfwp_person_id = wp_insert_user(
			array(
				'user_login' => $sfwp_login,
				'user_email' => $sfwp_login . '@example.test',
				'user_pass'  => wp_generate_password( 24 ),
				'first_name' => ucfirst( $sfwp_login ),
				'last_name'  => 'Tester',
				'role'       => $sfwp_role,
			)
		);
		if ( is_wp_error( $sfwp_person_id ) ) {
			fwrite( STDERR, "user $sfwp_login: " . $sfwp_person_id->get_error_message() . "\n" );
			exit( 4 );
		}
		$sfwp_person = get_user_by( 'id', $sfwp_person_id );
	}
	$sfwp_person->set_role( $sfwp_role );
	$sfwp_people[ $sfwp_login ] = array(
		'username'            => $sfwp_login,
		'applicationPassword' => sfwp_fresh_application_password( $sfwp_person->ID, $sfwp_app_name ),
		'id'                  => $sfwp_person->ID,
	);
}

// The companion plugin, activated the way the Plugins screen does it (activation hook
// included), tracking the post types the tests and the default mappings use. With
// SFWP_ACTIVATE_COMPANION=0 the site starts without it, as a site owner's before the upload.
if ( '0' !== getenv( 'SFWP_ACTIVATE_COMPANION' ) ) {
	require_once ABSPATH . 'wp-admin/includes/plugin.php';
	$sfwp_activated = activate_plugin( 'sfwp/sfwp.php' );
	if ( is_wp_error( $sfwp_activated ) ) {
		fwrite( STDERR, 'sfwp plugin: ' . $sfwp_activated->get_error_message() . "\n" );
		exit( 5 );
	}
	$sfwp_settings = get_option( 'sfwp_settings' );
	if ( ! is_array( $sfwp_settings ) ) {
		fwrite( STDERR, "sfwp plugin: activation stored no settings\n" );
		exit( 5 );
	}
	$sfwp_settings['post_types'] = array_values( array_unique( array_merge( array( 'post', 'page', 'organization' ), $sfwp_settings['post_types'] ) ) );
	update_option( 'sfwp_settings', $sfwp_settings );
}

echo 'SFWP_RESULT ' . wp_json_encode(
	array(
		'applicationPassword' => $sfwp_application_password,
		'userId'              => $sfwp_user->ID,
		'version'             => get_bloginfo( 'version' ),
		'people'              => $sfwp_people,
	)
) . "\n";
