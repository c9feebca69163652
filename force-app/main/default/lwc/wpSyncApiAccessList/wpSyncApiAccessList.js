import { LightningElement, api, wire } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import getApiAccessEntries from '@salesforce/apex/WPSyncAdminApiAccessController.getApiAccessEntries';
import deactivateApiAccess from '@salesforce/apex/WPSyncAdminApiAccessController.deactivateApiAccess';

const KIND_LABELS = { Query: 'Read records', ApexRest: 'Apex REST call' };

function view(entry) {
  const query = entry.Kind__c === 'Query';
  const filter = entry.Fixed_Filter__c ? ` where ${entry.Fixed_Filter__c}` : '';
  const allows = query
    ? `${entry.Salesforce_Object__c}${filter} (at most ${entry.Max_Records__c ?? 200})`
    : `${entry.Apex_Method__c} ${entry.Apex_Path__c}`;
  return {
    ...entry,
    kindLabel: KIND_LABELS[entry.Kind__c] || entry.Kind__c,
    allows,
    fieldsText: query ? entry.Allowed_Fields__c : '—',
    cacheText: String(entry.Cache_Seconds__c ?? 0),
    anonymousText: entry.Allow_Anonymous__c ? 'Allowed' : 'Logged-in only',
    status: entry.Active__c ? 'Active' : 'Inactive',
    statusClass: entry.Active__c ? 'slds-badge slds-theme_success' : 'slds-badge',
  };
}

/**
 * The developer API's access entries (WP_API_Access__mdt): what each allows, its cache time and
 * whether visitors may see it; opens the editor, and deactivates an entry by deploying it again
 * with Active off (Apex cannot delete custom metadata records).
 */
export default class WpSyncApiAccessList extends LightningElement {
  @api canEdit = false;
  wiredResult;
  entries = [];
  error;
  editing;
  isEditing = false;
  deactivatingJobId;

  @wire(getApiAccessEntries)
  wiredEntries(result) {
    this.wiredResult = result;
    if (result.data) {
      this.entries = result.data.map((entry) => ({
        ...view(entry),
        cannotDeactivate: !entry.Active__c || !this.canEdit,
      }));
      this.error = undefined;
    } else if (result.error) {
      this.error = result.error;
    }
  }

  get isEmpty() {
    return this.entries.length === 0 && !this.error;
  }

  get readOnly() {
    return !this.canEdit;
  }

  handleEdit(event) {
    const name = event.target.dataset.name;
    this.editing = this.entries.find((entry) => entry.DeveloperName === name);
    this.isEditing = true;
  }

  handleNew() {
    this.editing = undefined;
    this.isEditing = true;
  }

  async handleDeactivate(event) {
    this.error = undefined;
    this.deactivatingJobId = undefined;
    try {
      this.deactivatingJobId = await deactivateApiAccess({
        developerName: event.target.dataset.name,
      });
    } catch (error) {
      this.error = error;
    }
  }

  handleDeactivated() {
    return refreshApex(this.wiredResult);
  }

  handleClose() {
    this.isEditing = false;
    this.editing = undefined;
  }

  handleSaved() {
    return refreshApex(this.wiredResult);
  }
}
