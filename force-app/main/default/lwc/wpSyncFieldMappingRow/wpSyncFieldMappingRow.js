import { LightningElement, api } from 'lwc';
import { DIRECTION_OPTIONS, TRANSFORM_OPTIONS } from 'c/wpSyncUtils';

/** One field mapping in the editor; reports each change with its index. */
export default class WpSyncFieldMappingRow extends LightningElement {
  @api row;
  @api index;
  @api fieldOptions = [];
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
