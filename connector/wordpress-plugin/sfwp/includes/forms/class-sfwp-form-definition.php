<?php
/**
 * A form's definition: its fields, consent checkbox and success behaviour.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Reads the JSON kept in the `_sfwp_form_definition` meta of an `sfwp_form` post and keeps
 * only what is well formed, so the renderer and the validator never meet a surprise.
 */
final class SFWP_Form_Definition {

	/**
	 * Meta key of the definition.
	 */
	const META = '_sfwp_form_definition';

	/**
	 * Field types a form may use.
	 */
	const TYPES = array( 'text', 'email', 'tel', 'textarea', 'select', 'checkbox', 'hidden' );

	/**
	 * Longest value a field accepts when its definition names no maxLength.
	 */
	const DEFAULT_MAX_LENGTH = array(
		'textarea' => 5000,
		'email'    => 254,
	);

	/**
	 * Longest value of other types.
	 */
	const FALLBACK_MAX_LENGTH = 255;

	/**
	 * Field names: lowercase, digits and underscores; `sfwp_`, `_` and `utm_` are the form's own.
	 */
	const NAME_PATTERN = '/^(?!sfwp_|utm_)[a-z][a-z0-9_]{0,49}$/';

	/**
	 * Form id (the post's id).
	 *
	 * @var int
	 */
	public int $id;

	/**
	 * Form name (the post's title).
	 *
	 * @var string
	 */
	public string $name;

	/**
	 * Fields: name, label, type, required, options, max_length, default.
	 *
	 * @var array<int, array{name: string, label: string, type: string, required: bool, options: string[], max_length: int, default: string}>
	 */
	public array $fields;

	/**
	 * Consent: enabled, required, label.
	 *
	 * @var array{enabled: bool, required: bool, label: string}
	 */
	public array $consent;

	/**
	 * Success: message, redirect ('' when none).
	 *
	 * @var array{message: string, redirect: string}
	 */
	public array $success;

	/**
	 * The other plugin's form this one stands for: plugin, form_id, consent_field ('' when none).
	 *
	 * @var array{plugin: string, form_id: int, consent_field: string}
	 */
	public array $source;

	/**
	 * Constructor.
	 *
	 * @param int                  $id   Form id.
	 * @param string               $name Form name.
	 * @param array<string, mixed> $data Decoded definition.
	 */
	public function __construct( int $id, string $name, array $data ) {
		$this->id      = $id;
		$this->name    = $name;
		$this->fields  = self::fields_from( $data['fields'] ?? array() );
		$consent       = is_array( $data['consent'] ?? null ) ? $data['consent'] : array();
		$this->consent = array(
			'enabled'  => ! empty( $consent['enabled'] ),
			'required' => ! empty( $consent['enabled'] ) && ! empty( $consent['required'] ),
			'label'    => is_string( $consent['label'] ?? null ) && '' !== $consent['label']
				? $consent['label']
				: __( 'I agree to be contacted about my enquiry.', 'sfwp' ),
		);
		$success       = is_array( $data['success'] ?? null ) ? $data['success'] : array();
		$redirect      = is_string( $success['redirect'] ?? null ) ? esc_url_raw( $success['redirect'], array( 'http', 'https' ) ) : '';
		$source        = is_array( $data['source'] ?? null ) ? $data['source'] : array();
		$this->source  = array(
			'plugin'        => is_string( $source['plugin'] ?? null ) ? $source['plugin'] : '',
			'form_id'       => absint( $source['form_id'] ?? 0 ),
			'consent_field' => is_string( $source['consent_field'] ?? null ) ? $source['consent_field'] : '',
		);
		$this->success = array(
			'message'  => is_string( $success['message'] ?? null ) && '' !== $success['message']
				? $success['message']
				: __( 'Thank you! We received your message.', 'sfwp' ),
			'redirect' => $redirect,
		);
	}

	/**
	 * The definition of a published `sfwp_form` post.
	 *
	 * @param int $form_id Post id.
	 * @return SFWP_Form_Definition|null Null when there is no such published form.
	 */
	public static function load( int $form_id ): ?SFWP_Form_Definition {
		$post = $form_id > 0 ? get_post( $form_id ) : null;
		if ( ! $post instanceof WP_Post || SFWP_Form_Post_Type::POST_TYPE !== $post->post_type || 'publish' !== $post->post_status ) {
			return null;
		}
		$data = json_decode( (string) get_post_meta( $post->ID, self::META, true ), true );
		return new self( $post->ID, $post->post_title, is_array( $data ) ? $data : array() );
	}

	/**
	 * A field by name.
	 *
	 * @param string $name Field name.
	 * @return array<string, mixed>|null
	 */
	public function field( string $name ): ?array {
		foreach ( $this->fields as $field ) {
			if ( $field['name'] === $name ) {
				return $field;
			}
		}
		return null;
	}

	/**
	 * Keeps the well-formed fields, first of each name.
	 *
	 * @param mixed $raw Decoded `fields`.
	 * @return array<int, array{name: string, label: string, type: string, required: bool, options: string[], max_length: int, default: string}>
	 */
	private static function fields_from( $raw ): array {
		$fields = array();
		$seen   = array();
		foreach ( is_array( $raw ) ? $raw : array() as $field ) {
			if ( ! is_array( $field ) || ! is_string( $field['name'] ?? null ) || ! preg_match( self::NAME_PATTERN, $field['name'] ) ) {
				continue;
			}
			$type = in_array( $field['type'] ?? 'text', self::TYPES, true ) ? ( $field['type'] ?? 'text' ) : 'text';
			if ( isset( $seen[ $field['name'] ] ) ) {
				continue;
			}
			$seen[ $field['name'] ] = true;
			$options                = array_values( array_filter( is_array( $field['options'] ?? null ) ? $field['options'] : array(), 'is_string' ) );
			$max                    = isset( $field['maxLength'] ) && is_int( $field['maxLength'] ) && $field['maxLength'] > 0
				? $field['maxLength']
				: ( self::DEFAULT_MAX_LENGTH[ $type ] ?? self::FALLBACK_MAX_LENGTH );
			$fields[]               = array(
				'name'       => $field['name'],
				'label'      => is_string( $field['label'] ?? null ) && '' !== $field['label'] ? $field['label'] : $field['name'],
				'type'       => $type,
				'required'   => ! empty( $field['required'] ) && 'hidden' !== $type,
				'options'    => $options,
				'max_length' => $max,
				'default'    => is_string( $field['default'] ?? null ) ? $field['default'] : '',
			);
		}
		return $fields;
	}
}
