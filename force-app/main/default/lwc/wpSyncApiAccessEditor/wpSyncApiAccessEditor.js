import { LightningElement, api, wire } from 'lwc';
import getQueryableObjects from '@salesforce/apex/WPSyncAdminApiAccessController.getQueryableObjects';
import getReadableFields from '@salesforce/apex/WPSyncAdminApiAccessController.getReadableFields';
import validateApiAccess from '@salesforce/apex/WPSyncAdminApiAccessController.validateApiAccess';
import saveApiAccess from '@salesforce/apex/WPSyncAdminApiAccessController.saveApiAccess';

const KIND_OPTIONS = [
  { label: 'Read records of an object', value: 'Query' },
  { label: 'Call an Apex REST path', value: 'ApexRest' },
];
/** The Apex_Method__c picklist: the connector sends GET or POST only. */
const METHOD_OPTIONS = [
  { label: 'GET', value: 'GET' },
  { label: 'POST', value: 'POST' },
];

const NEW_ENTRY = {
  developerName: '',
  label: '',
  kind: 'Query',
  active: true,
  allowAnonymous: false,
  cacheSeconds: 300,
  salesforceObject: '',
  allowedFields: '',
  fixedFilter: '',
  maxRecords: 200,
  apexPath: '',
  apexMethod: 'GET',
};

function formFromRecord(record) {
  return {
    developerName: record.DeveloperName,
    label: record.MasterLabel || '',
    kind: record.Kind__c,
    active: record.Active__c === true,
    allowAnonymous: record.Allow_Anonymous__c === true,
    cacheSeconds: record.Cache_Seconds__c ?? 0,
    salesforceObject: record.Salesforce_Object__c || '',
    allowedFields: record.Allowed_Fields__c || '',
    fixedFilter: record.Fixed_Filter__c || '',
    maxRecords: record.Max_Records__c ?? 200,
    apexPath: record.Apex_Path__c || '',
    apexMethod: record.Apex_Method__c || 'GET',
  };
}

/** A number input's value as the number Apex takes; blank or not a number is null. */
function toNumber(value) {
  if (value === '' || value === null || value === undefined) return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}

/**
 * Edits one developer API access entry, or a new one. Objects and fields come from describe as
 * the admin sees them; Save validates on the server first, shows every issue, and only then
 * deploys the custom metadata record and follows the deployment to its callback result.
 */
export default class WpSyncApiAccessEditor extends LightningElement {
  @api canEdit = false;
  form = { ...NEW_ENTRY };
  isNew = true;
  objectOptions = [];
  fieldOptions = [];
  pickedField;
  issues = [];
  error;
  jobId;
  saving = false;
  kindOptions = KIND_OPTIONS;
  methodOptions = METHOD_OPTIONS;

  @api
  get entry() {
    return this._entry;
  }
  set entry(value) {
    this._entry = value;
    if (value) {
      this.isNew = false;
      this.form = formFromRecord(value);
    }
  }

  @wire(getQueryableObjects)
  wiredObjects({ data, error }) {
    if (data) {
      this.objectOptions = data;
    } else if (error) {
      this.error = error;
    }
  }

  @wire(getReadableFields, { objectName: '$queriedObject' })
  wiredFields({ data, error }) {
    if (data) {
      this.fieldOptions = data.map((field) => ({
        label: `${field.label} (${field.value})`,
        value: field.value,
      }));
    } else if (error) {
      this.error = error;
    }
  }

  /** The object whose fields the picker offers; undefined keeps the wire from asking. */
  get queriedObject() {
    return this.form.kind === 'Query' && this.form.salesforceObject
      ? this.form.salesforceObject
      : undefined;
  }

  get title() {
    return this.isNew ? 'New API access entry' : `Edit API access entry ${this.form.label}`;
  }

  get readOnly() {
    return !this.canEdit;
  }

  get nameLocked() {
    return this.readOnly || !this.isNew;
  }

  get isQuery() {
    return this.form.kind === 'Query';
  }

  get saveDisabled() {
    return this.readOnly || this.saving || this.jobId !== undefined;
  }

  get hasIssues() {
    return this.issues.length > 0;
  }

  get issueViews() {
    return this.issues.map((issue, index) => ({ ...issue, key: `${index}` }));
  }

  get deploying() {
    return this.jobId !== undefined;
  }

  handleFormChange(event) {
    const name = event.target.name;
    const value = event.target.type === 'checkbox' ? event.target.checked : event.detail.value;
    this.form = { ...this.form, [name]: value };
    if (name === 'salesforceObject') {
      this.fieldOptions = [];
    }
    this.issues = [];
  }

  /** Appends the picked field to the allowlist, once. */
  handleFieldPicked(event) {
    const field = event.detail.value;
    const current = this.form.allowedFields
      .split(/[,\s]+/)
      .map((name) => name.trim())
      .filter((name) => name !== '');
    if (!current.some((name) => name.toLowerCase() === field.toLowerCase())) {
      this.form = { ...this.form, allowedFields: [...current, field].join(', ') };
    }
    this.pickedField = undefined;
    this.issues = [];
  }

  toInput() {
    return {
      ...this.form,
      label: this.form.label || this.form.developerName,
      cacheSeconds: toNumber(this.form.cacheSeconds),
      maxRecords: toNumber(this.form.maxRecords),
    };
  }

  async handleSave() {
    this.saving = true;
    this.error = undefined;
    try {
      const entry = this.toInput();
      this.issues = await validateApiAccess({ entry });
      if (this.issues.length === 0) {
        this.jobId = await saveApiAccess({ entry });
      }
    } catch (error) {
      this.error = error;
    } finally {
      this.saving = false;
    }
  }

  handleDeploymentFinished(event) {
    if (event.detail.state === 'Succeeded') {
      this.isNew = false;
      this.dispatchEvent(
        new CustomEvent('saved', { detail: { developerName: this.form.developerName } }),
      );
    }
  }

  handleEditAgain() {
    this.jobId = undefined;
  }

  handleClose() {
    this.dispatchEvent(new CustomEvent('close'));
  }
}
