<?php
/**
 * The settings part of Settings → Salesforce Sync, through the Settings API.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Registers the `sfwp_settings` option with the Settings API (options.php checks the nonce and
 * `manage_options`) and renders its fields: tracked post types, webhook URL, retention, and the
 * meta keys (read-only: the connector sets them from the mappings at start).
 */
final class SFWP_Admin_Settings_Form {

	/**
	 * Settings group (option page) name.
	 */
	const GROUP = 'sfwp_settings_group';

	/**
	 * Key marking a submission of this form: other writes of the option pass through untouched.
	 */
	const FORM_MARKER = '_sfwp_form';

	/**
	 * Settings.
	 *
	 * @var SFWP_Settings
	 */
	private SFWP_Settings $settings;

	/**
	 * Constructor.
	 *
	 * @param SFWP_Settings $settings Settings.
	 */
	public function __construct( SFWP_Settings $settings ) {
		$this->settings = $settings;
	}

	/**
	 * Adds the hooks.
	 */
	public function register(): void {
		add_action( 'admin_init', array( $this, 'register_setting' ) );
	}

	/**
	 * Registers the setting, its section and fields.
	 */
	public function register_setting(): void {
		register_setting(
			self::GROUP,
			SFWP_Settings::OPTION,
			array(
				'type'              => 'object',
				'sanitize_callback' => array( $this, 'sanitize' ),
				'show_in_rest'      => false,
			)
		);
		add_settings_section( 'sfwp_sync', __( 'Settings', 'sfwp' ), '__return_false', SFWP_Admin_Status_Page::SLUG );
		$fields = array(
			'post_types'     => __( 'Tracked post types', 'sfwp' ),
			'webhook_url'    => __( 'Webhook URL', 'sfwp' ),
			'retention_days' => __( 'Keep acknowledged changes for (days)', 'sfwp' ),
			'meta'           => __( 'Meta keys', 'sfwp' ),
		);
		foreach ( $fields as $field => $label ) {
			add_settings_field( 'sfwp_' . $field, $label, array( $this, 'render_' . $field ), SFWP_Admin_Status_Page::SLUG, 'sfwp_sync', array( 'label_for' => 'sfwp_' . $field ) );
		}
	}

	/**
	 * Turns this form's fields into the stored settings; any other write passes unchanged.
	 *
	 * @param mixed $input Submitted value.
	 * @return mixed
	 */
	public function sanitize( $input ) {
		if ( ! is_array( $input ) || ! isset( $input[ self::FORM_MARKER ] ) ) {
			return $input;
		}
		$current  = $this->settings->all();
		$existing = get_post_types( array( 'show_ui' => true ) );
		$types    = array_map( 'sanitize_key', (array) ( $input['post_types'] ?? array() ) );

		$current['post_types'] = array_values( array_intersect( $types, $existing ) );

		$url = trim( (string) ( $input['webhook_url'] ?? '' ) );
		if ( '' === $url ) {
			$current['webhook_url'] = null;
		} elseif ( wp_http_validate_url( $url ) || 1 === preg_match( '#^https?://(localhost|127\.0\.0\.1)(:\d+)?/#', $url ) ) {
			$current['webhook_url'] = esc_url_raw( $url, array( 'http', 'https' ) );
		} else {
			add_settings_error( SFWP_Settings::OPTION, 'sfwp_webhook_url', __( 'The webhook URL is not a valid http or https URL; it was not changed.', 'sfwp' ) );
		}

		$days = absint( $input['retention_days'] ?? 0 );
		if ( $days >= 1 && $days <= 365 ) {
			$current['retention_days'] = $days;
		} else {
			add_settings_error( SFWP_Settings::OPTION, 'sfwp_retention_days', __( 'Retention must be from 1 to 365 days; it was not changed.', 'sfwp' ) );
		}
		return $current;
	}

	/**
	 * Post type checkboxes.
	 */
	public function render_post_types(): void {
		$tracked = $this->settings->tracked_post_types();
		echo '<fieldset id="sfwp_post_types">';
		printf( '<input type="hidden" name="%s" value="1">', esc_attr( SFWP_Settings::OPTION . '[' . self::FORM_MARKER . ']' ) );
		foreach ( get_post_types( array( 'show_ui' => true ), 'objects' ) as $type ) {
			printf(
				'<label><input type="checkbox" name="%1$s[]" value="%2$s"%3$s> %4$s <code>%2$s</code></label><br>',
				esc_attr( SFWP_Settings::OPTION . '[post_types]' ),
				esc_attr( $type->name ),
				checked( in_array( $type->name, $tracked, true ), true, false ),
				esc_html( $type->labels->singular_name )
			);
		}
		echo '</fieldset><p class="description">' . esc_html__( 'The connector sets these from its mappings when it starts.', 'sfwp' ) . '</p>';
	}

	/**
	 * Webhook URL.
	 */
	public function render_webhook_url(): void {
		printf(
			'<input type="url" class="regular-text code" id="sfwp_webhook_url" name="%1$s" value="%2$s">',
			esc_attr( SFWP_Settings::OPTION . '[webhook_url]' ),
			esc_attr( (string) $this->settings->get( 'webhook_url' ) )
		);
		echo '<p class="description">' . esc_html__( 'Where the plugin pings the connector after a change; the connector sets it when it starts.', 'sfwp' ) . '</p>';
	}

	/**
	 * Retention.
	 */
	public function render_retention_days(): void {
		printf(
			'<input type="number" min="1" max="365" class="small-text" id="sfwp_retention_days" name="%1$s" value="%2$s">',
			esc_attr( SFWP_Settings::OPTION . '[retention_days]' ),
			esc_attr( (string) $this->settings->get( 'retention_days' ) )
		);
	}

	/**
	 * Meta keys, read-only.
	 */
	public function render_meta(): void {
		$meta = (array) $this->settings->get( 'meta' );
		if ( array() === $meta ) {
			echo '<p id="sfwp_meta">' . esc_html__( 'None.', 'sfwp' ) . '</p>';
			return;
		}
		echo '<ul id="sfwp_meta">';
		foreach ( $meta as $type => $keys ) {
			printf( '<li><strong>%1$s</strong>: <code>%2$s</code></li>', esc_html( (string) $type ), esc_html( implode( ', ', (array) $keys ) ) );
		}
		echo '</ul><p class="description">' . esc_html__( 'Registered for the REST API from the mappings; change them in Salesforce.', 'sfwp' ) . '</p>';
	}
}
