<?php
/**
 * Signed calls from WordPress to the connector's `/wordpress/*` routes.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Calls the connector (wp-admin screens, the developer API). WordPress holds no Salesforce
 * credentials: anything it needs from Salesforce comes from the connector through here.
 *
 * Each call carries
 *
 *     X-Sfwp-Timestamp: <unix seconds>
 *     X-Sfwp-Nonce:     <32 random hex characters, never reused>
 *     X-Sfwp-Signature: sha256=<hex HMAC-SHA256(secret, "<ts>.<nonce>.<METHOD>.<path?query>.<body>")>
 *
 * so the connector refuses unsigned, stale, forged and replayed calls. The connector's address is
 * the webhook URL's origin (the connector sets the webhook URL at start): the routes live beside
 * `/webhook/wordpress` on its status server.
 */
final class SFWP_Connector_Client {

	/**
	 * Where the connector's WordPress routes live under its base URL.
	 */
	const ROUTE_PREFIX = '/wordpress/';

	/**
	 * The webhook path the connector's address is derived from.
	 */
	const WEBHOOK_PATH = '/webhook/wordpress';

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
	 * The connector's base URL (scheme, host, port and any path before `/webhook/wordpress`),
	 * or null when the connector has not told WordPress where it is.
	 *
	 * @return string|null
	 */
	public function base_url(): ?string {
		$webhook = $this->settings->get( 'webhook_url' );
		if ( ! is_string( $webhook ) || '' === $webhook ) {
			return null;
		}
		$path = (string) wp_parse_url( $webhook, PHP_URL_PATH );
		if ( substr( $path, -strlen( self::WEBHOOK_PATH ) ) !== self::WEBHOOK_PATH ) {
			return null;
		}
		return substr( $webhook, 0, strlen( $webhook ) - strlen( self::WEBHOOK_PATH ) );
	}

	/**
	 * Whether a call can be made at all (an address and a shared secret).
	 *
	 * @return bool
	 */
	public function is_configured(): bool {
		return null !== $this->base_url() && '' !== $this->settings->shared_secret();
	}

	/**
	 * GET a connector route.
	 *
	 * @param string               $route   Route under `/wordpress/`, e.g. `status`.
	 * @param array<string, mixed> $query   Query arguments.
	 * @param float                $timeout Seconds.
	 * @return array<mixed>|WP_Error The decoded JSON answer, or why there is none.
	 */
	public function get( string $route, array $query = array(), float $timeout = 5.0 ) {
		return $this->request( 'GET', $route, $query, null, $timeout );
	}

	/**
	 * POST to a connector route.
	 *
	 * @param string       $route   Route under `/wordpress/`.
	 * @param array<mixed> $body    JSON body.
	 * @param float        $timeout Seconds.
	 * @return array<mixed>|WP_Error The decoded JSON answer, or why there is none.
	 */
	public function post( string $route, array $body, float $timeout = 5.0 ) {
		return $this->request( 'POST', $route, array(), $body, $timeout );
	}

	/**
	 * The value of `X-Sfwp-Signature`.
	 *
	 * @param string $secret    Shared secret.
	 * @param string $timestamp Unix seconds, as sent.
	 * @param string $nonce     Nonce, as sent.
	 * @param string $method    HTTP method.
	 * @param string $target    Path and query, as sent.
	 * @param string $body      Raw body, as sent.
	 * @return string
	 */
	public static function signature( string $secret, string $timestamp, string $nonce, string $method, string $target, string $body ): string {
		$message = implode( '.', array( $timestamp, $nonce, strtoupper( $method ), $target, $body ) );
		return 'sha256=' . hash_hmac( 'sha256', $message, $secret );
	}

	/**
	 * Makes one signed call.
	 *
	 * @param string                 $method  GET or POST.
	 * @param string                 $route   Route under `/wordpress/`.
	 * @param array<string, mixed>   $query   Query arguments.
	 * @param array<mixed>|null      $body    JSON body (POST).
	 * @param float                  $timeout Seconds.
	 * @return array<mixed>|WP_Error
	 */
	private function request( string $method, string $route, array $query, ?array $body, float $timeout ) {
		$base   = $this->base_url();
		$secret = $this->settings->shared_secret();
		if ( null === $base || '' === $secret ) {
			return new WP_Error(
				'sfwp_connector_not_configured',
				__( 'The connector has not connected to this site yet, or no shared secret is set.', 'sfwp' )
			);
		}
		$url = $base . self::ROUTE_PREFIX . ltrim( $route, '/' );
		if ( array() !== $query ) {
			$url .= '?' . http_build_query( $query, '', '&', PHP_QUERY_RFC3986 );
		}
		$path   = (string) wp_parse_url( $url, PHP_URL_PATH );
		$search = wp_parse_url( $url, PHP_URL_QUERY );
		$target = $path . ( is_string( $search ) && '' !== $search ? '?' . $search : '' );
		$raw    = null === $body ? '' : (string) wp_json_encode( $body );

		$timestamp = (string) time();
		$nonce     = bin2hex( random_bytes( 16 ) );
		$response  = wp_remote_request(
			$url,
			array(
				'method'      => $method,
				'timeout'     => $timeout,
				'redirection' => 0,
				'headers'     => array(
					'Content-Type'     => 'application/json',
					'X-Sfwp-Timestamp' => $timestamp,
					'X-Sfwp-Nonce'     => $nonce,
					'X-Sfwp-Signature' => self::signature( $secret, $timestamp, $nonce, $method, $target, $raw ),
				),
				'body'        => null === $body ? null : $raw,
			)
		);
		if ( is_wp_error( $response ) ) {
			return new WP_Error(
				'sfwp_connector_unreachable',
				__( 'The connector could not be reached.', 'sfwp' ),
				array( 'detail' => $response->get_error_message() )
			);
		}
		$status  = (int) wp_remote_retrieve_response_code( $response );
		$decoded = json_decode( (string) wp_remote_retrieve_body( $response ), true );
		if ( $status < 200 || $status >= 300 ) {
			$message = is_array( $decoded ) && isset( $decoded['message'] ) ? (string) $decoded['message'] : '';
			if ( '' === $message && is_array( $decoded ) && isset( $decoded['error'] ) ) {
				$message = (string) $decoded['error'];
			}
			return new WP_Error(
				is_array( $decoded ) && isset( $decoded['code'] ) ? (string) $decoded['code'] : 'sfwp_connector_error',
				'' !== $message ? $message : __( 'The connector refused the call.', 'sfwp' ),
				array( 'status' => $status )
			);
		}
		return is_array( $decoded ) ? $decoded : array();
	}
}
