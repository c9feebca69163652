<?php
/**
 * The checks before a public submission is read: nonce, fill time, honeypot, rate limit.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Issues the hidden values a rendered form carries and checks them when it comes back.
 *
 * - Nonce: a WordPress nonce for the action `sfwp_form_<id>`, made and checked as the logged-out
 *   user, because the REST API treats a cookie without `X-WP-Nonce` as logged out (core's
 *   rest_cookie_check_errors) and a plain HTML POST cannot send that header.
 * - Fill time: the render time, signed with wp_hash(); a form sent back sooner than the minimum
 *   (3 s, filter `sfwp_form_min_fill_seconds`) was not filled in by a person.
 * - Honeypot: a text input people never see or reach; a bot that fills it gets a normal answer
 *   and its submission is stored as spam.
 * - Rate limit: per IP (REMOTE_ADDR; filter `sfwp_form_client_ip` behind a proxy), counted in
 *   a transient per window: 10 per 10 minutes by default (filter `sfwp_form_rate_limit`).
 */
final class SFWP_Form_Guard {

	/**
	 * Hidden field names.
	 */
	const NONCE_FIELD    = '_sfwp_nonce';
	const STARTED_FIELD  = '_sfwp_started';
	const HONEYPOT_FIELD = 'sfwp_website';

	/**
	 * Defaults.
	 */
	const MIN_FILL_SECONDS = 3;
	const RATE_LIMIT       = 10;
	const RATE_WINDOW      = 600;

	/**
	 * The nonce a form carries.
	 *
	 * @param int $form_id Form id.
	 * @return string
	 */
	public function nonce( int $form_id ): string {
		return $this->as_logged_out(
			static function () use ( $form_id ) {
				return wp_create_nonce( 'sfwp_form_' . $form_id );
			}
		);
	}

	/**
	 * Whether a sent nonce is valid for the form.
	 *
	 * @param int   $form_id Form id.
	 * @param mixed $nonce   Sent value.
	 * @return bool
	 */
	public function nonce_ok( int $form_id, $nonce ): bool {
		if ( ! is_string( $nonce ) || '' === $nonce ) {
			return false;
		}
		return (bool) $this->as_logged_out(
			static function () use ( $form_id, $nonce ) {
				return wp_verify_nonce( $nonce, 'sfwp_form_' . $form_id );
			}
		);
	}

	/**
	 * The signed render time a form carries.
	 *
	 * @param int $form_id Form id.
	 * @return string "<unix seconds>.<signature>"
	 */
	public function started_token( int $form_id ): string {
		$time = (string) time();
		return $time . '.' . $this->sign( $form_id, $time );
	}

	/**
	 * Seconds since the form was rendered; null when the token is missing or forged.
	 *
	 * @param int   $form_id Form id.
	 * @param mixed $token   Sent value.
	 * @return int|null
	 */
	public function seconds_since_render( int $form_id, $token ): ?int {
		if ( ! is_string( $token ) || ! preg_match( '/^(\d{1,12})\.([a-f0-9]{64})$/', $token, $parts ) ) {
			return null;
		}
		if ( ! hash_equals( $this->sign( $form_id, $parts[1] ), $parts[2] ) ) {
			return null;
		}
		return time() - (int) $parts[1];
	}

	/**
	 * Minimum seconds between render and submission.
	 *
	 * @return int
	 */
	public function min_fill_seconds(): int {
		return max( 0, (int) apply_filters( 'sfwp_form_min_fill_seconds', self::MIN_FILL_SECONDS ) );
	}

	/**
	 * Whether the honeypot was filled.
	 *
	 * @param array<string, mixed> $params Sent values.
	 * @return bool
	 */
	public function honeypot_filled( array $params ): bool {
		$value = $params[ self::HONEYPOT_FIELD ] ?? '';
		return ! is_string( $value ) || '' !== trim( $value );
	}

	/**
	 * Counts one attempt from the visitor's IP.
	 *
	 * @return int 0 when within the limit, else the seconds until the window ends.
	 */
	public function take_attempt(): int {
		$limit = (array) apply_filters(
			'sfwp_form_rate_limit',
			array(
				'limit'  => self::RATE_LIMIT,
				'window' => self::RATE_WINDOW,
			)
		);
		$max    = max( 1, (int) ( $limit['limit'] ?? self::RATE_LIMIT ) );
		$window = max( 1, (int) ( $limit['window'] ?? self::RATE_WINDOW ) );
		$now    = time();
		$key    = 'sfwp_rl_' . substr( $this->ip_hash(), 0, 32 );
		$state  = get_transient( $key );
		if ( ! is_array( $state ) || (int) ( $state['until'] ?? 0 ) <= $now ) {
			$state = array(
				'count' => 0,
				'until' => $now + $window,
			);
		}
		if ( (int) $state['count'] >= $max ) {
			return max( 1, (int) $state['until'] - $now );
		}
		++$state['count'];
		set_transient( $key, $state, max( 1, (int) $state['until'] - $now ) );
		return 0;
	}

	/**
	 * Keyed hash of the visitor's IP; the IP itself is never stored.
	 *
	 * @return string 64 hex characters.
	 */
	public function ip_hash(): string {
		$ip = isset( $_SERVER['REMOTE_ADDR'] ) ? sanitize_text_field( wp_unslash( $_SERVER['REMOTE_ADDR'] ) ) : '';
		$ip = (string) apply_filters( 'sfwp_form_client_ip', $ip );
		return hash_hmac( 'sha256', $ip, wp_salt( 'auth' ) );
	}

	/**
	 * Signature of a render time.
	 *
	 * @param int    $form_id Form id.
	 * @param string $time    Unix seconds.
	 * @return string
	 */
	private function sign( int $form_id, string $time ): string {
		return hash_hmac( 'sha256', $form_id . '|' . $time, wp_salt( 'nonce' ) );
	}

	/**
	 * Runs a callback with no current user, then restores the user.
	 *
	 * @param callable $callback Callback.
	 * @return mixed What the callback returned.
	 */
	private function as_logged_out( callable $callback ) {
		$user_id = get_current_user_id();
		if ( 0 === $user_id ) {
			return $callback();
		}
		wp_set_current_user( 0 );
		try {
			return $callback();
		} finally {
			wp_set_current_user( $user_id );
		}
	}
}
