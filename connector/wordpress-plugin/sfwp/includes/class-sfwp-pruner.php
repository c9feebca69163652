<?php
/**
 * The daily wp-cron job that deletes acknowledged, old changes.
 *
 * @package sfwp
 */

defined( 'ABSPATH' ) || exit;

/**
 * Schedules and runs pruning.
 */
final class SFWP_Pruner {

	/**
	 * wp-cron hook.
	 */
	const HOOK = 'sfwp_prune_changes';

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
	 * Adds the cron callback.
	 */
	public function register(): void {
		add_action( self::HOOK, array( $this, 'run' ) );
	}

	/**
	 * Schedules the daily event unless it is scheduled already.
	 */
	public function schedule(): void {
		if ( false === wp_next_scheduled( self::HOOK ) ) {
			wp_schedule_event( time() + HOUR_IN_SECONDS, 'daily', self::HOOK );
		}
	}

	/**
	 * Removes the event.
	 */
	public static function unschedule(): void {
		wp_clear_scheduled_hook( self::HOOK );
	}

	/**
	 * Deletes rows at or below the acknowledged cursor older than the retention time.
	 *
	 * @return int Rows deleted.
	 */
	public function run(): int {
		$days = (int) $this->settings->get( 'retention_days' );
		return $this->store->prune( $this->store->acked_cursor(), SFWP_Time::db_seconds_ago( $days * DAY_IN_SECONDS ) );
	}
}
