import { LightningElement, api, wire } from 'lwc';
import getMappableObjects from '@salesforce/apex/WPSyncAdminController.getMappableObjects';
import getObjectFields from '@salesforce/apex/WPSyncAdminController.getObjectFields';
import validateMapping from '@salesforce/apex/WPSyncAdminController.validateMapping';
import saveMapping from '@salesforce/apex/WPSyncAdminController.saveMapping';
import getConnectorHealth from '@salesforce/apex/WPSyncAdminController.getConnectorHealth';
import {
  CONFLICT_OPTIONS,
  DELETE_OPTIONS,
  DIRECTION_OPTIONS,
  POST_STATUS_OPTIONS,
} from 'c/wpSyncUtils';
import { formOptions, formsFromHeartbeats, wordPressFieldOptions } from './publishedForms';
import { newRow, rowFromRecord, rowToInput } from './fieldRows';

/** The WordPress type of form submissions; their mappings carry per-form settings (docs/FORMS.md). */
const FORM_SUBMISSION_TYPE = 'form_submission';
const EXISTING_CONTACT_OPTIONS = [
  { label: 'Update the Contact', value: 'UpdateContact' },
  { label: 'Create a Lead anyway', value: 'CreateLead' },
];
const DUPLICATE_RULE_OPTIONS = [
  { label: 'Update the matched record', value: 'LinkToMatch' },
  { label: 'Save anyway (Alert rules)', value: 'AllowSave' },
];
const FIELD_POLICY_OPTIONS = [
  { label: 'Fill blank fields only', value: 'FillBlanks' },
  { label: 'Overwrite mapped fields', value: 'Overwrite' },
];

const NEW_MAPPING = {
  developerName: '',
  label: '',
  salesforceObject: 'Contact',
  wordPressType: 'user',
  targetOrg: '',
  direction: 'Bidirectional',
  active: true,
  externalIdField: 'WP_Id__c',
  matchField: '',
  wordPressMatchField: '',
  conflictPolicy: 'NewestWins',
  deletePolicy: 'Ignore',
  postStatus: '',
  formId: '',
  existingContactAction: 'UpdateContact',
  duplicateRuleAction: 'LinkToMatch',
  fieldPolicy: 'FillBlanks',
  campaignId: '',
  leadSource: '',
};

/**
 * Edits one object mapping and its field mappings. Salesforce objects and fields come from describe;
 * Save validates on the server first, shows every issue, and only then deploys the custom metadata
 * and follows the deployment to its callback result.
 */
export default class WpSyncMappingEditor extends LightningElement {
  @api canEdit = false;
  form = { ...NEW_MAPPING };
  rows = [];
  isNew = true;
  objectOptions = [];
  fieldOptions = [];
  externalIdOptions = [];
  issues = [];
  error;
  jobId;
  saving = false;
  directionOptions = DIRECTION_OPTIONS;
  conflictOptions = CONFLICT_OPTIONS;
  deleteOptions = DELETE_OPTIONS;
  postStatusOptions = POST_STATUS_OPTIONS;
  existingContactOptions = EXISTING_CONTACT_OPTIONS;
  duplicateRuleOptions = DUPLICATE_RULE_OPTIONS;
  fieldPolicyOptions = FIELD_POLICY_OPTIONS;
  /** The forms the connector's heartbeat lists; undefined until one does (then the id is typed). */
  publishedForms;

  connectedCallback() {
    // The heartbeat only adds a picker: without it (or on an error) the admin types the id.
    getConnectorHealth()
      .then((connectors) => {
        this.publishedForms = formsFromHeartbeats(connectors);
      })
      .catch(() => {
        this.publishedForms = undefined;
      });
  }

  @api
  get mapping() {
    return this._mapping;
  }
  set mapping(value) {
    this._mapping = value;
    if (value) {
      const d = value.definition;
      this.isNew = false;
      this.form = {
        developerName: value.developerName,
        label: value.label,
        salesforceObject: d.Salesforce_Object__c,
        wordPressType: d.WordPress_Type__c || '',
        targetOrg: d.Target_Org__c || '',
        direction: d.Direction__c,
        active: d.Active__c === true,
        externalIdField: d.External_Id_Field__c,
        matchField: d.Match_Field__c || '',
        wordPressMatchField: d.WordPress_Match_Field__c || '',
        conflictPolicy: d.Conflict_Policy__c,
        deletePolicy: d.Delete_Policy__c,
        postStatus: d.WP_Post_Status__c || '',
        formId: d.WordPress_Form_Id__c || '',
        existingContactAction: d.Existing_Contact_Action__c || 'UpdateContact',
        duplicateRuleAction: d.Duplicate_Rule_Action__c || 'LinkToMatch',
        fieldPolicy: d.Field_Policy__c || 'FillBlanks',
        campaignId: d.Campaign_Id__c || '',
        leadSource: d.Lead_Source__c || '',
      };
      this.rows = (value.fields || []).map(rowFromRecord);
    }
  }

  @wire(getMappableObjects)
  wiredObjects({ data, error }) {
    if (data) {
      this.objectOptions = data;
    } else if (error) {
      this.error = error;
    }
  }

  @wire(getObjectFields, { objectName: '$form.salesforceObject' })
  wiredFields({ data, error }) {
    if (data) {
      this.fieldOptions = data.map((field) => ({
        label: `${field.label} (${field.value})`,
        value: field.value,
      }));
      this.externalIdOptions = data
        .filter((field) => field.externalId)
        .map((field) => ({ label: `${field.label} (${field.value})`, value: field.value }));
    } else if (error) {
      this.error = error;
    }
  }

  get title() {
    return this.isNew ? 'New mapping' : `Edit mapping ${this.form.label}`;
  }

  get readOnly() {
    return !this.canEdit;
  }

  get nameLocked() {
    return this.readOnly || !this.isNew;
  }

  get saveDisabled() {
    return this.readOnly || this.saving || this.jobId !== undefined;
  }

  get rowViews() {
    return this.rows.map((row, index) => ({ ...row, key: `${index}`, index }));
  }

  get hasIssues() {
    return this.issues.length > 0;
  }

  get issueViews() {
    return this.issues.map((issue, index) => ({ ...issue, key: `${index}` }));
  }

  get isFormMapping() {
    return !this.isOrgToOrg && this.form.wordPressType === FORM_SUBMISSION_TYPE;
  }

  /** An org to org mapping (Target_Org__c) sends records to another org, not to WordPress. */
  get isOrgToOrg() {
    return Boolean(this.form.targetOrg && this.form.targetOrg.trim());
  }

  get isWordPressMapping() {
    return !this.isOrgToOrg;
  }

  get hasPublishedForms() {
    return this.isFormMapping && this.publishedForms !== undefined;
  }

  get formPickerOptions() {
    return formOptions(this.publishedForms || [], this.form.formId);
  }

  /** Form mappings offer the chosen form's fields; other mappings keep the typed field. */
  get wordPressFieldOptions() {
    return this.hasPublishedForms
      ? wordPressFieldOptions(this.publishedForms, this.form.formId)
      : [];
  }

  get deploying() {
    return this.jobId !== undefined;
  }

  handleFormChange(event) {
    const name = event.target.name;
    const value = event.target.type === 'checkbox' ? event.target.checked : event.detail.value;
    this.form = { ...this.form, [name]: value };
    this.issues = [];
  }

  handleRowChange(event) {
    const { index, name, value } = event.detail;
    this.rows = this.rows.map((row, i) => (i === index ? { ...row, [name]: value } : row));
    this.issues = [];
  }

  handleRowRemove(event) {
    this.rows = this.rows.filter((row, i) => i !== event.detail.index);
    this.issues = [];
  }

  handleAddRow() {
    this.rows = [...this.rows, newRow(this.form.direction)];
  }

  toInput() {
    const {
      formId,
      existingContactAction,
      duplicateRuleAction,
      fieldPolicy,
      campaignId,
      leadSource,
      ...mapping
    } = this.form;
    return {
      ...mapping,
      formSettings: {
        formId,
        existingContactAction,
        duplicateRuleAction,
        fieldPolicy,
        campaignId,
        leadSource,
      },
      label: this.form.label || this.form.developerName,
      // An org to org mapping has a target org instead of a WordPress type.
      wordPressType: this.isOrgToOrg ? null : mapping.wordPressType,
      targetOrg: this.isOrgToOrg ? mapping.targetOrg.trim() : null,
      fields: this.rows.map(rowToInput),
    };
  }

  async handleSave() {
    this.saving = true;
    this.error = undefined;
    try {
      const mapping = this.toInput();
      this.issues = await validateMapping({ mapping });
      if (this.issues.length === 0) {
        this.jobId = await saveMapping({ mapping });
      }
    } catch (error) {
      this.error = error;
    } finally {
      this.saving = false;
    }
  }

  handleDeploymentFinished(event) {
    if (event.detail.state === 'Succeeded') {
      this.rows = this.rows.map((row) => ({ ...row, isNew: false }));
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
