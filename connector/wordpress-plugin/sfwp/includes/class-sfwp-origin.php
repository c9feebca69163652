<?php
/**
 * Decides whether a change was made by the connector or in WordPress.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * A change is the connector's when the current user is the configured connector user, or
 * when the request carries a valid `X-Sfwp-Origin` signature:
 *
 *     X-Sfwp-Timestamp: <unix seconds>
 *     X-Sfwp-Origin: sha256=<hex HMAC-SHA256(secret, "<timestamp>.connector")>
 *
 * The headers are read from `$_SERVER`, so the requests inside one `/batch/v1` call inherit
 * them. The signature only marks origin; it grants no permission.
 *
 * A connector serving several Salesforce orgs also names the org a write is made for:
 *
 *     X-Sfwp-Source-Org: <org name, [A-Za-z0-9_-], at most 40 characters>
 *
 * so the change feed can tell the other orgs' readers about it. It is believed only on a
 * request whose origin is connector; anyone else could name any org.
 */
final class SFWP_Origin {

	/**
	 * Origin of the connector's own writes.
	 */
	const CONNECTOR = 'connector';

	/**
	 * Origin of every other change.
	 */
	const WORDPRESS = 'wordpress';

	/**
	 * How far the signed timestamp may be from now, in seconds.
	 */
	const MAX_SKEW = 300;

	/**
	 * What an org name in `X-Sfwp-Source-Org` may be.
	 */
	const SOURCE_ORG_PATTERN = '/^[A-Za-z0-9_-]{1,40}$/';

	/**
	 * Settings.
	 *
	 * @var SFWP_Settings
	 */
	private SFWP_Settings $settings;

	/**
	 * Whether this request's signature was valid; null until checked.
	 *
	 * @var bool|null
	 */
	private ?bool $signed = null;

	/**
	 * Constructor.
	 *
	 * @param SFWP_Settings $settings Settings.
	 */
	public function __construct( SFWP_Settings $settings ) {
		$this->settings = $settings;
	}

	/**
	 * The origin of a change made now.
	 *
	 * @return string connector or wordpress.
	 */
	public function current(): string {
		return $this->is_connector_user() || $this->is_signed_request() ? self::CONNECTOR : self::WORDPRESS;
	}

	/**
	 * The org the connector made the current request's writes for: the `X-Sfwp-Source-Org`
	 * header of a connector-origin request, '' for any other request or a malformed name.
	 *
	 * @return string
	 */
	public function source_org(): string {
		if ( ! isset( $_SERVER['HTTP_X_SFWP_SOURCE_ORG'] ) || self::CONNECTOR !== $this->current() ) {
			return '';
		}
		// sanitize_source_org() keeps only a name of [A-Za-z0-9_-].
		$given = (string) wp_unslash( $_SERVER['HTTP_X_SFWP_SOURCE_ORG'] ); // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized
		return self::sanitize_source_org( $given );
	}

	/**
	 * An org name as given, when it is one; '' otherwise. A name is refused rather than
	 * trimmed into another org's name.
	 *
	 * @param string $name Header value.
	 * @return string
	 */
	public static function sanitize_source_org( string $name ): string {
		$name = trim( $name );
		return 1 === preg_match( self::SOURCE_ORG_PATTERN, $name ) ? $name : '';
	}

	/**
	 * The value of `X-Sfwp-Origin` for a timestamp.
	 *
	 * @param string $secret    Shared secret.
	 * @param string $timestamp Unix seconds, as sent.
	 * @return string
	 */
	public static function signature( string $secret, string $timestamp ): string {
		return 'sha256=' . hash_hmac( 'sha256', $timestamp . '.connector', $secret );
	}

	/**
	 * Whether the request carries a valid, fresh `X-Sfwp-Origin` signature (the connector user
	 * alone does not count).
	 *
	 * @return bool
	 */
	public function is_signed(): bool {
		return $this->is_signed_request();
	}

	/**
	 * Whether the current user is the configured connector user.
	 *
	 * @return bool
	 */
	private function is_connector_user(): bool {
		$connector_user_id = (int) $this->settings->get( 'connector_user_id' );
		// Asking for the current user while WordPress is still working it out would recurse.
		if ( $connector_user_id <= 0 || ! function_exists( 'wp_get_current_user' ) || doing_filter( 'determine_current_user' ) ) {
			return false;
		}
		return get_current_user_id() === $connector_user_id;
	}

	/**
	 * Whether the request carries a valid, fresh origin signature. Checked once per request.
	 *
	 * @return bool
	 */
	private function is_signed_request(): bool {
		if ( null === $this->signed ) {
			$this->signed = $this->check_signature();
		}
		return $this->signed;
	}

	/**
	 * Checks the origin headers against the shared secret.
	 *
	 * @return bool
	 */
	private function check_signature(): bool {
		$secret = $this->settings->shared_secret();
		if ( '' === $secret || ! isset( $_SERVER['HTTP_X_SFWP_TIMESTAMP'], $_SERVER['HTTP_X_SFWP_ORIGIN'] ) ) {
			return false;
		}
		// Compared byte for byte below, so only unslashed, never otherwise altered.
		$timestamp = trim( (string) wp_unslash( $_SERVER['HTTP_X_SFWP_TIMESTAMP'] ) ); // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized
		$given     = strtolower( trim( (string) wp_unslash( $_SERVER['HTTP_X_SFWP_ORIGIN'] ) ) ); // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized
		if ( 1 !== preg_match( '/^\d{1,12}$/', $timestamp ) || 1 !== preg_match( '/^sha256=[0-9a-f]{64}$/', $given ) ) {
			return false;
		}
		if ( abs( time() - (int) $timestamp ) > self::MAX_SKEW ) {
			return false;
		}
		return hash_equals( self::signature( $secret, $timestamp ), $given );
	}
}
