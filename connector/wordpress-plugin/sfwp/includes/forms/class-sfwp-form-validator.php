<?php
/**
 * Server-side validation of a submission against its form's definition.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Turns the sent values into clean field values and per-field messages. Markup is refused
 * with a message rather than stripped (a visitor sees what was wrong; nothing is silently
 * changed), control characters are removed, and a value is never trusted to be what its
 * field's type says without a check. Values are still escaped wherever they are shown.
 */
final class SFWP_Form_Validator {

	/**
	 * Name of the consent checkbox.
	 */
	const CONSENT = 'sfwp_consent';

	/**
	 * Checks every field.
	 *
	 * @param SFWP_Form_Definition $form   Form.
	 * @param array<string, mixed> $params Sent values.
	 * @return array{values: array<string, string|bool>, sent: array<string, string|bool>, consent: bool, errors: array<string, string>}
	 *               values: the valid values; sent: every field's cleaned value, valid or not (to refill a form).
	 */
	public function validate( SFWP_Form_Definition $form, array $params ): array {
		$values = array();
		$sent   = array();
		$errors = array();
		foreach ( $form->fields as $field ) {
			$name = $field['name'];
			$raw  = $params[ $name ] ?? null;
			if ( 'checkbox' === $field['type'] ) {
				$checked         = self::is_checked( $raw );
				$values[ $name ] = $checked;
				$sent[ $name ]   = $checked;
				if ( $field['required'] && ! $checked ) {
					/* translators: %s: Field label. */
					$errors[ $name ] = sprintf( __( 'Please tick "%s".', 'sfwp' ), $field['label'] );
				}
				continue;
			}
			if ( null !== $raw && ! is_string( $raw ) ) {
				/* translators: %s: Field label. */
				$errors[ $name ] = sprintf( __( '%s must be text.', 'sfwp' ), $field['label'] );
				continue;
			}
			$value = self::clean( (string) $raw, 'textarea' === $field['type'] );
			if ( 'hidden' === $field['type'] && '' === $value ) {
				$value = $field['default'];
			}
			$sent[ $name ] = $value;
			$error         = $this->check( $field, $value );
			if ( null !== $error ) {
				$errors[ $name ] = $error;
				continue;
			}
			$values[ $name ] = $value;
		}
		$consent = self::is_checked( $params[ self::CONSENT ] ?? null );
		if ( $form->consent['required'] && ! $consent ) {
			$errors[ self::CONSENT ] = __( 'Please give your consent to send this form.', 'sfwp' );
		}
		$sent[ self::CONSENT ] = $consent;
		return array(
			'values'  => $values,
			'sent'    => $sent,
			'consent' => $form->consent['enabled'] && $consent,
			'errors'  => $errors,
		);
	}

	/**
	 * The message for a value that breaks its field's rules, null when it is fine.
	 *
	 * @param array<string, mixed> $field Field.
	 * @param string               $value Cleaned value.
	 * @return string|null
	 */
	private function check( array $field, string $value ): ?string {
		$label = $field['label'];
		if ( '' === $value ) {
			/* translators: %s: Field label. */
			return $field['required'] ? sprintf( __( '%s is required.', 'sfwp' ), $label ) : null;
		}
		if ( mb_strlen( $value, 'UTF-8' ) > $field['max_length'] ) {
			/* translators: 1: Field label, 2: Most characters allowed. */
			return sprintf( __( '%1$s is too long: at most %2$d characters.', 'sfwp' ), $label, $field['max_length'] );
		}
		if ( preg_match( '/<[a-zA-Z\/!?]/', $value ) ) {
			/* translators: %s: Field label. */
			return sprintf( __( '%s must be plain text, without HTML tags.', 'sfwp' ), $label );
		}
		if ( 'email' === $field['type'] && ! is_email( $value ) ) {
			/* translators: %s: Field label. */
			return sprintf( __( '%s must be an email address, like name@example.com.', 'sfwp' ), $label );
		}
		if ( 'tel' === $field['type'] && ! preg_match( '/^\+?[0-9 ().\-\/]{3,40}$/', $value ) ) {
			/* translators: %s: Field label. */
			return sprintf( __( '%s must be a phone number (digits, spaces, + ( ) - . /).', 'sfwp' ), $label );
		}
		if ( 'select' === $field['type'] && ! in_array( $value, $field['options'], true ) ) {
			/* translators: %s: Field label. */
			return sprintf( __( 'Please choose one of the offered values for %s.', 'sfwp' ), $label );
		}
		return null;
	}

	/**
	 * Valid UTF-8 without control characters (newlines kept in long text), trimmed.
	 *
	 * @param string $value     Sent value.
	 * @param bool   $multiline Whether newlines and tabs stay.
	 * @return string
	 */
	private static function clean( string $value, bool $multiline ): string {
		$value = wp_check_invalid_utf8( $value, true );
		$value = str_replace( "\r\n", "\n", $value );
		$value = (string) preg_replace( $multiline ? '/[\x00-\x08\x0B-\x1F\x7F]/u' : '/[\x00-\x1F\x7F]/u', '', $value );
		return trim( $value );
	}

	/**
	 * Whether a checkbox value means ticked.
	 *
	 * @param mixed $raw Sent value.
	 * @return bool
	 */
	private static function is_checked( $raw ): bool {
		return true === $raw || ( is_string( $raw ) && in_array( strtolower( $raw ), array( '1', 'on', 'yes', 'true' ), true ) );
	}
}
