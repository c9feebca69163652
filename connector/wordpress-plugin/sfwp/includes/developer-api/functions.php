<?php
/**
 * The developer API's functions: `sfwp_query()`, `sfwp_apex()`, `sfwp_describe()`.
 * docs/DEVELOPER-API.md has examples.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * The shared developer API instance.
 *
 * @return SFWP_Developer_API
 */
function sfwp_developer_api(): SFWP_Developer_API {
	static $api = null;
	if ( null === $api ) {
		$api = new SFWP_Developer_API( SFWP_Plugin::instance()->connector() );
	}
	return $api;
}

/**
 * Records of the object an access entry (WP_API_Access__mdt) allows.
 *
 * @param string               $access The entry's API name, e.g. 'Account_Directory'.
 * @param array<string, mixed> $args   fields, filters (each array( 'field' => …, 'operator' => …, 'value' => … )),
 *                                     order_by ('Name DESC'), limit, after (the previous page's `next`), force_refresh.
 * @return array<string, mixed>|WP_Error records, fields, limit, hasMore, next, entry; or the Salesforce or connector code and message.
 */
function sfwp_query( string $access, array $args = array() ) {
	return sfwp_developer_api()->query( $access, $args );
}

/**
 * The Apex REST call an access entry allows.
 *
 * @param string               $access The entry's API name.
 * @param array<string, mixed> $args   query (GET parameters), body (POST JSON), force_refresh.
 * @return array<string, mixed>|WP_Error data, entry; or the code and message.
 */
function sfwp_apex( string $access, array $args = array() ) {
	return sfwp_developer_api()->apex( $access, $args );
}

/**
 * What an access entry allows: its fields with labels and types, or its Apex path and method.
 *
 * @param string               $access The entry's API name.
 * @param array<string, mixed> $args   force_refresh.
 * @return array<string, mixed>|WP_Error
 */
function sfwp_describe( string $access, array $args = array() ) {
	return sfwp_developer_api()->describe( $access, $args );
}
