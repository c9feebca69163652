<?php
/**
 * `GET sfwp/v1/form-submissions` and `POST sfwp/v1/form-submissions/{id}/result`.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * The connector's side of form submissions: it reads the submissions the change feed named
 * and reports what Salesforce made of each, so wp-admin can show it. `sfwp_sync` only.
 */
final class SFWP_REST_Form_Submissions_Controller extends SFWP_REST_Controller {

	/**
	 * Most ids per read.
	 */
	const MAX_IDS = 200;

	/**
	 * Submissions.
	 *
	 * @var SFWP_Form_Submission_Store
	 */
	private SFWP_Form_Submission_Store $store;

	/**
	 * Constructor.
	 *
	 * @param SFWP_Form_Submission_Store $store Submissions.
	 */
	public function __construct( SFWP_Form_Submission_Store $store ) {
		$this->store     = $store;
		$this->rest_base = 'form-submissions';
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
					'args'                => array(
						'include' => array(
							'description' => __( 'Submission ids.', 'sfwp' ),
							'type'        => 'array',
							'items'       => array(
								'type'    => 'integer',
								'minimum' => 1,
							),
							'minItems'    => 1,
							'maxItems'    => self::MAX_IDS,
							'required'    => true,
						),
					),
				),
			)
		);
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base . '/(?P<id>\d+)/result',
			array(
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'set_result' ),
					'permission_callback' => array( $this, 'permissions_check' ),
					'args'                => array(
						'id'            => array(
							'type'    => 'integer',
							'minimum' => 1,
						),
						'status'        => array(
							'type'     => 'string',
							'enum'     => array( 'synced', 'failed' ),
							'required' => true,
						),
						'salesforce_id' => array(
							'type'    => 'string',
							'pattern' => '^([a-zA-Z0-9]{15}|[a-zA-Z0-9]{18})$',
						),
						'message'       => array(
							'type'      => 'string',
							'maxLength' => 2000,
						),
					),
				),
			)
		);
	}

	/**
	 * The submissions named by `include`, in id order; unknown ids are left out.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public function get_items( $request ) {
		$rows  = $this->store->find( (array) $request['include'] );
		$names = array();
		$items = array();
		foreach ( $rows as $row ) {
			$form_id = (int) $row->form_id;
			if ( ! isset( $names[ $form_id ] ) ) {
				$names[ $form_id ] = (string) get_the_title( $form_id );
			}
			$items[] = self::item( $row, $names[ $form_id ] );
		}
		return rest_ensure_response( $items );
	}

	/**
	 * Records the connector's outcome for a submission.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function set_result( $request ) {
		$id   = (int) $request['id'];
		$rows = $this->store->find( array( $id ) );
		if ( array() === $rows ) {
			return new WP_Error( 'sfwp_submission_not_found', __( 'No such form submission.', 'sfwp' ), array( 'status' => 404 ) );
		}
		if ( 'spam' === $rows[0]->status ) {
			return new WP_Error( 'sfwp_submission_spam', __( 'Spam submissions are never sent to Salesforce.', 'sfwp' ), array( 'status' => 409 ) );
		}
		$this->store->set_result( $id, (string) $request['status'], (string) ( $request['salesforce_id'] ?? '' ), sanitize_textarea_field( (string) ( $request['message'] ?? '' ) ) );
		$rows = $this->store->find( array( $id ) );
		return rest_ensure_response( self::item( $rows[0], (string) get_the_title( (int) $rows[0]->form_id ) ) );
	}

	/**
	 * A submission as the contract describes it.
	 *
	 * @param object $row       Row.
	 * @param string $form_name Form name.
	 * @return array<string, mixed>
	 */
	public static function item( object $row, string $form_name ): array {
		$fields = json_decode( (string) $row->fields, true );
		$utm    = array();
		foreach ( SFWP_Form_Submission_Store::UTM_KEYS as $key ) {
			$utm[ $key ] = (string) $row->{'utm_' . $key};
		}
		return array(
			'id'            => (int) $row->id,
			'form_id'       => (int) $row->form_id,
			'form_name'     => $form_name,
			'fields'        => (object) ( is_array( $fields ) ? $fields : array() ),
			'consent'       => (bool) (int) $row->consent,
			'utm'           => $utm,
			'page_url'      => (string) $row->page_url,
			'submitted_at'  => gmdate( 'Y-m-d\TH:i:s\Z', (int) strtotime( $row->created_at . ' UTC' ) ),
			'status'        => (string) $row->status,
			'salesforce_id' => '' === (string) $row->salesforce_id ? null : (string) $row->salesforce_id,
			'message'       => (string) $row->message,
		);
	}
}
