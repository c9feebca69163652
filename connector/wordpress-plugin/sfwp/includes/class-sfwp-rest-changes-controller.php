<?php
/**
 * `GET sfwp/v1/changes` and `POST sfwp/v1/ack`.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * The change feed and its acknowledgement.
 */
final class SFWP_REST_Changes_Controller extends SFWP_REST_Controller {

	/**
	 * Largest page.
	 */
	const MAX_LIMIT = 1000;

	/**
	 * Feed reader.
	 *
	 * @var SFWP_Change_Feed
	 */
	private SFWP_Change_Feed $feed;

	/**
	 * Change storage.
	 *
	 * @var SFWP_Change_Store
	 */
	private SFWP_Change_Store $store;

	/**
	 * Constructor.
	 *
	 * @param SFWP_Change_Feed  $feed  Feed reader.
	 * @param SFWP_Change_Store $store Change storage.
	 */
	public function __construct( SFWP_Change_Feed $feed, SFWP_Change_Store $store ) {
		$this->feed      = $feed;
		$this->store     = $store;
		$this->rest_base = 'changes';
	}

	/**
	 * Registers the routes.
	 */
	public function register_routes() {
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base,
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_items' ),
					'permission_callback' => array( $this, 'permissions_check' ),
					'args'                => $this->get_collection_params(),
				),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
		register_rest_route(
			$this->namespace,
			'/ack',
			array(
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'acknowledge' ),
					'permission_callback' => array( $this, 'permissions_check' ),
					'args'                => array(
						'cursor' => array(
							'description'       => __( 'Cursor up to which the connector has durably processed changes.', 'sfwp' ),
							'type'              => 'integer',
							'minimum'           => 0,
							'maximum'           => PHP_INT_MAX,
							'required'          => true,
							'validate_callback' => 'rest_validate_request_arg',
							'sanitize_callback' => 'rest_sanitize_request_arg',
						),
					),
				),
			)
		);
	}

	/**
	 * Query parameters of the feed.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	public function get_collection_params() {
		return array(
			'after' => array(
				'description'       => __( 'Return changes with a cursor greater than this.', 'sfwp' ),
				'type'              => 'integer',
				'minimum'           => 0,
				'maximum'           => PHP_INT_MAX,
				'default'           => 0,
				'validate_callback' => 'rest_validate_request_arg',
				'sanitize_callback' => 'rest_sanitize_request_arg',
			),
			'limit' => array(
				'description'       => __( 'Most changes returned.', 'sfwp' ),
				'type'              => 'integer',
				'minimum'           => 1,
				'maximum'           => self::MAX_LIMIT,
				'default'           => 100,
				'validate_callback' => 'rest_validate_request_arg',
				'sanitize_callback' => 'rest_sanitize_request_arg',
			),
		);
	}

	/**
	 * `GET /changes`: changes after a cursor, oldest first.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public function get_items( $request ) {
		return rest_ensure_response( $this->feed->page( (int) $request['after'], (int) $request['limit'] ) );
	}

	/**
	 * `POST /ack`: moves the acknowledged cursor forward.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public function acknowledge( $request ) {
		return rest_ensure_response( array( 'acked_cursor' => $this->store->acknowledge( (int) $request['cursor'] ) ) );
	}

	/**
	 * Schema of one change.
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema() {
		if ( $this->schema ) {
			return $this->add_additional_fields_schema( $this->schema );
		}
		$this->schema = array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'sfwp-change',
			'type'       => 'object',
			'properties' => array(
				'cursor'    => array(
					'description' => __( 'Position in the feed; increases with every change.', 'sfwp' ),
					'type'        => 'integer',
					'readonly'    => true,
				),
				'type'      => array(
					'description' => __( 'user or a post type slug.', 'sfwp' ),
					'type'        => 'string',
					'readonly'    => true,
				),
				'id'        => array(
					'description' => __( 'Id of the user or post.', 'sfwp' ),
					'type'        => 'integer',
					'readonly'    => true,
				),
				'operation' => array(
					'description' => __( 'What happened.', 'sfwp' ),
					'type'        => 'string',
					'enum'        => SFWP_Change_Recorder::OPERATIONS,
					'readonly'    => true,
				),
				'origin'    => array(
					'description' => __( 'Who made the change.', 'sfwp' ),
					'type'        => 'string',
					'enum'        => array( SFWP_Origin::CONNECTOR, SFWP_Origin::WORDPRESS ),
					'readonly'    => true,
				),
				'reason'    => array(
					'description' => __( 'Why it was recorded: empty for an edit, manual when a person asked for a sync.', 'sfwp' ),
					'type'        => 'string',
					'enum'        => array( '', SFWP_Change_Recorder::MANUAL ),
					'readonly'    => true,
				),
				'source_org' => array(
					'description' => __( 'For a connector change, the org it was written for; empty otherwise.', 'sfwp' ),
					'type'        => 'string',
					'maxLength'   => 40,
					'readonly'    => true,
				),
				'time'      => array(
					'description' => __( 'When, in UTC with microseconds.', 'sfwp' ),
					'type'        => 'string',
					'format'      => 'date-time',
					'readonly'    => true,
				),
			),
		);
		return $this->add_additional_fields_schema( $this->schema );
	}
}
