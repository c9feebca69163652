<?php
/**
 * WordPress's in-process insert rate: the physical limit of this machine's PHP and MariaDB for
 * the objects sfwp writes, with no HTTP, no REST and no connector. Loads the site's
 * wp-load.php (every active plugin and must-use plugin, so their hooks fire as for a REST
 * write), signs in as the connector's administrator and inserts COUNT objects with the same
 * core functions the REST controllers call:
 *
 * - users: wp_insert_user() with login = email, a generated password, email, first and last
 *   name, URL and description (the fields of the Contact_User mapping, as sfwp creates users);
 * - posts: wp_insert_post() of the `organization` type, draft, with title, content and the
 *   three meta fields of the Account_Organization mapping (meta_input: update_post_meta()).
 *
 * Usage: php insert-rate.php SITE_DIR users|posts COUNT TAG ADMIN_LOGIN
 * Prints one line "SFWP_INSERT_RATE {json}" with the records, the seconds the inserts took
 * (the loop only, not WordPress's start-up), when the loop started and ended (Unix time, for
 * several processes run side by side) and the failures.
 *
 * @package sfwp
 */

if ( PHP_SAPI !== 'cli' ) {
	exit( 1 );
}
if ( $argc < 6 ) {
	fwrite( STDERR, "Usage: php insert-rate.php SITE_DIR users|posts COUNT TAG ADMIN_LOGIN\n" );
	exit( 2 );
}
list( , $sfwp_site, $sfwp_kind, $sfwp_count, $sfwp_tag, $sfwp_admin ) = $argv;
$sfwp_count = (int) $sfwp_count;
if ( ! in_array( $sfwp_kind, array( 'users', 'posts' ), true ) || $sfwp_count < 1 ) {
	fwrite( STDERR, "insert-rate.php: KIND must be users or posts and COUNT a positive integer\n" );
	exit( 2 );
}

$_SERVER['HTTP_HOST']   = 'localhost';
$_SERVER['SERVER_NAME'] = 'localhost';
$_SERVER['REQUEST_URI'] = '/';
require $sfwp_site . '/wp-load.php';

$sfwp_user = get_user_by( 'login', $sfwp_admin );
if ( ! $sfwp_user ) {
	fwrite( STDERR, "insert-rate.php: no user {$sfwp_admin}\n" );
	exit( 2 );
}
wp_set_current_user( $sfwp_user->ID );

/**
 * One object's insert through core; the error message, or null when it was stored.
 *
 * @param string $kind  users or posts.
 * @param string $tag   Keeps runs apart.
 * @param int    $index Record number.
 * @return string|null
 */
function sfwp_insert_one( string $kind, string $tag, int $index ): ?string {
	$slug = strtolower( $tag ) . '-' . $index;
	if ( 'users' === $kind ) {
		$email  = $slug . '@example.test';
		$result = wp_insert_user(
			wp_slash(
				array(
					'user_login'  => $email,
					'user_email'  => $email,
					'user_pass'   => wp_generate_password( 24 ),
					'first_name'  => $tag,
					'last_name'   => 'Member ' . $index,
					'user_url'    => 'https://' . $slug . '.example.test',
					'description' => $tag . ' member number ' . $index . ', synced by the benchmark.',
				)
			)
		);
	} else {
		$result = wp_insert_post(
			wp_slash(
				array(
					'post_type'    => 'organization',
					'post_status'  => 'draft',
					'post_title'   => $tag . ' ' . $index,
					'post_content' => '<p>' . $tag . ' organisation number ' . $index . ', synced by the benchmark.</p>',
					'meta_input'   => array(
						'website'         => 'https://' . $slug . '.example.test',
						'billing_city'    => 'Lyon',
						'billing_country' => 'France',
					),
				)
			),
			true
		);
	}
	return is_wp_error( $result ) ? $result->get_error_message() : null;
}

$sfwp_failed      = 0;
$sfwp_first_error = null;
$sfwp_started_at  = microtime( true );
$sfwp_started     = hrtime( true );
for ( $sfwp_index = 0; $sfwp_index < $sfwp_count; $sfwp_index++ ) {
	$sfwp_error = sfwp_insert_one( $sfwp_kind, $sfwp_tag, $sfwp_index );
	if ( null !== $sfwp_error ) {
		++$sfwp_failed;
		$sfwp_first_error = $sfwp_first_error ?? $sfwp_error;
	}
}
$sfwp_seconds  = ( hrtime( true ) - $sfwp_started ) / 1e9;
$sfwp_ended_at = microtime( true );

echo 'SFWP_INSERT_RATE ' . wp_json_encode(
	array(
		'kind'       => $sfwp_kind,
		'records'    => $sfwp_count,
		'seconds'    => $sfwp_seconds,
		'startedAt'  => $sfwp_started_at,
		'endedAt'    => $sfwp_ended_at,
		'failed'     => $sfwp_failed,
		'firstError' => $sfwp_first_error,
		'peakMemory' => memory_get_peak_usage( true ),
	)
) . "\n";
