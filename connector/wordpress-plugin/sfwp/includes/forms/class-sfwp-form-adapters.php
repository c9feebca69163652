<?php
/**
 * Records submissions of Contact Form 7, WPForms and Gravity Forms forms.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Thin adapters: each listens to its plugin's documented after-submission hook and, when a
 * published sfwp form is linked to that plugin's form (definition `source: { plugin, form_id }`),
 * stores the values in the submissions table and the change feed like the site's own forms.
 * The other plugin has validated the values; field names are made safe (lowercase, `_`).
 *
 * - Contact Form 7: `wpcf7_before_send_mail` ( $contact_form, &$abort, $submission ); values
 *   from $submission->get_posted_data(), the page from $submission->get_meta( 'url' ).
 *   Contact Form 7 does not reach this hook for spam.
 * - WPForms: `wpforms_process_complete` ( $fields, $entry, $form_data, $entry_id ); each
 *   field is `field_<id>`.
 * - Gravity Forms: `gform_after_submission` ( $entry, $form ); each input is `field_<id>`
 *   (`field_2_3` for input 2.3); entries whose status is `spam` are skipped (the hook runs
 *   for them too).
 *
 * None of these was run against the plugin itself here: the tests fire each hook with the
 * arguments its plugin documents.
 */
final class SFWP_Form_Adapters {

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
		$this->intake = $intake;
	}

	/**
	 * Adds the hooks.
	 */
	public function register(): void {
		add_action( 'wpcf7_before_send_mail', array( $this, 'contact_form_7' ), 10, 3 );
		add_action( 'wpforms_process_complete', array( $this, 'wpforms' ), 10, 4 );
		add_action( 'gform_after_submission', array( $this, 'gravity_forms' ), 10, 2 );
	}

	/**
	 * Contact Form 7.
	 *
	 * @param object      $contact_form WPCF7_ContactForm.
	 * @param mixed       $abort        Whether sending was aborted (by reference in Contact Form 7).
	 * @param object|null $submission   WPCF7_Submission.
	 */
	public function contact_form_7( $contact_form, $abort = false, $submission = null ): void {
		if ( true === $abort || ! is_object( $contact_form ) || ! method_exists( $contact_form, 'id' ) ) {
			return;
		}
		if ( ! is_object( $submission ) && class_exists( 'WPCF7_Submission' ) ) {
			$submission = WPCF7_Submission::get_instance();
		}
		if ( ! is_object( $submission ) || ! method_exists( $submission, 'get_posted_data' ) ) {
			return;
		}
		$page = method_exists( $submission, 'get_meta' ) ? (string) $submission->get_meta( 'url' ) : '';
		$this->record( 'contact-form-7', (int) $contact_form->id(), (array) $submission->get_posted_data(), $page );
	}

	/**
	 * WPForms.
	 *
	 * @param array<int|string, array<string, mixed>> $fields    Sanitized fields: id => { id, name, value, type }.
	 * @param array<string, mixed>                    $entry     Raw entry.
	 * @param array<string, mixed>                    $form_data Form settings, with `id`.
	 * @param int                                     $entry_id  Entry id (0 when entries are not stored).
	 */
	public function wpforms( $fields, $entry, $form_data, $entry_id = 0 ): void {
		$values = array();
		foreach ( is_array( $fields ) ? $fields : array() as $id => $field ) {
			if ( is_array( $field ) ) {
				$values[ 'field_' . ( $field['id'] ?? $id ) ] = $field['value'] ?? '';
			}
		}
		$page = is_array( $entry ) && is_string( $entry['page_url'] ?? null ) ? $entry['page_url'] : (string) wp_get_referer();
		$this->record( 'wpforms', (int) ( $form_data['id'] ?? 0 ), $values, $page );
	}

	/**
	 * Gravity Forms.
	 *
	 * @param array<string, mixed> $entry Entry: input id => value, with id, form_id, status, source_url.
	 * @param array<string, mixed> $form  Form, with id.
	 */
	public function gravity_forms( $entry, $form ): void {
		if ( ! is_array( $entry ) || 'spam' === ( $entry['status'] ?? '' ) ) {
			return;
		}
		$values = array();
		foreach ( $entry as $key => $value ) {
			if ( is_numeric( $key ) ) {
				$values[ 'field_' . str_replace( '.', '_', (string) $key ) ] = $value;
			}
		}
		$this->record( 'gravityforms', (int) ( is_array( $form ) ? ( $form['id'] ?? 0 ) : 0 ), $values, (string) ( $entry['source_url'] ?? '' ) );
	}

	/**
	 * Stores a submission for the sfwp form linked to the plugin's form, if there is one.
	 *
	 * @param string               $plugin  Plugin slug.
	 * @param int                  $form_id The plugin's form id.
	 * @param array<string, mixed> $raw     Field key => value (arrays are joined with ", ").
	 * @param string               $page    Page URL.
	 */
	private function record( string $plugin, int $form_id, array $raw, string $page ): void {
		$form = $form_id > 0 ? SFWP_Form_Post_Type::linked_to( $plugin, $form_id ) : null;
		if ( null === $form ) {
			return;
		}
		$values = array();
		foreach ( $raw as $key => $value ) {
			// Keys starting with `_` are the plugin's own (nonces, form ids), never the visitor's.
			$name = str_starts_with( (string) $key, '_' ) ? '' : trim( (string) preg_replace( '/[^a-z0-9_]+/', '_', strtolower( (string) $key ) ), '_' );
			if ( '' === $name ) {
				continue;
			}
			$text            = is_array( $value ) ? implode( ', ', array_map( 'strval', array_filter( $value, 'is_scalar' ) ) ) : ( is_scalar( $value ) ? (string) $value : '' );
			$values[ $name ] = mb_substr( sanitize_textarea_field( $text ), 0, SFWP_Form_Definition::DEFAULT_MAX_LENGTH['textarea'], 'UTF-8' );
		}
		$consent_field = (string) ( $form->source['consent_field'] ?? '' );
		$consent       = '' !== $consent_field && '' !== ( $values[ $consent_field ] ?? '' );
		$this->intake->take_external( $form, $values, $consent, esc_url_raw( $page, array( 'http', 'https' ) ) );
	}
}
