<?php
/**
 * Named database locks on the emails and logins of the users one bulk request creates or renames.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Core checks that an email or login is free (`email_exists()`, `username_exists()`) and then
 * inserts, with nothing in between to stop another request doing the same. Alone, a request
 * commits at once and the window is a few milliseconds; inside a bulk transaction the insert
 * stays invisible to other requests until the whole request commits, and two bulk requests
 * creating the same email would both pass the check and leave two users with one email.
 *
 * So before its transaction starts, a bulk request takes a MariaDB/MySQL named lock
 * (`GET_LOCK`) on each email and login its user items write, in sorted order (two requests
 * never wait on each other crosswise), and releases them after the commit: a second request
 * writing the same email waits, then sees the committed user and gets core's
 * `existing_user_email` for that item.
 */
final class SFWP_Bulk_Identity_Locks {

	/**
	 * Seconds to wait for one lock before the request answers 503 (send again), unless the
	 * `sfwp_bulk_identity_lock_wait` filter says otherwise.
	 */
	const WAIT_SECONDS = 20;

	/**
	 * Item route that writes users.
	 */
	const USERS_ROUTE = '#^/wp/v2/users(?:/\d+)?$#';

	/**
	 * Names of the locks held.
	 *
	 * @var string[]
	 */
	private array $held = array();

	/**
	 * Takes the locks for the user items of a bulk request.
	 *
	 * @param array $items The request's items (method, path, body).
	 * @return bool False when a lock could not be had in time; none is held then.
	 */
	public function claim( array $items ): bool {
		global $wpdb;
		/**
		 * Filters how many seconds a bulk request waits for the lock on one email or login
		 * that another request is writing, before it answers 503 (send again).
		 *
		 * @param int $seconds Seconds; 20 by default.
		 */
		$wait = max( 0, (int) apply_filters( 'sfwp_bulk_identity_lock_wait', self::WAIT_SECONDS ) );
		foreach ( $this->names( $items ) as $name ) {
			$got = $wpdb->get_var( $wpdb->prepare( 'SELECT GET_LOCK(%s, %d)', $name, $wait ) );
			if ( '1' !== (string) $got ) {
				$this->release();
				return false;
			}
			$this->held[] = $name;
		}
		return true;
	}

	/**
	 * Releases every lock held.
	 */
	public function release(): void {
		global $wpdb;
		foreach ( $this->held as $name ) {
			$wpdb->query( $wpdb->prepare( 'SELECT RELEASE_LOCK(%s)', $name ) );
		}
		$this->held = array();
	}

	/**
	 * Lock names for the emails and logins the items write, sorted and without repeats. A name
	 * is a hash of the site's table prefix and the lower-cased value (GET_LOCK names are at most
	 * 64 characters and are shared by every database on the server).
	 *
	 * @param array $items The request's items.
	 * @return string[]
	 */
	private function names( array $items ): array {
		global $wpdb;
		$names = array();
		foreach ( $items as $item ) {
			$method = strtoupper( (string) ( $item['method'] ?? 'POST' ) );
			$path   = (string) wp_parse_url( (string) ( $item['path'] ?? '' ), PHP_URL_PATH );
			$body   = isset( $item['body'] ) && is_array( $item['body'] ) ? $item['body'] : array();
			if ( 'DELETE' === $method || 1 !== preg_match( self::USERS_ROUTE, $path ) ) {
				continue;
			}
			foreach ( array( 'email', 'username' ) as $field ) {
				if ( isset( $body[ $field ] ) && is_string( $body[ $field ] ) && '' !== trim( $body[ $field ] ) ) {
					$names[] = 'sfwp_user_' . md5( $wpdb->prefix . '|' . $field . '|' . strtolower( trim( $body[ $field ] ) ) );
				}
			}
		}
		$names = array_values( array_unique( $names ) );
		sort( $names );
		return $names;
	}
}
