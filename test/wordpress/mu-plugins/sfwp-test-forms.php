<?php
/**
 * Plugin Name: sfwp test forms
 * Description: What the forms tests need on a bare WordPress (local sites only, administrators
 * only): `sfwp-test/v1/forms` creates an sfwp form with a definition; `sfwp-test/v1/form-limits`
 * sets the rate limit, minimum fill time and size cap (DELETE restores the defaults);
 * `sfwp-test/v1/form-submissions` lists the submissions table as stored (POST writes a row as
 * given, for the admin screen's escaping); and
 * `sfwp-test/v1/form-hooks/<plugin>` fires Contact Form 7's `wpcf7_before_send_mail`,
 * WPForms' `wpforms_process_complete` or Gravity Forms' `gform_after_submission` with the
 * arguments those plugins document, built from the request (none of them is installed here).
 */

defined( 'ABSPATH' ) || exit;

const SFWP_TEST_FORM_LIMITS = 'sfwp_test_form_limits';

/**
 * Stand-in for Contact Form 7's WPCF7_ContactForm: the methods the adapter calls.
 */
final class SFWP_Test_CF7_Contact_Form {
	/**
	 * Form id.
	 *
	 * @var int
	 */
	private int $id;

	/**
	 * Constructor.
	 *
	 * @param int $id Form id.
	 */
	public function __construct( int $id ) {
		$this->id = $id;
	}

	/**
	 * Form id, as WPCF7_ContactForm::id().
	 *
	 * @return int
	 */
	public function id() {
		return $this->id;
	}
}

/**
 * Stand-in for Contact Form 7's WPCF7_Submission.
 */
final class SFWP_Test_CF7_Submission {
	/**
	 * Posted data.
	 *
	 * @var array<string, mixed>
	 */
	private array $posted;

	/**
	 * Meta (url, remote_ip, …).
	 *
	 * @var array<string, string>
	 */
	private array $meta;

	/**
	 * Constructor.
	 *
	 * @param array<string, mixed>  $posted Posted data.
	 * @param array<string, string> $meta   Meta.
	 */
	public function __construct( array $posted, array $meta ) {
		$this->posted = $posted;
		$this->meta   = $meta;
	}

	/**
	 * As WPCF7_Submission::get_posted_data().
	 *
	 * @return array<string, mixed>
	 */
	public function get_posted_data() {
		return $this->posted;
	}

	/**
	 * As WPCF7_Submission::get_meta().
	 *
	 * @param string $name Meta name.
	 * @return string|null
	 */
	public function get_meta( $name ) {
		return $this->meta[ $name ] ?? null;
	}
}

if ( 'local' === wp_get_environment_type() ) {
	$sfwp_test_limits = get_option( SFWP_TEST_FORM_LIMITS );
	if ( is_array( $sfwp_test_limits ) ) {
		add_filter(
			'sfwp_form_rate_limit',
			static function ( $limit ) use ( $sfwp_test_limits ) {
				return array(
					'limit'  => $sfwp_test_limits['rate_limit'] ?? $limit['limit'],
					'window' => $sfwp_test_limits['rate_window'] ?? $limit['window'],
				);
			}
		);
		foreach ( array(
			'sfwp_form_min_fill_seconds' => 'min_fill_seconds',
			'sfwp_form_max_bytes'        => 'max_bytes',
		) as $sfwp_test_filter => $sfwp_test_key ) {
			if ( isset( $sfwp_test_limits[ $sfwp_test_key ] ) ) {
				$sfwp_test_value = (int) $sfwp_test_limits[ $sfwp_test_key ];
				add_filter(
					$sfwp_test_filter,
					static function () use ( $sfwp_test_value ) {
						return $sfwp_test_value;
					}
				);
			}
		}
	}

	add_action(
		'rest_api_init',
		static function () {
			$admin = static function () {
				return current_user_can( 'manage_options' );
			};
			register_rest_route(
				'sfwp-test/v1',
				'/forms',
				array(
					'methods'             => 'POST',
					'permission_callback' => $admin,
					'callback'            => static function ( WP_REST_Request $request ) {
						$id = wp_insert_post(
							array(
								'post_type'   => 'sfwp_form',
								'post_title'  => (string) $request['title'],
								'post_status' => (string) ( $request['status'] ?? 'publish' ),
							),
							true
						);
						if ( is_wp_error( $id ) ) {
							return $id;
						}
						SFWP_Form_Post_Type::store_definition( $id, (array) $request['definition'] );
						return rest_ensure_response( array( 'id' => $id ) );
					},
				)
			);
			register_rest_route(
				'sfwp-test/v1',
				'/form-limits',
				array(
					array(
						'methods'             => 'PUT',
						'permission_callback' => $admin,
						'callback'            => static function ( WP_REST_Request $request ) {
							$limits = array();
							foreach ( array( 'rate_limit', 'rate_window', 'min_fill_seconds', 'max_bytes' ) as $key ) {
								if ( null !== $request[ $key ] ) {
									$limits[ $key ] = (int) $request[ $key ];
								}
							}
							update_option( SFWP_TEST_FORM_LIMITS, $limits, false );
							// A fresh window for every IP.
							global $wpdb;
							$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->options} WHERE option_name LIKE %s", '%' . $wpdb->esc_like( 'sfwp_rl_' ) . '%' ) );
							return rest_ensure_response( $limits );
						},
					),
					array(
						'methods'             => 'DELETE',
						'permission_callback' => $admin,
						'callback'            => static function () {
							delete_option( SFWP_TEST_FORM_LIMITS );
							global $wpdb;
							$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->options} WHERE option_name LIKE %s", '%' . $wpdb->esc_like( 'sfwp_rl_' ) . '%' ) );
							return rest_ensure_response( array() );
						},
					),
				)
			);
			register_rest_route(
				'sfwp-test/v1',
				'/form-submissions',
				array(
					array(
						'methods'             => 'GET',
						'permission_callback' => $admin,
						'callback'            => static function () {
							global $wpdb;
							$table = $wpdb->prefix . 'sfwp_form_submissions';
							return rest_ensure_response( $wpdb->get_results( "SELECT * FROM {$table} ORDER BY id ASC" ) );
						},
					),
					array(
						// A row written as given, past every check: what the admin screen must escape.
						'methods'             => 'POST',
						'permission_callback' => $admin,
						'callback'            => static function ( WP_REST_Request $request ) {
							global $wpdb;
							$row           = array_map( 'strval', array_intersect_key( (array) $request->get_json_params(), array_flip( array( 'form_id', 'utm_source', 'utm_medium', 'utm_campaign', 'page_url', 'status', 'salesforce_id', 'message' ) ) ) );
							$row['fields'] = (string) wp_json_encode( (object) $request['fields'] );
							$row          += array(
								'status'     => 'failed',
								'page_url'   => '',
								'message'    => '',
								'created_at' => gmdate( 'Y-m-d H:i:s' ),
								'updated_at' => gmdate( 'Y-m-d H:i:s' ),
							);
							$wpdb->insert( $wpdb->prefix . 'sfwp_form_submissions', $row );
							return rest_ensure_response( array( 'id' => (int) $wpdb->insert_id ) );
						},
					),
				)
			);
			register_rest_route(
				'sfwp-test/v1',
				'/form-hooks/(?P<plugin>contact-form-7|wpforms|gravityforms)',
				array(
					'methods'             => 'POST',
					'permission_callback' => $admin,
					'callback'            => static function ( WP_REST_Request $request ) {
						$params = (array) $request->get_json_params();
						switch ( $request['plugin'] ) {
							case 'contact-form-7':
								// Contact Form 7 5.x, WPCF7_Submission::before_send_mail().
								$form       = new SFWP_Test_CF7_Contact_Form( (int) $params['form_id'] );
								$abort      = ! empty( $params['abort'] );
								$submission = new SFWP_Test_CF7_Submission( (array) $params['posted_data'], (array) ( $params['meta'] ?? array() ) );
								do_action_ref_array( 'wpcf7_before_send_mail', array( $form, &$abort, $submission ) );
								break;
							case 'wpforms':
								// WPForms_Process::process(): do_action( 'wpforms_process_complete', $fields, $entry, $form_data, $entry_id ).
								do_action( 'wpforms_process_complete', (array) $params['fields'], (array) ( $params['entry'] ?? array() ), (array) $params['form_data'], (int) ( $params['entry_id'] ?? 0 ) );
								break;
							default:
								// GFFormDisplay::process_form(): do_action( 'gform_after_submission', $entry, $form ).
								do_action( 'gform_after_submission', (array) $params['entry'], (array) $params['form'] );
						}
						return rest_ensure_response( array( 'fired' => $request['plugin'] ) );
					},
				)
			);
		}
	);
}
