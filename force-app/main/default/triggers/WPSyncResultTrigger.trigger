/**
 * @description Logs connector results and stamps source records; all logic is in WPSyncResultHandler.
 */
trigger WPSyncResultTrigger on WP_Sync_Result__e(after insert) {
    new WPSyncResultHandler().run();
}
