import { LightningElement, api } from 'lwc';
import { DIRECTION_OPTIONS, SET_SOURCE_OPTIONS, TRANSFORM_OPTIONS } from 'c/wpSyncUtils';

/** Salesforce_Field__c of a Topics set: the record's TopicAssignment rows, no field of its own. */
const TOPICS_FIELD = 'Topics';

/** One field mapping in the editor; reports each change with its index. */
export default class WpSyncFieldMappingRow extends LightningElement {
  @api row;
  @api index;
  @api fieldOptions = [];
  /** WordPress fields to choose from (a form mapping's form fields); empty: the field is typed. */
  @api wordPressFieldOptions = [];
  @api readOnly = false;
  /** The mapping sends records to another org: the WordPress field is that org's field. */
  @api orgToOrg = false;
  directionOptions = DIRECTION_OPTIONS;
  transformOptions = TRANSFORM_OPTIONS;
  setSourceOptions = SET_SOURCE_OPTIONS;

  get number() {
    return this.index + 1;
  }

  get legend() {
    return `Field mapping ${this.number}`;
  }

  get removeLabel() {
    return `Remove field mapping ${this.number}`;
  }

  /** The describe fields, and Topics when the set is the record's Topics. */
  get salesforceFieldChoices() {
    const options = this.fieldOptions || [];
    return this.row.setSource === 'Topics'
      ? [{ label: 'Topics (the record’s topics)', value: TOPICS_FIELD }, ...options]
      : options;
  }

  get wordPressFieldLabel() {
    return this.orgToOrg ? 'Field in the target org' : 'WordPress field';
  }

  /** WordPress roles: the allowlist and the privileged-roles confirmation. */
  get mapsRoles() {
    return !this.orgToOrg && this.row.wordPressField === 'roles';
  }

  get setSourceValue() {
    return this.row.setSource || '';
  }

  get choosesWordPressField() {
    return this.wordPressFieldOptions && this.wordPressFieldOptions.length > 0;
  }

  /** The options, keeping a typed value the list lacks so it still shows. */
  get wordPressFieldChoices() {
    const value = this.row.wordPressField;
    const listed = this.wordPressFieldOptions.some((option) => option.value === value);
    return value && !listed
      ? [...this.wordPressFieldOptions, { label: value, value }]
      : this.wordPressFieldOptions;
  }

  get removable() {
    return !this.readOnly && this.row.isNew;
  }

  handleChange(event) {
    const name = event.target.name;
    const value = event.target.type === 'checkbox' ? event.target.checked : event.detail.value;
    this.dispatchEvent(
      new CustomEvent('rowchange', { detail: { index: this.index, name, value } }),
    );
  }

  handleRemove() {
    this.dispatchEvent(new CustomEvent('rowremove', { detail: { index: this.index } }));
  }
}
