<?php
/**
 * Wakes the connector with one signed POST per request that recorded WordPress changes.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Counts the `origin=wordpress` rows a request writes and, at shutdown, posts
 * `{"latest_cursor": n, "count": k}` to the webhook URL with
 *
 *     X-Sfwp-Timestamp: <unix seconds>
 *     X-Sfwp-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>
 *
 * The POST is fire-and-forget (`blocking => false`): the request is written to the socket
 * and the connection closed without waiting for an answer, so a slow or absent receiver
 * never slows WordPress down. The webhook only wakes the connector early; the change feed
 * stays the record, so a lost webhook delays a change until the next poll and loses nothing.
 */
final class SFWP_Webhook {

	/**
	 * Settings.
	 *
	 * @var SFWP_Settings
	 */
	private SFWP_Settings $settings;

	/**
	 * Change storage.
	 *
	 * @var SFWP_Change_Store
	 */
	private SFWP_Change_Store $store;

	/**
	 * WordPress-origin rows written by this request.
	 *
	 * @var int
	 */
	private int $count = 0;

	/**
	 * Constructor.
	 *
	 * @param SFWP_Settings     $settings Settings.
	 * @param SFWP_Change_Store $store    Change storage.
	 */
	public function __construct( SFWP_Settings $settings, SFWP_Change_Store $store ) {
		$this->settings = $settings;
		$this->store    = $store;
	}

	/**
	 * Adds the hooks.
	 */
	public function register(): void {
		add_action( 'sfwp_change_recorded', array( $this, 'on_change_recorded' ), 10, 5 );
	}

	/**
	 * Counts a recorded change; the first WordPress-origin one schedules the POST.
	 *
	 * @param int    $cursor      Row cursor.
	 * @param string $object_type Object type.
	 * @param int    $object_id   Object id.
	 * @param string $operation   Operation.
	 * @param string $origin      Origin.
	 */
	public function on_change_recorded( $cursor, $object_type, $object_id, $operation, $origin ): void {
		if ( SFWP_Origin::WORDPRESS !== $origin ) {
			return;
		}
		if ( 0 === $this->count ) {
			// Late, so that WordPress's own shutdown work (flushing output) comes first.
			add_action( 'shutdown', array( $this, 'send' ), 100 );
		}
		++$this->count;
	}

	/**
	 * Sends the POST if a URL and a secret are configured.
	 */
	public function send(): void {
		$url    = $this->settings->get( 'webhook_url' );
		$secret = $this->settings->shared_secret();
		if ( 0 === $this->count || ! is_string( $url ) || '' === $url || '' === $secret ) {
			return;
		}
		$timestamp = (string) time();
		$body      = (string) wp_json_encode(
			array(
				'latest_cursor' => $this->store->latest_cursor(),
				'count'         => $this->count,
			)
		);

		$this->count = 0;
		wp_remote_post(
			$url,
			array(
				'blocking'    => false,
				'timeout'     => 1,
				'redirection' => 0,
				'headers'     => array(
					'Content-Type'     => 'application/json',
					'X-Sfwp-Timestamp' => $timestamp,
					'X-Sfwp-Signature' => self::signature( $secret, $timestamp, $body ),
				),
				'body'        => $body,
			)
		);
	}

	/**
	 * The value of `X-Sfwp-Signature`.
	 *
	 * @param string $secret    Shared secret.
	 * @param string $timestamp Unix seconds, as sent.
	 * @param string $body      Raw body, as sent.
	 * @return string
	 */
	public static function signature( string $secret, string $timestamp, string $body ): string {
		return 'sha256=' . hash_hmac( 'sha256', $timestamp . '.' . $body, $secret );
	}
}
