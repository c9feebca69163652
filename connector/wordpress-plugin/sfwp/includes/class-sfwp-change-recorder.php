<?php
/**
 * Appends changes to the table in the request that makes them, coalesced per request.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * The one way changes get into the table. Within one request it writes at most one row per
 * object and operation, and no `update` for an object that the request creates, deletes, or
 * is still creating, trashing, untrashing or deleting (WordPress writes fields and meta of an
 * object on the way to those operations; the operation's own row covers them).
 *
 * A connector-origin row also keeps the org the connector wrote for (`X-Sfwp-Source-Org`), so
 * a connector serving several orgs passes the change on to the others.
 *
 * After each row it fires `sfwp_change_recorded` with the cursor, type, id, operation and
 * origin.
 */
final class SFWP_Change_Recorder {

	/**
	 * Object type of users.
	 */
	const USER = 'user';

	/**
	 * Operations a row can carry.
	 */
	const OPERATIONS = array( 'create', 'update', 'delete', 'trash', 'untrash' );

	/**
	 * Reason of a change a person asked for (Sync now, the bulk action "Sync to Salesforce").
	 */
	const MANUAL = 'manual';

	/**
	 * Change storage.
	 *
	 * @var SFWP_Change_Store
	 */
	private SFWP_Change_Store $store;

	/**
	 * Origin detection.
	 *
	 * @var SFWP_Origin
	 */
	private SFWP_Origin $origin;

	/**
	 * Rows written by this request: "type:id" => operation => cursor.
	 *
	 * @var array<string, array<string, int>>
	 */
	private array $recorded = array();

	/**
	 * Operations under way in this request: "type:id" => operation.
	 *
	 * @var array<string, string>
	 */
	private array $busy = array();

	/**
	 * Constructor.
	 *
	 * @param SFWP_Change_Store $store  Change storage.
	 * @param SFWP_Origin       $origin Origin detection.
	 */
	public function __construct( SFWP_Change_Store $store, SFWP_Origin $origin ) {
		$this->store  = $store;
		$this->origin = $origin;
	}

	/**
	 * Who is making the current request's changes.
	 *
	 * @return string connector or wordpress.
	 */
	public function origin(): string {
		return $this->origin->current();
	}

	/**
	 * Records a change unless this request already covered it.
	 *
	 * @param string      $object_type `user` or a post type slug.
	 * @param int         $object_id   Object id.
	 * @param string      $operation   One of OPERATIONS.
	 * @param string|null $origin      Origin when the object itself decides it (a form
	 *                                 submission is always a WordPress change); null asks SFWP_Origin.
	 * @param string      $reason      '' for an edit, or MANUAL.
	 * @return int The new row's cursor, 0 when nothing was written.
	 */
	public function record( string $object_type, int $object_id, string $operation, ?string $origin = null, string $reason = '' ): int {
		if ( $object_id <= 0 || ! in_array( $operation, self::OPERATIONS, true ) ) {
			return 0;
		}
		$key  = $object_type . ':' . $object_id;
		$done = $this->recorded[ $key ] ?? array();
		if ( isset( $done[ $operation ] ) && '' === $reason ) {
			return 0;
		}
		if ( '' === $reason && 'update' === $operation && ( isset( $this->busy[ $key ] ) || isset( $done['create'] ) || isset( $done['delete'] ) ) ) {
			return 0;
		}

		$origin     = $origin ?? $this->origin->current();
		$source_org = SFWP_Origin::CONNECTOR === $origin ? $this->origin->source_org() : '';
		$cursor     = $this->store->append( $object_type, $object_id, $operation, $origin, $reason, $source_org );
		if ( 0 === $cursor ) {
			return 0;
		}
		$this->recorded[ $key ][ $operation ] = $cursor;

		/**
		 * Fires after a change was appended to the change table.
		 *
		 * @param int    $cursor      The row's cursor.
		 * @param string $object_type `user` or a post type slug.
		 * @param int    $object_id   Object id.
		 * @param string $operation   create, update, delete, trash or untrash.
		 * @param string $origin      connector or wordpress.
		 */
		do_action( 'sfwp_change_recorded', $cursor, $object_type, $object_id, $operation, $origin );
		return $cursor;
	}

	/**
	 * Marks an operation as under way: updates of the object are not recorded until end().
	 *
	 * @param string $object_type `user` or a post type slug.
	 * @param int    $object_id   Object id.
	 * @param string $operation   create, delete, trash or untrash.
	 */
	public function begin( string $object_type, int $object_id, string $operation ): void {
		if ( $object_id > 0 ) {
			$this->busy[ $object_type . ':' . $object_id ] = $operation;
		}
	}

	/**
	 * Ends what begin() started.
	 *
	 * @param string $object_type `user` or a post type slug.
	 * @param int    $object_id   Object id.
	 */
	public function end( string $object_type, int $object_id ): void {
		unset( $this->busy[ $object_type . ':' . $object_id ] );
	}

	/**
	 * The operation under way for an object, if any.
	 *
	 * @param string $object_type `user` or a post type slug.
	 * @param int    $object_id   Object id.
	 * @return string|null
	 */
	public function busy_with( string $object_type, int $object_id ): ?string {
		return $this->busy[ $object_type . ':' . $object_id ] ?? null;
	}

	/**
	 * What this request has recorded and has under way so far, for restore().
	 *
	 * @return array{0: array<string, array<string, int>>, 1: array<string, string>}
	 */
	public function checkpoint(): array {
		return array( $this->recorded, $this->busy );
	}

	/**
	 * Forgets what was recorded after a checkpoint, once the database has rolled those rows
	 * back (a failed item of `sfwp/v1/bulk`): a later change of the same object must get a
	 * row of its own.
	 *
	 * @param array{0: array<string, array<string, int>>, 1: array<string, string>} $checkpoint From checkpoint().
	 */
	public function restore( array $checkpoint ): void {
		list( $this->recorded, $this->busy ) = $checkpoint;
	}

	/**
	 * Whether this request already recorded an operation for an object.
	 *
	 * @param string $object_type `user` or a post type slug.
	 * @param int    $object_id   Object id.
	 * @param string $operation   Operation.
	 * @return bool
	 */
	public function has_recorded( string $object_type, int $object_id, string $operation ): bool {
		return isset( $this->recorded[ $object_type . ':' . $object_id ][ $operation ] );
	}
}
