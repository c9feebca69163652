<?php
/**
 * The HTML of a form, shared by the shortcode and the block.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Renders a form that works as a plain HTML POST (the intake route answers it with a 303 back
 * here) and that assets/sfwp-forms.js enhances. Every label is tied to its control; an error
 * is tied to its control by aria-describedby and aria-invalid; every value is escaped.
 */
final class SFWP_Form_Renderer {

	/**
	 * Script and style handle.
	 */
	const HANDLE = 'sfwp-forms';

	/**
	 * Guard (hidden values).
	 *
	 * @var SFWP_Form_Guard
	 */
	private SFWP_Form_Guard $guard;

	/**
	 * Constructor.
	 *
	 * @param SFWP_Form_Guard $guard Guard.
	 */
	public function __construct( SFWP_Form_Guard $guard ) {
		$this->guard = $guard;
	}

	/**
	 * Registers the script and style (enqueued by render()).
	 */
	public function register_assets(): void {
		$plugin_file = dirname( __DIR__, 2 ) . '/sfwp.php';
		wp_register_style( self::HANDLE, plugins_url( 'assets/sfwp-forms.css', $plugin_file ), array(), SFWP_Plugin::VERSION );
		wp_register_script( self::HANDLE, plugins_url( 'assets/sfwp-forms.js', $plugin_file ), array(), SFWP_Plugin::VERSION, true );
		wp_localize_script( self::HANDLE, 'sfwpForms', array( 'sendingFailed' => __( 'Your message could not be sent. Please check your connection and try again.', 'sfwp' ) ) );
	}

	/**
	 * The form's HTML, or a note for editors when it cannot be shown ('' for visitors).
	 *
	 * @param int $form_id Form id.
	 * @return string
	 */
	public function render( int $form_id ): string {
		$form = SFWP_Form_Definition::load( $form_id );
		if ( null === $form ) {
			return current_user_can( SFWP_Form_Post_Type::CAPABILITY )
				? '<p class="sfwp-form__missing">' . esc_html__( 'Choose a published Salesforce form.', 'sfwp' ) . '</p>'
				: '';
		}
		wp_enqueue_style( self::HANDLE );
		wp_enqueue_script( self::HANDLE );
		$result = SFWP_REST_Form_Intake_Controller::take_result( $form->id );
		$prefix = 'sfwp-' . $form->id;
		$html   = '<div class="sfwp-form" id="sfwp-form-' . esc_attr( (string) $form->id ) . '">';
		if ( null !== $result && ! empty( $result['ok'] ) ) {
			return $html . '<p class="sfwp-form__status sfwp-form__status--ok" role="status">' . esc_html( (string) $result['message'] ) . '</p></div>';
		}
		$errors = is_array( $result['errors'] ?? null ) ? $result['errors'] : array();
		$values = is_array( $result['values'] ?? null ) ? $result['values'] : array();
		$html  .= '<form class="sfwp-form__form" method="post" action="' . esc_url( SFWP_REST_Form_Intake_Controller::url( $form->id ) ) . '" data-sfwp-form="' . esc_attr( (string) $form->id ) . '">';
		$status = null === $result ? '' : (string) $result['message'];
		$html  .= '<div class="sfwp-form__status' . ( '' === $status ? '' : ' sfwp-form__status--error' ) . '" role="status" tabindex="-1">' . esc_html( $status ) . '</div>';
		foreach ( $form->fields as $field ) {
			$html .= $this->field( $prefix, $field, $values[ $field['name'] ] ?? null, (string) ( $errors[ $field['name'] ] ?? '' ) );
		}
		if ( $form->consent['enabled'] ) {
			$consent = array(
				'name'       => SFWP_Form_Validator::CONSENT,
				'label'      => $form->consent['label'],
				'type'       => 'checkbox',
				'required'   => $form->consent['required'],
				'options'    => array(),
				'max_length' => 0,
				'default'    => '',
			);
			$html   .= $this->field( $prefix, $consent, $values[ SFWP_Form_Validator::CONSENT ] ?? null, (string) ( $errors[ SFWP_Form_Validator::CONSENT ] ?? '' ) );
		}
		$html .= $this->hidden_inputs( $form->id, $prefix );
		$html .= '<p class="sfwp-form__actions"><button type="submit" class="sfwp-form__submit wp-element-button">' . esc_html__( 'Send', 'sfwp' ) . '</button></p>';
		return $html . '</form></div>';
	}

	/**
	 * One field: label, control and its error.
	 *
	 * @param string               $prefix Id prefix.
	 * @param array<string, mixed> $field  Field.
	 * @param mixed                $value  Value sent before, if the form came back.
	 * @param string               $error  Error message, '' when none.
	 * @return string
	 */
	private function field( string $prefix, array $field, $value, string $error ): string {
		$name = (string) $field['name'];
		$id   = $prefix . '-' . str_replace( '_', '-', $name );
		if ( 'hidden' === $field['type'] ) {
			return '<input type="hidden" name="' . esc_attr( $name ) . '" value="' . esc_attr( (string) $field['default'] ) . '">';
		}
		$error_id = $id . '-error';
		$attrs    = ' id="' . esc_attr( $id ) . '" name="' . esc_attr( $name ) . '"';
		$attrs   .= $field['required'] ? ' required aria-required="true"' : '';
		$attrs   .= '' !== $error ? ' aria-invalid="true" aria-describedby="' . esc_attr( $error_id ) . '"' : '';
		$label    = esc_html( (string) $field['label'] ) . ( $field['required'] ? ' <span class="sfwp-form__required" aria-hidden="true">*</span>' : '' );
		$label    = '<label for="' . esc_attr( $id ) . '">' . $label . '</label>';
		$text     = is_string( $value ) ? $value : '';

		switch ( $field['type'] ) {
			case 'checkbox':
				$control = '<input type="checkbox" value="1"' . $attrs . ( true === $value ? ' checked' : '' ) . '> ' . $label;
				$label   = '';
				break;
			case 'textarea':
				$control = '<textarea rows="5" maxlength="' . esc_attr( (string) $field['max_length'] ) . '"' . $attrs . '>' . esc_textarea( $text ) . '</textarea>';
				break;
			case 'select':
				$control = '<select' . $attrs . '><option value="">' . esc_html__( 'Choose…', 'sfwp' ) . '</option>';
				foreach ( $field['options'] as $option ) {
					$control .= '<option value="' . esc_attr( $option ) . '"' . selected( $option, $text, false ) . '>' . esc_html( $option ) . '</option>';
				}
				$control .= '</select>';
				break;
			default:
				$autocomplete = array(
					'email' => 'email',
					'tel'   => 'tel',
				);
				$control      = '<input type="' . esc_attr( (string) $field['type'] ) . '" maxlength="' . esc_attr( (string) $field['max_length'] ) . '" value="' . esc_attr( $text ) . '"' . $attrs
					. ( isset( $autocomplete[ $field['type'] ] ) ? ' autocomplete="' . esc_attr( $autocomplete[ $field['type'] ] ) . '"' : '' ) . '>';
		}
		return '<p class="sfwp-form__field sfwp-form__field--' . esc_attr( (string) $field['type'] ) . '">' . $label . $control
			. '<span class="sfwp-form__error" id="' . esc_attr( $error_id ) . '">' . esc_html( $error ) . '</span></p>';
	}

	/**
	 * Nonce, render time, page, UTM values and the honeypot.
	 *
	 * @param int    $form_id Form id.
	 * @param string $prefix  Id prefix.
	 * @return string
	 */
	private function hidden_inputs( int $form_id, string $prefix ): string {
		$hidden = array(
			SFWP_Form_Guard::NONCE_FIELD   => $this->guard->nonce( $form_id ),
			SFWP_Form_Guard::STARTED_FIELD => $this->guard->started_token( $form_id ),
			SFWP_Form_Intake::PAGE_FIELD   => $this->page_url(),
		);
		foreach ( SFWP_Form_Submission_Store::UTM_KEYS as $key ) {
			// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- campaign tags of the page's own URL.
			$hidden[ 'utm_' . $key ] = isset( $_GET[ 'utm_' . $key ] ) && is_string( $_GET[ 'utm_' . $key ] ) ? sanitize_text_field( wp_unslash( $_GET[ 'utm_' . $key ] ) ) : '';
		}
		$html = '';
		foreach ( $hidden as $name => $value ) {
			$html .= '<input type="hidden" name="' . esc_attr( $name ) . '" value="' . esc_attr( $value ) . '">';
		}
		$honeypot = $prefix . '-' . SFWP_Form_Guard::HONEYPOT_FIELD;
		return $html . '<div class="sfwp-form__hp" aria-hidden="true"><label for="' . esc_attr( $honeypot ) . '">' . esc_html__( 'Leave this field empty', 'sfwp' ) . '</label>'
			. '<input type="text" id="' . esc_attr( $honeypot ) . '" name="' . esc_attr( SFWP_Form_Guard::HONEYPOT_FIELD ) . '" value="" tabindex="-1" autocomplete="off"></div>';
	}

	/**
	 * The page being rendered, without a no-JavaScript outcome token.
	 *
	 * @return string
	 */
	private function page_url(): string {
		$url = is_singular() ? (string) get_permalink() : home_url( '/' );
		return remove_query_arg( SFWP_REST_Form_Intake_Controller::RESULT_ARG, $url );
	}
}
