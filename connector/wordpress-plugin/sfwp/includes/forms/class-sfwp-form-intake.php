<?php
/**
 * Takes one public submission: guard, validation, storage and the change row.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * The one way a submission from the site's own forms gets in. A valid one is stored with its
 * `form_submission` change row in one transaction, before the visitor is thanked; nothing
 * here talks to Salesforce, so a visitor never sees a Salesforce error.
 *
 * Outcomes: received (stored, or spam stored as spam), or a refusal with an HTTP status, a
 * message for the visitor and, for invalid fields, a message per field.
 */
final class SFWP_Form_Intake {

	/**
	 * Change feed object type of a submission.
	 */
	const OBJECT_TYPE = 'form_submission';

	/**
	 * Hidden field with the page the form was on.
	 */
	const PAGE_FIELD = '_sfwp_page';

	/**
	 * Largest request body, in bytes (filter `sfwp_form_max_bytes`).
	 */
	const MAX_BYTES = 131072;

	/**
	 * Guard.
	 *
	 * @var SFWP_Form_Guard
	 */
	private SFWP_Form_Guard $guard;

	/**
	 * Validator.
	 *
	 * @var SFWP_Form_Validator
	 */
	private SFWP_Form_Validator $validator;

	/**
	 * Submissions.
	 *
	 * @var SFWP_Form_Submission_Store
	 */
	private SFWP_Form_Submission_Store $store;

	/**
	 * Change recorder.
	 *
	 * @var SFWP_Change_Recorder
	 */
	private SFWP_Change_Recorder $recorder;

	/**
	 * Constructor.
	 *
	 * @param SFWP_Form_Guard            $guard     Guard.
	 * @param SFWP_Form_Validator        $validator Validator.
	 * @param SFWP_Form_Submission_Store $store     Submissions.
	 * @param SFWP_Change_Recorder       $recorder  Change recorder.
	 */
	public function __construct( SFWP_Form_Guard $guard, SFWP_Form_Validator $validator, SFWP_Form_Submission_Store $store, SFWP_Change_Recorder $recorder ) {
		$this->guard     = $guard;
		$this->validator = $validator;
		$this->store     = $store;
		$this->recorder  = $recorder;
	}

	/**
	 * Largest accepted body.
	 *
	 * @return int
	 */
	public static function max_bytes(): int {
		return max( 1024, (int) apply_filters( 'sfwp_form_max_bytes', self::MAX_BYTES ) );
	}

	/**
	 * Takes a submission.
	 *
	 * @param SFWP_Form_Definition $form   Form.
	 * @param array<string, mixed> $params Sent values.
	 * @return array{status: int, code: string, message: string, errors?: array<string, string>, retry_after?: int, values?: array<string, mixed>}
	 */
	public function take( SFWP_Form_Definition $form, array $params ): array {
		$wait = $this->guard->take_attempt();
		if ( $wait > 0 ) {
			return array(
				'status'      => 429,
				'code'        => 'sfwp_form_rate_limited',
				'message'     => __( 'Too many messages were sent from your connection. Please try again later.', 'sfwp' ),
				'retry_after' => $wait,
			);
		}
		if ( ! $this->guard->nonce_ok( $form->id, $params[ SFWP_Form_Guard::NONCE_FIELD ] ?? null ) ) {
			return $this->refusal( 403, 'sfwp_form_expired', __( 'This form has expired. Please reload the page and send it again.', 'sfwp' ) );
		}
		$elapsed = $this->guard->seconds_since_render( $form->id, $params[ SFWP_Form_Guard::STARTED_FIELD ] ?? null );
		if ( null === $elapsed ) {
			return $this->refusal( 403, 'sfwp_form_expired', __( 'This form has expired. Please reload the page and send it again.', 'sfwp' ) );
		}
		if ( $elapsed < $this->guard->min_fill_seconds() ) {
			return $this->refusal( 400, 'sfwp_form_too_fast', __( 'That was quick! Please wait a moment and send the form again.', 'sfwp' ) );
		}
		$unknown = $this->unknown_names( $form, $params );
		if ( array() !== $unknown ) {
			/* translators: %s: Comma-separated field names. */
			return $this->refusal( 400, 'sfwp_form_unknown_fields', sprintf( __( 'This form has no field named %s.', 'sfwp' ), implode( ', ', $unknown ) ) );
		}
		$spam    = $this->guard->honeypot_filled( $params );
		$checked = $this->validator->validate( $form, $params );
		/**
		 * Filters the per-field messages of a submission (field name => message); add one to refuse it.
		 *
		 * @param array<string, string>  $errors Messages so far.
		 * @param array<string, mixed>   $values Cleaned values.
		 * @param SFWP_Form_Definition   $form   Form.
		 */
		$errors = (array) apply_filters( 'sfwp_form_validate', $checked['errors'], $checked['values'], $form );
		if ( array() !== $errors && ! $spam ) {
			return array(
				'status'  => 400,
				'code'    => 'sfwp_form_invalid',
				'message' => __( 'Please correct the highlighted fields.', 'sfwp' ),
				'errors'  => array_map( 'strval', $errors ),
				'values'  => $checked['sent'],
			);
		}
		$id = $this->store_submission( $form, $checked['values'], $checked['consent'], $params, $spam );
		if ( 0 === $id ) {
			return $this->refusal( 503, 'sfwp_form_unavailable', __( 'We could not save your message just now. Please try again in a moment.', 'sfwp' ) );
		}
		return array(
			'status'  => 201,
			'code'    => 'sfwp_form_received',
			'message' => $form->success['message'],
		);
	}

	/**
	 * Takes a submission another form plugin already validated (the adapters): stored and
	 * recorded like the site's own, with UTM values from the page URL's query.
	 *
	 * @param SFWP_Form_Definition $form     The sfwp form linked to the plugin's form.
	 * @param array<string, mixed> $values   Field name => string or bool.
	 * @param bool                 $consent  Consent.
	 * @param string               $page_url Page the form was on.
	 * @return int Submission id, 0 when nothing was stored.
	 */
	public function take_external( SFWP_Form_Definition $form, array $values, bool $consent, string $page_url ): int {
		$params = array( self::PAGE_FIELD => $page_url );
		$query  = (string) wp_parse_url( $page_url, PHP_URL_QUERY );
		parse_str( $query, $tags );
		foreach ( SFWP_Form_Submission_Store::UTM_KEYS as $key ) {
			$params[ 'utm_' . $key ] = $tags[ 'utm_' . $key ] ?? '';
		}
		return $this->store_submission( $form, $values, $consent, $params, false );
	}

	/**
	 * Stores the submission, and its change row unless it is spam, in one transaction.
	 *
	 * @param SFWP_Form_Definition $form    Form.
	 * @param array<string, mixed> $values  Cleaned values.
	 * @param bool                 $consent Consent.
	 * @param array<string, mixed> $params  Sent values (UTM, page).
	 * @param bool                 $spam    Whether the honeypot caught it.
	 * @return int Submission id, 0 when nothing was stored.
	 */
	private function store_submission( SFWP_Form_Definition $form, array $values, bool $consent, array $params, bool $spam ): int {
		$utm = array();
		foreach ( SFWP_Form_Submission_Store::UTM_KEYS as $key ) {
			$utm[ $key ] = self::short_text( $params[ 'utm_' . $key ] ?? '', 255 );
		}
		$page = self::page_url( $params[ self::PAGE_FIELD ] ?? '' );
		if ( ! $this->store->begin() ) {
			return 0;
		}
		$id = $this->store->insert( $form->id, $values, $consent, $utm, $page, $this->guard->ip_hash(), $spam ? 'spam' : 'pending' );
		if ( 0 === $id || ( ! $spam && 0 === $this->recorder->record( self::OBJECT_TYPE, $id, 'create', SFWP_Origin::WORDPRESS ) ) ) {
			$this->store->rollback();
			return 0;
		}
		if ( ! $this->store->commit() ) {
			return 0;
		}
		if ( ! $spam ) {
			/**
			 * Fires after a submission was stored and recorded in the change feed.
			 *
			 * @param int                  $id     Submission id.
			 * @param SFWP_Form_Definition $form   Form.
			 * @param array<string, mixed> $values Field values.
			 */
			do_action( 'sfwp_form_submission_stored', $id, $form, $values );
		}
		return $id;
	}

	/**
	 * Sent names the form does not know.
	 *
	 * @param SFWP_Form_Definition $form   Form.
	 * @param array<string, mixed> $params Sent values.
	 * @return string[]
	 */
	private function unknown_names( SFWP_Form_Definition $form, array $params ): array {
		$known = array( SFWP_Form_Guard::NONCE_FIELD, SFWP_Form_Guard::STARTED_FIELD, SFWP_Form_Guard::HONEYPOT_FIELD, SFWP_Form_Validator::CONSENT, self::PAGE_FIELD );
		foreach ( SFWP_Form_Submission_Store::UTM_KEYS as $key ) {
			$known[] = 'utm_' . $key;
		}
		foreach ( $form->fields as $field ) {
			$known[] = $field['name'];
		}
		$unknown = array_diff( array_map( 'strval', array_keys( $params ) ), $known );
		return array_map( 'sanitize_key', array_slice( array_values( $unknown ), 0, 5 ) );
	}

	/**
	 * A refusal without field messages.
	 *
	 * @param int    $status  HTTP status.
	 * @param string $code    Error code.
	 * @param string $message Message for the visitor.
	 * @return array{status: int, code: string, message: string}
	 */
	private function refusal( int $status, string $code, string $message ): array {
		return array(
			'status'  => $status,
			'code'    => $code,
			'message' => $message,
		);
	}

	/**
	 * A single line of plain text, cut to a length.
	 *
	 * @param mixed $value  Sent value.
	 * @param int   $length Most characters.
	 * @return string
	 */
	private static function short_text( $value, int $length ): string {
		return is_string( $value ) ? mb_substr( sanitize_text_field( $value ), 0, $length, 'UTF-8' ) : '';
	}

	/**
	 * The page URL when it is an http(s) URL, else ''.
	 *
	 * @param mixed $value Sent value.
	 * @return string
	 */
	private static function page_url( $value ): string {
		if ( ! is_string( $value ) || strlen( $value ) > 2048 ) {
			return '';
		}
		return esc_url_raw( $value, array( 'http', 'https' ) );
	}
}
