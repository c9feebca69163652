/**
 * @description Publishes WP_Sync_Event__e for mapped Account changes; all logic is in WPSyncTriggerHandler. Before
 * delete it publishes the DELETE events of the Contacts that go with the Account (cascade deletes run no Contact
 * trigger).
 */
trigger WPSyncAccountTrigger on Account(before delete, after insert, after update, after delete, after undelete) {
    new WPSyncTriggerHandler().run();
}
