<?php
/**
 * `POST sfwp/v1/heartbeat`.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Keeps the connector's last heartbeat for the Settings → Salesforce Sync page. Only the
 * connector may send it: a user with `sfwp_sync` whose request carries the connector's origin
 * signature (`X-Sfwp-Origin`, made with the shared secret).
 */
final class SFWP_REST_Heartbeat_Controller extends SFWP_REST_Controller {

	/**
	 * Option holding the last heartbeat.
	 */
	const OPTION = 'sfwp_connector_heartbeat';

	/**
	 * Origin detection.
	 *
	 * @var SFWP_Origin
	 */
	private SFWP_Origin $origin;

	/**
	 * Constructor.
	 *
	 * @param SFWP_Origin $origin Origin detection.
	 */
	public function __construct( SFWP_Origin $origin ) {
		$this->origin    = $origin;
		$this->rest_base = 'heartbeat';
	}

	/**
	 * Registers the route.
	 */
	public function register_routes() {
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base,
			array(
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'create_item' ),
					'permission_callback' => array( $this, 'create_item_permissions_check' ),
					'args'                => array(
						'state'           => array(
							'type'     => 'string',
							'required' => true,
						),
						'version'         => array(
							'type'     => 'string',
							'required' => true,
						),
						'reason'          => array( 'type' => 'string' ),
						'lagMs'           => array( 'type' => 'number' ),
						'inFlight'        => array( 'type' => 'integer' ),
						'deadLettersOpen' => array( 'type' => 'integer' ),
						'mappings'        => array(
							'type'  => 'array',
							'items' => array( 'type' => 'string' ),
						),
						'instanceUrl'     => array(
							'type'   => 'string',
							'format' => 'uri',
						),
						'sentAt'          => array( 'type' => 'string' ),
						'audit'           => array( 'type' => 'object' ),
					),
				),
			)
		);
	}

	/**
	 * The connector's user, with the connector's signature.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return true|WP_Error
	 */
	public function create_item_permissions_check( $request ) {
		return $this->connector_permissions_check(
			$request,
			$this->origin,
			new WP_Error(
				'rest_forbidden',
				__( 'Only the connector may send a heartbeat: the request lacks a valid origin signature.', 'sfwp' ),
				array( 'status' => 403 )
			)
		);
	}

	/**
	 * Stores the heartbeat with the time WordPress received it, and answers with the published
	 * forms, which the connector passes on to Salesforce for the admin app's form picker.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public function create_item( $request ) {
		$beat = array(
			'received_at'       => SFWP_Time::now_iso(),
			'state'             => sanitize_key( (string) $request['state'] ),
			'version'           => sanitize_text_field( (string) $request['version'] ),
			'reason'            => sanitize_text_field( (string) $request['reason'] ),
			'lag_ms'            => null === $request['lagMs'] ? null : (float) $request['lagMs'],
			'in_flight'         => (int) $request['inFlight'],
			'dead_letters_open' => (int) $request['deadLettersOpen'],
			'mappings'          => array_map( 'sanitize_text_field', (array) $request['mappings'] ),
			'instance_url'      => esc_url_raw( (string) $request['instanceUrl'] ),
			'sent_at'           => sanitize_text_field( (string) $request['sentAt'] ),
			'audit'             => self::audit_summary( $request['audit'] ),
		);
		update_option( self::OPTION, $beat, 'no' );
		return new WP_REST_Response(
			array(
				'received_at' => $beat['received_at'],
				'forms'       => SFWP_Form_Catalog::published(),
			),
			200
		);
	}

	/**
	 * The latest drift audit's summary as the status page shows it: counts as integers, the time
	 * and field names as plain text; null when the heartbeat carries none.
	 *
	 * @param mixed $audit The heartbeat's `audit`.
	 * @return array<string, mixed>|null
	 */
	private static function audit_summary( $audit ): ?array {
		if ( ! is_array( $audit ) || ! isset( $audit['pairsChecked'] ) ) {
			return null;
		}
		$summary = array(
			'finishedAt' => sanitize_text_field( (string) ( $audit['finishedAt'] ?? '' ) ),
			'trigger'    => sanitize_key( (string) ( $audit['trigger'] ?? '' ) ),
		);
		foreach ( array( 'pairsChecked', 'pairsEqual', 'pairsDiffering', 'goneLinks', 'unlinkedMatches', 'repaired', 'incomplete' ) as $key ) {
			$summary[ $key ] = absint( $audit[ $key ] ?? 0 );
		}
		$summary['differingByField'] = array();
		foreach ( array_slice( (array) ( $audit['differingByField'] ?? array() ), 0, 50, true ) as $field => $pairs ) {
			$summary['differingByField'][ sanitize_text_field( (string) $field ) ] = absint( $pairs );
		}
		return $summary;
	}

	/**
	 * The last heartbeat, or null when the connector never sent one.
	 *
	 * @return array<string, mixed>|null
	 */
	public static function last(): ?array {
		$beat = get_option( self::OPTION );
		return is_array( $beat ) ? $beat : null;
	}
}
