import { LightningElement } from 'lwc';
import hasSyncAdmin from '@salesforce/customPermission/WP_Sync_Admin';

/**
 * The WordPress Sync tab: connection health and commands, mappings, sync log.
 * Editing and commands need the WP_Sync_Admin custom permission; without it the app is read-only
 * (the Apex controller checks again on every write).
 */
export default class WpSyncAdminApp extends LightningElement {
  get canEdit() {
    return hasSyncAdmin === true;
  }

  get readOnly() {
    return !this.canEdit;
  }
}
