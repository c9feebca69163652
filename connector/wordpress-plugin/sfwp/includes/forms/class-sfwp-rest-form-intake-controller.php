<?php
/**
 * `POST sfwp/v1/forms/{id}/submissions`: the public intake route.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Public route the site's forms post to. Scripts (Accept without text/html) get JSON; a plain
 * HTML form post gets a 303 back to its page (or to the form's success redirect), with the
 * outcome kept for ten minutes in a transient named by a random token in the URL, so the form
 * works without JavaScript.
 */
final class SFWP_REST_Form_Intake_Controller extends WP_REST_Controller {

	/**
	 * Query argument carrying a no-JavaScript outcome token.
	 */
	const RESULT_ARG = 'sfwp_result';

	/**
	 * Transient prefix of no-JavaScript outcomes.
	 */
	const RESULT_TRANSIENT = 'sfwp_form_result_';

	/**
	 * REST namespace.
	 *
	 * @var string
	 */
	protected $namespace = 'sfwp/v1';

	/**
	 * Intake.
	 *
	 * @var SFWP_Form_Intake
	 */
	private SFWP_Form_Intake $intake;

	/**
	 * Constructor.
	 *
	 * @param SFWP_Form_Intake $intake Intake.
	 */
	public function __construct( SFWP_Form_Intake $intake ) {
		$this->intake    = $intake;
		$this->rest_base = 'forms';
	}

	/**
	 * The route's URL for a form.
	 *
	 * @param int $form_id Form id.
	 * @return string
	 */
	public static function url( int $form_id ): string {
		return rest_url( 'sfwp/v1/forms/' . $form_id . '/submissions' );
	}

	/**
	 * Registers the route.
	 */
	public function register_routes() {
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base . '/(?P<id>\d+)/submissions',
			array(
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'create_item' ),
					// Public on purpose: visitors send forms; the nonce, fill time, honeypot and rate limit guard it.
					'permission_callback' => '__return_true',
					'args'                => array(
						'id' => array(
							'type'    => 'integer',
							'minimum' => 1,
						),
					),
				),
			)
		);
	}

	/**
	 * Takes a submission.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public function create_item( $request ) {
		$outcome = $this->outcome( $request );
		if ( $this->wants_html( $request ) ) {
			return $this->redirect( $request, $outcome );
		}
		$body = 201 === $outcome['status']
			? array(
				'status'   => 'received',
				'message'  => $outcome['message'],
				'redirect' => $outcome['redirect'] ?? '',
			)
			: array(
				'code'    => $outcome['code'],
				'message' => $outcome['message'],
				'data'    => array(
					'status' => $outcome['status'],
					'errors' => (object) ( $outcome['errors'] ?? array() ),
				),
			);
		$response = new WP_REST_Response( $body, $outcome['status'] );
		if ( isset( $outcome['retry_after'] ) ) {
			$response->header( 'Retry-After', (string) $outcome['retry_after'] );
		}
		return $response;
	}

	/**
	 * What the intake (or the size cap, or a missing form) says.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return array<string, mixed>
	 */
	private function outcome( WP_REST_Request $request ): array {
		$length = max( strlen( (string) $request->get_body() ), (int) $request->get_header( 'content_length' ) );
		if ( $length > SFWP_Form_Intake::max_bytes() ) {
			return array(
				'status'  => 413,
				'code'    => 'sfwp_form_too_large',
				'message' => __( 'This message is too long to send. Please shorten it and try again.', 'sfwp' ),
			);
		}
		$form = SFWP_Form_Definition::load( (int) $request['id'] );
		if ( null === $form ) {
			return array(
				'status'  => 404,
				'code'    => 'sfwp_form_not_found',
				'message' => __( 'This form is no longer available.', 'sfwp' ),
			);
		}
		$params  = $request->get_json_params();
		$params  = is_array( $params ) && array() !== $params ? $params : $request->get_body_params();
		$outcome = $this->intake->take( $form, is_array( $params ) ? $params : array() );
		if ( 201 === $outcome['status'] ) {
			$outcome['redirect'] = $form->success['redirect'];
		}
		return $outcome;
	}

	/**
	 * Whether the request came from a plain HTML form post (a browser asking for a page).
	 *
	 * @param WP_REST_Request $request Request.
	 * @return bool
	 */
	private function wants_html( WP_REST_Request $request ): bool {
		return false !== strpos( (string) $request->get_header( 'accept' ), 'text/html' );
	}

	/**
	 * A 303 back to the form's page with the outcome, or to the success redirect.
	 *
	 * @param WP_REST_Request      $request Request.
	 * @param array<string, mixed> $outcome Outcome.
	 * @return WP_REST_Response
	 */
	private function redirect( WP_REST_Request $request, array $outcome ): WP_REST_Response {
		$form_id = (int) $request['id'];
		if ( 201 === $outcome['status'] && '' !== ( $outcome['redirect'] ?? '' ) ) {
			$location = $outcome['redirect'];
		} else {
			$page  = $request->get_param( SFWP_Form_Intake::PAGE_FIELD );
			$page  = wp_validate_redirect( is_string( $page ) ? esc_url_raw( $page ) : '', home_url( '/' ) );
			$token = wp_generate_password( 20, false );
			set_transient(
				self::RESULT_TRANSIENT . $token,
				array(
					'form_id' => $form_id,
					'ok'      => 201 === $outcome['status'],
					'message' => $outcome['message'],
					'errors'  => $outcome['errors'] ?? array(),
					'values'  => $outcome['values'] ?? array(),
				),
				10 * MINUTE_IN_SECONDS
			);
			$location = add_query_arg( self::RESULT_ARG, $token, remove_query_arg( self::RESULT_ARG, $page ) ) . '#sfwp-form-' . $form_id;
		}
		$response = new WP_REST_Response( null, 303 );
		$response->header( 'Location', esc_url_raw( $location ) );
		if ( isset( $outcome['retry_after'] ) ) {
			$response->header( 'Retry-After', (string) $outcome['retry_after'] );
		}
		return $response;
	}

	/**
	 * Takes (reads and deletes) a no-JavaScript outcome for a form.
	 *
	 * @param int $form_id Form id.
	 * @return array<string, mixed>|null
	 */
	public static function take_result( int $form_id ): ?array {
		static $taken = array();
		if ( array_key_exists( $form_id, $taken ) ) {
			return $taken[ $form_id ];
		}
		$taken[ $form_id ] = null;
		$token = isset( $_GET[ self::RESULT_ARG ] ) ? sanitize_key( wp_unslash( $_GET[ self::RESULT_ARG ] ) ) : ''; // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- a random token naming a stored outcome; it changes nothing.
		if ( '' === $token ) {
			return null;
		}
		$result = get_transient( self::RESULT_TRANSIENT . $token );
		if ( ! is_array( $result ) || (int) ( $result['form_id'] ?? 0 ) !== $form_id ) {
			return null;
		}
		delete_transient( self::RESULT_TRANSIENT . $token );
		$taken[ $form_id ] = $result;
		return $result;
	}
}
