/**
 * @description Publishes WP_Sync_Event__e for mapped Lead changes; all logic is in WPSyncTriggerHandler.
 */
trigger WPSyncLeadTrigger on Lead(after insert, after update, after delete, after undelete) {
    new WPSyncTriggerHandler().run();
}
