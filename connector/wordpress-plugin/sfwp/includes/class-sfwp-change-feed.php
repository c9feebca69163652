<?php
/**
 * Reads the change table as a feed: pages of changes after a cursor.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Builds the pages `GET sfwp/v1/changes` returns.
 *
 * Ids come from AUTO_INCREMENT, which hands them out before the inserting statement
 * commits; two requests writing at once can make id 11 visible before id 10. A reader that
 * moved its cursor past 11 would never see 10. So a page stops before a missing id that lies
 * above the acknowledged cursor when the row after it is younger than the settle time
 * (2 s, filter `sfwp_changes_settle_seconds`): either the missing row commits meanwhile or
 * it never will (a failed insert), and after the settle time the gap is trusted.
 */
final class SFWP_Change_Feed {

	/**
	 * Default settle time, in seconds.
	 */
	const SETTLE_SECONDS = 2.0;

	/**
	 * Change storage.
	 *
	 * @var SFWP_Change_Store
	 */
	private SFWP_Change_Store $store;

	/**
	 * Constructor.
	 *
	 * @param SFWP_Change_Store $store Change storage.
	 */
	public function __construct( SFWP_Change_Store $store ) {
		$this->store = $store;
	}

	/**
	 * One page of changes.
	 *
	 * @param int $after Cursor the reader has processed.
	 * @param int $limit Most changes returned.
	 * @return array{changes: array<int, array<string, mixed>>, next_cursor: int, has_more: bool, latest_cursor: int}
	 */
	public function page( int $after, int $limit ): array {
		$rows    = $this->store->after( $after, $limit + 1 );
		$acked   = $this->store->acked_cursor();
		$settle  = (float) apply_filters( 'sfwp_changes_settle_seconds', self::SETTLE_SECONDS );
		$now     = microtime( true );
		$changes = array();
		$next    = $after;
		$held    = false;

		foreach ( $rows as $row ) {
			if ( count( $changes ) >= $limit ) {
				break;
			}
			$id = (int) $row->id;
			if ( $id > $next + 1 && $id - 1 > $acked && $this->is_younger_than( $row->changed_at, $now, $settle ) ) {
				$held = true;
				break;
			}
			$changes[] = array(
				'cursor'     => $id,
				'type'       => (string) $row->object_type,
				'id'         => (int) $row->object_id,
				'operation'  => (string) $row->operation,
				'origin'     => (string) $row->origin,
				'reason'     => (string) $row->reason,
				'source_org' => (string) $row->source_org,
				'time'       => SFWP_Time::db_to_iso( (string) $row->changed_at ),
			);
			$next = $id;
		}

		return array(
			'changes'       => $changes,
			'next_cursor'   => $next,
			'has_more'      => ! $held && count( $rows ) > count( $changes ),
			'latest_cursor' => max( $next, $this->store->latest_cursor() ),
		);
	}

	/**
	 * Whether a row was written less than the settle time ago.
	 *
	 * @param string $changed_at Row time (UTC DATETIME).
	 * @param float  $now        Current Unix time.
	 * @param float  $settle     Settle time in seconds.
	 * @return bool
	 */
	private function is_younger_than( string $changed_at, float $now, float $settle ): bool {
		$time = SFWP_Time::from_db( $changed_at );
		if ( null === $time ) {
			return false;
		}
		return (float) $time->format( 'U.u' ) > $now - $settle;
	}
}
