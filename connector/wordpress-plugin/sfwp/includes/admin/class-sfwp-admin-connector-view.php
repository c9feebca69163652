<?php
/**
 * What the wp-admin screens ask the connector, once per request.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * The connector's answers for the screens: its status, the link status of WordPress objects,
 * the failures of WordPress objects, and the two actions (sync now, retry). Every call is
 * signed by SFWP_Connector_Client; WordPress never talks to Salesforce.
 */
final class SFWP_Admin_Connector_View {

	/**
	 * Most ids per link-status call (the connector's limit).
	 */
	const MAX_IDS = 1000;

	/**
	 * Signed calls to the connector.
	 *
	 * @var SFWP_Connector_Client
	 */
	private SFWP_Connector_Client $client;

	/**
	 * Answers already received in this request, by key.
	 *
	 * @var array<string, mixed>
	 */
	private array $cache = array();

	/**
	 * Constructor.
	 *
	 * @param SFWP_Connector_Client $client Signed calls to the connector.
	 */
	public function __construct( SFWP_Connector_Client $client ) {
		$this->client = $client;
	}

	/**
	 * The connector's status (`GET /wordpress/status`).
	 *
	 * @return array<string, mixed>|WP_Error
	 */
	public function status() {
		return $this->remember( 'status', fn() => $this->client->get( 'status' ) );
	}

	/**
	 * Link status of objects of one type, by id; ids the connector did not answer are absent.
	 *
	 * @param string $type `user` or a post type slug.
	 * @param int[]  $ids  WordPress ids.
	 * @return array<int, array<string, mixed>>|WP_Error
	 */
	public function link_statuses( string $type, array $ids ) {
		$ids = array_values( array_unique( array_filter( array_map( 'intval', $ids ) ) ) );
		if ( array() === $ids ) {
			return array();
		}
		$statuses = array();
		foreach ( array_chunk( $ids, self::MAX_IDS ) as $chunk ) {
			$key = 'links:' . $type . ':' . implode( ',', $chunk );
			$got = $this->remember(
				$key,
				fn() => $this->client->post(
					'link-status',
					array(
						'type' => $type,
						'ids'  => $chunk,
					)
				)
			);
			if ( is_wp_error( $got ) ) {
				return $got;
			}
			foreach ( (array) ( $got['objects'] ?? array() ) as $id => $status ) {
				$statuses[ (int) $id ] = (array) $status;
			}
		}
		return $statuses;
	}

	/**
	 * Failures of WordPress objects (`GET /wordpress/outcomes`).
	 *
	 * @param array<string, string|int> $filters type, status, page, per_page.
	 * @return array<string, mixed>|WP_Error items, total, page, perPage.
	 */
	public function outcomes( array $filters ) {
		$filters = array_filter( $filters, fn( $value ) => '' !== $value && null !== $value );
		return $this->remember( 'outcomes:' . wp_json_encode( $filters ), fn() => $this->client->get( 'outcomes', $filters ) );
	}

	/**
	 * Recent sync results of WordPress objects (Salesforce's WP_Sync_Log__c, through the
	 * connector), newest first.
	 *
	 * @param array<string, mixed> $filters type, status (Success, Skipped, Failed or all), per_page, before.
	 * @return array<string, mixed>|WP_Error items and next (the before of the next page, or null).
	 */
	public function results( array $filters ) {
		$filters = array_filter( $filters, fn( $value ) => '' !== $value && null !== $value );
		return $this->remember( 'results:' . wp_json_encode( $filters ), fn() => $this->client->get( 'results', $filters, 15.0 ) );
	}

	/**
	 * Ids of the objects of a type with an open dead letter.
	 *
	 * @param string $type `user` or a post type slug.
	 * @return int[]|WP_Error
	 */
	public function failed_ids( string $type ) {
		$page = $this->outcomes(
			array(
				'type'     => $type,
				'status'   => 'open',
				'per_page' => self::MAX_IDS,
			)
		);
		if ( is_wp_error( $page ) ) {
			return $page;
		}
		return array_values( array_unique( array_map( fn( $item ) => (int) $item['wordpressId'], (array) $page['items'] ) ) );
	}

	/**
	 * Runs an object's open dead letters again (the admin app's RetryFailed command).
	 *
	 * @param string $mapping Mapping name.
	 * @param int    $id      WordPress id.
	 * @return array<string, mixed>|WP_Error ok and message.
	 */
	public function retry( string $mapping, int $id ) {
		return $this->client->post(
			'retry',
			array(
				'mapping' => $mapping,
				'ids'     => array( $id ),
			),
			30.0
		);
	}

	/**
	 * Whether the connector can be called at all.
	 *
	 * @return bool
	 */
	public function is_configured(): bool {
		return $this->client->is_configured();
	}

	/**
	 * One answer per key per request.
	 *
	 * @param string   $key  Cache key.
	 * @param callable $call Makes the call.
	 * @return mixed
	 */
	private function remember( string $key, callable $call ) {
		if ( ! array_key_exists( $key, $this->cache ) ) {
			$this->cache[ $key ] = $call();
		}
		return $this->cache[ $key ];
	}
}
