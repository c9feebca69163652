/**
 * @description Publishes WP_Sync_Event__e for mapped Account changes; all logic is in WPSyncTriggerHandler.
 */
trigger WPSyncAccountTrigger on Account(after insert, after update, after delete, after undelete) {
    new WPSyncTriggerHandler().run();
}
