<?php
/**
 * UTC time in the two shapes the plugin uses: DATETIME(6) for the database and ISO 8601
 * with microseconds for REST.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Clock and time formats.
 */
final class SFWP_Time {

	/**
	 * Format of `changed_at` in the change table.
	 */
	const DB_FORMAT = 'Y-m-d H:i:s.u';

	/**
	 * Format of times in REST responses, for example 2026-11-22T10:00:00.123456Z.
	 */
	const ISO_FORMAT = 'Y-m-d\TH:i:s.u\Z';

	/**
	 * The current time in UTC, with microseconds.
	 *
	 * @return DateTimeImmutable
	 */
	public static function now(): DateTimeImmutable {
		return new DateTimeImmutable( 'now', new DateTimeZone( 'UTC' ) );
	}

	/**
	 * The current time as stored in the change table.
	 *
	 * @return string
	 */
	public static function now_for_db(): string {
		return self::now()->format( self::DB_FORMAT );
	}

	/**
	 * The current time as returned by REST.
	 *
	 * @return string
	 */
	public static function now_iso(): string {
		return self::now()->format( self::ISO_FORMAT );
	}

	/**
	 * Reads a DATETIME value written in UTC.
	 *
	 * @param string $value Database value such as "2026-11-22 10:00:00.123456".
	 * @return DateTimeImmutable|null Null when the value cannot be read.
	 */
	public static function from_db( string $value ): ?DateTimeImmutable {
		$utc  = new DateTimeZone( 'UTC' );
		$time = DateTimeImmutable::createFromFormat( self::DB_FORMAT, $value, $utc );
		if ( false === $time ) {
			$time = DateTimeImmutable::createFromFormat( 'Y-m-d H:i:s', $value, $utc );
		}
		return false === $time ? null : $time;
	}

	/**
	 * Turns a database DATETIME into the REST format.
	 *
	 * @param string $value Database value.
	 * @return string
	 */
	public static function db_to_iso( string $value ): string {
		$time = self::from_db( $value );
		return null === $time ? $value : $time->format( self::ISO_FORMAT );
	}

	/**
	 * A database DATETIME some whole seconds before now.
	 *
	 * @param int $seconds How far back.
	 * @return string
	 */
	public static function db_seconds_ago( int $seconds ): string {
		return self::now()->modify( sprintf( '-%d seconds', $seconds ) )->format( self::DB_FORMAT );
	}
}
