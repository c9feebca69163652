<?php
/**
 * The developer API: Salesforce data through the connector, as an access entry allows.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Calls the connector's signed `api/*` routes and caches results in transients for the time
 * the access entry (WP_API_Access__mdt) gives. A last good copy is kept longer, so a page can
 * still show data while Salesforce or the connector cannot be reached.
 */
final class SFWP_Developer_API {

	/**
	 * How long the last good copy of a result is kept for outages (seconds).
	 */
	const STALE_SECONDS = DAY_IN_SECONDS;

	/**
	 * Error codes that mean "not reachable right now" rather than "refused".
	 */
	const UNAVAILABLE_CODES = array(
		'sfwp_connector_unreachable',
		'sfwp_connector_not_configured',
		'SALESFORCE_UNAVAILABLE',
		'SALESFORCE_AUTH',
		'REQUEST_LIMIT_EXCEEDED',
		'API_BUDGET_RESERVED',
	);

	/**
	 * Connector client.
	 *
	 * @var SFWP_Connector_Client
	 */
	private SFWP_Connector_Client $connector;

	/**
	 * Constructor.
	 *
	 * @param SFWP_Connector_Client $connector Signed connector client.
	 */
	public function __construct( SFWP_Connector_Client $connector ) {
		$this->connector = $connector;
	}

	/**
	 * Records an access entry allows.
	 *
	 * @param string               $access Access entry API name.
	 * @param array<string, mixed> $args   fields, filters, order_by, limit, after, force_refresh.
	 * @return array<string, mixed>|WP_Error
	 */
	public function query( string $access, array $args = array() ) {
		return $this->call( 'query', $access, $args );
	}

	/**
	 * The Apex REST call an access entry allows.
	 *
	 * @param string               $access Access entry API name.
	 * @param array<string, mixed> $args   method, query, body, force_refresh.
	 * @return array<string, mixed>|WP_Error
	 */
	public function apex( string $access, array $args = array() ) {
		return $this->call( 'apex', $access, $args );
	}

	/**
	 * What an access entry allows: the fields with labels and types, or the Apex path.
	 *
	 * @param string               $access Access entry API name.
	 * @param array<string, mixed> $args   force_refresh.
	 * @return array<string, mixed>|WP_Error
	 */
	public function describe( string $access, array $args = array() ) {
		return $this->call( 'describe', $access, $args );
	}

	/**
	 * Cache, connector call, filters.
	 *
	 * @param string               $kind   query, apex or describe.
	 * @param string               $access Access entry API name.
	 * @param array<string, mixed> $args   Caller arguments.
	 * @return array<string, mixed>|WP_Error
	 */
	private function call( string $kind, string $access, array $args ) {
		$force = ! empty( $args['force_refresh'] );
		unset( $args['force_refresh'] );
		/**
		 * Filters the arguments of a developer API call before the cache and the connector see them.
		 *
		 * @param array<string, mixed> $args   Arguments.
		 * @param string               $access Access entry API name.
		 * @param string               $kind   query, apex or describe.
		 */
		$args = (array) apply_filters( 'sfwp_api_request_args', $args, $access, $kind );
		$key  = 'sfwp_api_' . md5( $kind . '|' . $access . '|' . (string) wp_json_encode( $args ) );
		if ( ! $force ) {
			$cached = get_transient( $key );
			if ( is_array( $cached ) ) {
				return $this->filtered( $cached, $access, $kind, $args );
			}
		}
		/**
		 * Fires before each call the developer API makes to the connector (not for cache hits).
		 *
		 * @param string               $access Access entry API name.
		 * @param string               $kind   query, apex or describe.
		 * @param array<string, mixed> $args   Arguments.
		 */
		do_action( 'sfwp_api_connector_call', $access, $kind, $args );
		$result = $this->request( $kind, $access, $args );
		if ( is_wp_error( $result ) ) {
			return $this->failure( $result, $key );
		}
		$seconds = isset( $result['entry']['cacheSeconds'] ) ? (int) $result['entry']['cacheSeconds'] : 0;
		if ( $seconds > 0 ) {
			set_transient( $key, $result, $seconds );
		}
		set_transient( $key . '_stale', $result, self::STALE_SECONDS );
		return $this->filtered( $result, $access, $kind, $args );
	}

	/**
	 * The signed connector call of one kind.
	 *
	 * @param string               $kind   query, apex or describe.
	 * @param string               $access Access entry API name.
	 * @param array<string, mixed> $args   Arguments.
	 * @return array<mixed>|WP_Error
	 */
	private function request( string $kind, string $access, array $args ) {
		if ( 'describe' === $kind ) {
			return $this->connector->get( 'api/describe', array( 'access' => $access ), 15.0 );
		}
		if ( 'apex' === $kind ) {
			$body = array( 'access' => $access );
			foreach ( array( 'method', 'path', 'query', 'body' ) as $name ) {
				if ( array_key_exists( $name, $args ) ) {
					$body[ $name ] = $args[ $name ];
				}
			}
			return $this->connector->post( 'api/apex', $body, 15.0 );
		}
		return $this->connector->post( 'api/query', $this->query_body( $access, $args ), 15.0 );
	}

	/**
	 * The connector's query body from PHP-style arguments.
	 *
	 * @param string               $access Access entry API name.
	 * @param array<string, mixed> $args   object, fields (list or comma text), filters, order_by, limit, after (the previous page's `next`).
	 * @return array<string, mixed>
	 */
	private function query_body( string $access, array $args ): array {
		$body = array( 'access' => $access );
		if ( isset( $args['object'] ) ) {
			$body['object'] = (string) $args['object'];
		}
		if ( isset( $args['fields'] ) ) {
			$fields         = is_array( $args['fields'] ) ? $args['fields'] : explode( ',', (string) $args['fields'] );
			$body['fields'] = array_values( array_filter( array_map( 'trim', array_map( 'strval', $fields ) ), 'strlen' ) );
		}
		if ( isset( $args['filters'] ) && is_array( $args['filters'] ) ) {
			$body['filters'] = array_values( $args['filters'] );
		}
		if ( isset( $args['order_by'] ) ) {
			$parts           = preg_split( '/\s+/', trim( (string) $args['order_by'] ) );
			$body['orderBy'] = array(
				'field'     => (string) ( $parts[0] ?? '' ),
				'direction' => strtoupper( (string) ( $parts[1] ?? 'ASC' ) ),
			);
		}
		if ( isset( $args['limit'] ) ) {
			$body['limit'] = is_numeric( $args['limit'] ) ? 0 + $args['limit'] : $args['limit'];
		}
		if ( isset( $args['after'] ) && '' !== $args['after'] ) {
			$body['after'] = (string) $args['after'];
		}
		return $body;
	}

	/**
	 * A failed call: the error, with the last good copy in its data when Salesforce or the
	 * connector is unavailable and there is one.
	 *
	 * @param WP_Error $error Error.
	 * @param string   $key   Cache key.
	 * @return WP_Error
	 */
	private function failure( WP_Error $error, string $key ): WP_Error {
		$data = $error->get_error_data();
		$data = is_array( $data ) ? $data : array();
		unset( $data['detail'] );
		$data['unavailable'] = in_array( $error->get_error_code(), self::UNAVAILABLE_CODES, true );
		if ( $data['unavailable'] ) {
			$stale = get_transient( $key . '_stale' );
			if ( is_array( $stale ) ) {
				$data['cached'] = $stale;
			}
		}
		return new WP_Error( $error->get_error_code(), $error->get_error_message(), $data );
	}

	/**
	 * Applies `sfwp_api_result`.
	 *
	 * @param array<string, mixed> $result Result.
	 * @param string               $access Access entry API name.
	 * @param string               $kind   query, apex or describe.
	 * @param array<string, mixed> $args   Arguments.
	 * @return array<string, mixed>
	 */
	private function filtered( array $result, string $access, string $kind, array $args ): array {
		/**
		 * Filters a developer API result (fresh or cached) before the caller gets it.
		 *
		 * @param array<string, mixed> $result Result.
		 * @param string               $access Access entry API name.
		 * @param string               $kind   query, apex or describe.
		 * @param array<string, mixed> $args   Arguments.
		 */
		return (array) apply_filters( 'sfwp_api_result', $result, $access, $kind, $args );
	}
}
