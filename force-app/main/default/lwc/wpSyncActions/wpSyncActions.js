import { LightningElement, api, wire } from 'lwc';
import getMappings from '@salesforce/apex/WPSyncAdminController.getMappings';
import sendCommand from '@salesforce/apex/WPSyncAdminController.sendCommand';
import { COMMAND_LABELS } from 'c/wpSyncUtils';

/** Connector commands: each button publishes one WP_Sync_Command__e through the controller. */
export default class WpSyncActions extends LightningElement {
  @api canEdit = false;
  mappingName;
  recordIds = '';
  mappingOptions = [];
  error;
  sent;
  busy = false;

  @wire(getMappings)
  wiredMappings({ data, error }) {
    if (data) {
      this.mappingOptions = data.map((mapping) => ({
        label: mapping.label,
        value: mapping.developerName,
      }));
    } else if (error) {
      this.error = error;
    }
  }

  get disabled() {
    return !this.canEdit || this.busy;
  }

  get mappingActionDisabled() {
    return this.disabled || !this.mappingName;
  }

  get recordActionDisabled() {
    return this.mappingActionDisabled || this.recordIds.trim() === '';
  }

  handleMappingChange(event) {
    this.mappingName = event.detail.value;
  }

  handleRecordIdsChange(event) {
    this.recordIds = event.detail.value || '';
  }

  handleSimpleCommand(event) {
    this.send(event.target.dataset.command, null, []);
  }

  handleResyncMapping() {
    this.send('ResyncMapping', this.mappingName, []);
  }

  handleResyncRecord() {
    const ids = this.recordIds
      .split(/[\s,]+/)
      .map((id) => id.trim())
      .filter((id) => id !== '');
    this.send('ResyncRecord', this.mappingName, ids);
  }

  async send(command, mappingName, recordIds) {
    this.busy = true;
    this.sent = undefined;
    try {
      await sendCommand({ command, mappingName, recordIds });
      this.error = undefined;
      this.sent = `${COMMAND_LABELS[command]} sent to the connector.`;
    } catch (error) {
      this.error = error;
    } finally {
      this.busy = false;
    }
  }
}
