import { LightningElement, api } from 'lwc';
import { DIRECTION_OPTIONS, TRANSFORM_OPTIONS } from 'c/wpSyncUtils';

/** One field mapping in the editor; reports each change with its index. */
export default class WpSyncFieldMappingRow extends LightningElement {
  @api row;
  @api index;
  @api fieldOptions = [];
  /** WordPress fields to choose from (a form mapping's form fields); empty: the field is typed. */
  @api wordPressFieldOptions = [];
  @api readOnly = false;
  directionOptions = DIRECTION_OPTIONS;
  transformOptions = TRANSFORM_OPTIONS;

  get number() {
    return this.index + 1;
  }

  get legend() {
    return `Field mapping ${this.number}`;
  }

  get removeLabel() {
    return `Remove field mapping ${this.number}`;
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
