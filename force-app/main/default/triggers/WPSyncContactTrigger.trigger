/**
 * @description Publishes WP_Sync_Event__e for mapped Contact changes; all logic is in WPSyncTriggerHandler.
 */
trigger WPSyncContactTrigger on Contact(after insert, after update, after delete, after undelete) {
    new WPSyncTriggerHandler().run();
}
