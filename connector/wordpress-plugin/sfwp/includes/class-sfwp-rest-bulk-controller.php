<?php
/**
 * `POST sfwp/v1/bulk`.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Up to MAX_ITEMS writes of users and tracked post types in one request, for the connector.
 *
 * The body has the shape of core's `/batch/v1`; each item is dispatched to core's own REST
 * controller with `rest_do_request()`, so core's functions and every hook run as for a single
 * request, and so do the plugin's write precondition, write filter and change recorder. What
 * the route adds (SFWP_Bulk_Session): one transaction with a savepoint per item and deferred
 * term counting (suspended cache additions on request). The answer is 207 with one envelope
 * per item, in input order, as `/batch/v1` answers.
 *
 * Hooks: `sfwp_bulk_item_processed` after each item.
 */
final class SFWP_REST_Bulk_Controller extends SFWP_REST_Controller {

	/**
	 * Most items per request.
	 */
	const MAX_ITEMS = 200;

	/**
	 * Methods an item may use.
	 */
	const METHODS = array( 'POST', 'PUT', 'PATCH', 'DELETE' );

	/**
	 * Bulk behaviours the request may switch, with their defaults. Suspending cache additions
	 * is off by default: measured, it makes every repeated read of a post, user or meta a query
	 * (2.3–3.1 times the queries per item), so it saves memory, not time.
	 */
	const OPTIONS = array(
		'transaction'          => true,
		'deferTermCounting'    => true,
		'suspendCacheAddition' => false,
	);

	/**
	 * Settings.
	 *
	 * @var SFWP_Settings
	 */
	private SFWP_Settings $settings;

	/**
	 * Origin detection.
	 *
	 * @var SFWP_Origin
	 */
	private SFWP_Origin $origin;

	/**
	 * Change recorder.
	 *
	 * @var SFWP_Change_Recorder
	 */
	private SFWP_Change_Recorder $recorder;

	/**
	 * Constructor.
	 *
	 * @param SFWP_Settings        $settings Settings.
	 * @param SFWP_Origin          $origin   Origin detection.
	 * @param SFWP_Change_Recorder $recorder Change recorder.
	 */
	public function __construct( SFWP_Settings $settings, SFWP_Origin $origin, SFWP_Change_Recorder $recorder ) {
		$this->settings  = $settings;
		$this->origin    = $origin;
		$this->recorder  = $recorder;
		$this->rest_base = 'bulk';
	}

	/**
	 * Registers the route.
	 */
	public function register_routes() {
		$options = array();
		foreach ( self::OPTIONS as $option => $default ) {
			$options[ $option ] = array(
				'type'    => 'boolean',
				'default' => $default,
			);
		}
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base,
			array(
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'create_items' ),
					'permission_callback' => array( $this, 'bulk_permissions_check' ),
					'args'                => array(
						'requests' => array(
							'description' => __( 'The writes, each a request to a users route or to the route of a tracked post type.', 'sfwp' ),
							'type'        => 'array',
							'required'    => true,
							'minItems'    => 1,
							'items'       => array(
								'type'       => 'object',
								'properties' => array(
									'method'  => array(
										'type'    => 'string',
										'default' => 'POST',
									),
									'path'    => array(
										'type'     => 'string',
										'required' => true,
									),
									'body'    => array(
										'type'                 => 'object',
										'properties'           => array(),
										'additionalProperties' => true,
									),
									'headers' => array(
										'type'                 => 'object',
										'properties'           => array(),
										'additionalProperties' => array(
											'type'  => array( 'string', 'array' ),
											'items' => array( 'type' => 'string' ),
										),
									),
								),
							),
						),
						'options'  => array(
							'description'          => __( 'Switches the bulk behaviours on or off, for measurement.', 'sfwp' ),
							'type'                 => 'object',
							'properties'           => $options,
							'additionalProperties' => false,
							'default'              => array(),
						),
					),
				),
			)
		);
	}

	/**
	 * The sfwp permission check, and the connector's signature: a bulk write is always the
	 * connector's, never a person's.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return true|WP_Error
	 */
	public function bulk_permissions_check( $request ) {
		return $this->connector_permissions_check(
			$request,
			$this->origin,
			new WP_Error(
				'sfwp_bulk_unsigned',
				__( 'The bulk route takes only requests signed by the connector (X-Sfwp-Origin). Set the same shared secret in the connector and in the sfwp settings.', 'sfwp' ),
				array( 'status' => 401 )
			)
		);
	}

	/**
	 * `POST /bulk`.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function create_items( $request ) {
		$items = $request['requests'];
		if ( count( $items ) > self::MAX_ITEMS ) {
			return new WP_Error(
				'sfwp_bulk_too_many',
				/* translators: %d: most items per request. */
				sprintf( __( 'A bulk request takes at most %d items.', 'sfwp' ), self::MAX_ITEMS ),
				array(
					'status' => 413,
					'max'    => self::MAX_ITEMS,
				)
			);
		}

		$server = rest_get_server();
		$locks  = new SFWP_Bulk_Identity_Locks();
		if ( ! $locks->claim( $items ) ) {
			return new WP_REST_Response(
				array( 'responses' => $this->all_failed( count( $items ), $server, $this->busy() ) ),
				WP_Http::MULTI_STATUS
			);
		}
		$session   = new SFWP_Bulk_Session( $this->recorder, $this->options_of( $request ) );
		$routes    = $this->allowed_routes();
		$responses = array();
		$finished  = false;
		try {
			$session->open();
			foreach ( $items as $index => $item ) {
				if ( $session->is_lost() ) {
					break;
				}
				$session->begin_item();
				$single = $this->build_request( $item );
				$result = $this->dispatch( $single, $routes, $server );
				$data   = $server->envelope_response( $result, false )->get_data();
				$ok     = $data['status'] < 400;
				$session->end_item( $ok );
				$responses[] = $data;

				/**
				 * Fires after each item of a bulk request was applied or rolled back (it is
				 * committed with the rest when the request ends).
				 *
				 * @param int             $index    Position of the item in the request.
				 * @param array           $envelope status, headers and body of the item's answer.
				 * @param WP_REST_Request $single   The item's request.
				 */
				do_action( 'sfwp_bulk_item_processed', $index, $data, $single );
			}
			$finished = true;
		} finally {
			if ( ! $finished ) {
				// An error escaped the loop: the client gets no answers, so nothing may be stored.
				$session->abandon();
			}
			$stored = $session->close();
			$locks->release();
		}

		if ( ! $stored ) {
			$responses = $this->all_failed( count( $items ), $server, $this->rolled_back() );
		}
		return new WP_REST_Response( array( 'responses' => $responses ), WP_Http::MULTI_STATUS );
	}

	/**
	 * The bulk behaviours asked for, defaults filled in.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return array<string, bool>
	 */
	private function options_of( WP_REST_Request $request ): array {
		$given   = is_array( $request['options'] ) ? $request['options'] : array();
		$options = array();
		foreach ( self::OPTIONS as $option => $default ) {
			$options[ $option ] = isset( $given[ $option ] ) ? (bool) $given[ $option ] : $default;
		}
		return $options;
	}

	/**
	 * An item's request, built as core's `/batch/v1` builds it.
	 *
	 * @param array $item method, path, body, headers.
	 * @return WP_REST_Request|WP_Error
	 */
	private function build_request( array $item ) {
		$parsed = wp_parse_url( (string) $item['path'] );
		if ( false === $parsed || empty( $parsed['path'] ) ) {
			return new WP_Error( 'parse_path_failed', __( 'Could not parse the path.', 'sfwp' ), array( 'status' => 400 ) );
		}
		$single = new WP_REST_Request( strtoupper( (string) ( $item['method'] ?? 'POST' ) ), $parsed['path'] );
		if ( ! empty( $parsed['query'] ) ) {
			$query = array();
			wp_parse_str( $parsed['query'], $query );
			$single->set_query_params( $query );
		}
		if ( ! empty( $item['body'] ) ) {
			$single->set_body_params( $item['body'] );
		}
		if ( ! empty( $item['headers'] ) ) {
			$single->set_headers( $item['headers'] );
		}
		return $single;
	}

	/**
	 * Runs one item through core's REST server, when its route is one the bulk route serves.
	 *
	 * @param WP_REST_Request|WP_Error $single Item request.
	 * @param string[]                 $routes Route patterns allowed.
	 * @param WP_REST_Server           $server REST server.
	 * @return WP_REST_Response
	 */
	private function dispatch( $single, array $routes, WP_REST_Server $server ): WP_REST_Response {
		if ( is_wp_error( $single ) ) {
			return rest_convert_error_to_response( $single );
		}
		if ( ! $this->is_allowed( $single, $routes ) ) {
			return rest_convert_error_to_response(
				new WP_Error(
					'sfwp_bulk_route_not_allowed',
					/* translators: 1: HTTP method, 2: REST route. */
					sprintf( __( 'The bulk route does not take %1$s %2$s: only POST, PUT, PATCH and DELETE of users and of the post types sfwp tracks.', 'sfwp' ), $single->get_method(), $single->get_route() ),
					array( 'status' => 400 )
				)
			);
		}
		try {
			$result = rest_do_request( $single );
		} catch ( Throwable $error ) {
			$result = new WP_Error(
				'sfwp_bulk_item_failed',
				/* translators: %s: error message. */
				sprintf( __( 'The item failed with an error: %s', 'sfwp' ), $error->getMessage() ),
				array( 'status' => 500 )
			);
		}
		/** This filter is documented in wp-includes/rest-api/class-wp-rest-server.php */
		return apply_filters( 'rest_post_dispatch', rest_ensure_response( $result ), $server, $single );
	}

	/**
	 * Whether an item's method and route are ones the bulk route serves.
	 *
	 * @param WP_REST_Request $single Item request.
	 * @param string[]        $routes Route patterns allowed.
	 * @return bool
	 */
	private function is_allowed( WP_REST_Request $single, array $routes ): bool {
		if ( ! in_array( $single->get_method(), self::METHODS, true ) ) {
			return false;
		}
		foreach ( $routes as $pattern ) {
			if ( 1 === preg_match( $pattern, $single->get_route() ) ) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Patterns of the routes served: users, and each tracked post type shown in REST, as a
	 * collection or one object by id.
	 *
	 * @return string[]
	 */
	private function allowed_routes(): array {
		$bases = array( 'wp/v2/users' );
		foreach ( $this->settings->tracked_post_types() as $post_type ) {
			$type = get_post_type_object( $post_type );
			if ( ! $type instanceof WP_Post_Type || ! $type->show_in_rest ) {
				continue;
			}
			$namespace = ! empty( $type->rest_namespace ) ? $type->rest_namespace : 'wp/v2';
			$base      = ! empty( $type->rest_base ) ? $type->rest_base : $type->name;
			$bases[]   = $namespace . '/' . $base;
		}
		return array_map(
			static function ( string $base ): string {
				return '#^/' . preg_quote( trim( $base, '/' ), '#' ) . '(?:/\d+)?$#';
			},
			$bases
		);
	}

	/**
	 * The error of every item when the database undid the whole transaction (a deadlock).
	 *
	 * @return WP_Error
	 */
	private function rolled_back(): WP_Error {
		return new WP_Error(
			'sfwp_bulk_rolled_back',
			__( 'The database rolled back the bulk request\'s transaction; nothing of it was stored. Send it again.', 'sfwp' ),
			array( 'status' => 503 )
		);
	}

	/**
	 * The error of every item when another request kept an email or login it writes locked.
	 *
	 * @return WP_Error
	 */
	private function busy(): WP_Error {
		return new WP_Error(
			'sfwp_bulk_busy',
			__( 'Another request is writing a user with the same email or login; nothing of this one was stored. Send it again.', 'sfwp' ),
			array( 'status' => 503 )
		);
	}

	/**
	 * The answers when no item was stored: every item failed with the same error and may be
	 * sent again.
	 *
	 * @param int            $count  Items in the request.
	 * @param WP_REST_Server $server REST server.
	 * @param WP_Error       $error  Why.
	 * @return array<int, array>
	 */
	private function all_failed( int $count, WP_REST_Server $server, WP_Error $error ): array {
		$envelope = $server->envelope_response( rest_convert_error_to_response( $error ), false )->get_data();
		return array_fill( 0, $count, $envelope );
	}
}
