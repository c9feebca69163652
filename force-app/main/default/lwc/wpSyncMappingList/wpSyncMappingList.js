import { LightningElement, api, wire } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import getMappings from '@salesforce/apex/WPSyncAdminController.getMappings';

const FIELD_COLUMNS = [
  { label: 'Salesforce field', fieldName: 'Salesforce_Field__c' },
  { label: 'WordPress field', fieldName: 'WordPress_Field__c' },
  { label: 'Direction', fieldName: 'Direction__c' },
  { label: 'Transform', fieldName: 'Transform__c' },
  { label: 'Required', fieldName: 'Required__c', type: 'boolean' },
];

/** The object mappings with their field mappings; opens the editor for one of them or a new one. */
/** What a mapping connects: WordPress, or another org for an org to org mapping (Target_Org__c). */
function summaryOf(definition) {
  const other = definition.Target_Org__c
    ? `org ${definition.Target_Org__c}`
    : `WordPress ${definition.WordPress_Type__c}`;
  return `${definition.Salesforce_Object__c} ↔ ${other} · ${definition.Direction__c}`;
}

export default class WpSyncMappingList extends LightningElement {
  @api canEdit = false;
  columns = FIELD_COLUMNS;
  wiredResult;
  mappings = [];
  error;
  editing;
  isEditing = false;

  @wire(getMappings)
  wiredMappings(result) {
    this.wiredResult = result;
    if (result.data) {
      this.mappings = result.data.map((mapping) => ({
        ...mapping,
        title: `${mapping.label} (${mapping.developerName})`,
        summary: summaryOf(mapping.definition),
        status: mapping.definition.Active__c ? 'Active' : 'Inactive',
        statusClass: mapping.definition.Active__c ? 'slds-badge slds-theme_success' : 'slds-badge',
        hasUnknownFields: mapping.unknownFields && mapping.unknownFields.length > 0,
        unknownText: `Unknown Salesforce fields (ignored): ${(mapping.unknownFields || []).join(', ')}`,
      }));
      this.error = undefined;
    } else if (result.error) {
      this.error = result.error;
    }
  }

  get isEmpty() {
    return this.mappings.length === 0 && !this.error;
  }

  get readOnly() {
    return !this.canEdit;
  }

  handleEdit(event) {
    const name = event.target.dataset.name;
    this.editing = this.mappings.find((mapping) => mapping.developerName === name);
    this.isEditing = true;
  }

  handleNew() {
    this.editing = undefined;
    this.isEditing = true;
  }

  handleClose() {
    this.isEditing = false;
    this.editing = undefined;
  }

  handleSaved() {
    return refreshApex(this.wiredResult);
  }
}
