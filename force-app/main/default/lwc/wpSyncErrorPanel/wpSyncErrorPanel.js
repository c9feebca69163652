import { LightningElement, api } from 'lwc';
import { reduceErrors } from 'c/wpSyncUtils';

/** The one place errors are shown: any error shape, reduced to messages. */
export default class WpSyncErrorPanel extends LightningElement {
  @api errors;
  @api friendlyMessage = 'Something went wrong.';

  get messages() {
    return reduceErrors(this.errors).map((text, index) => ({ key: `${index}`, text }));
  }

  get hasMessages() {
    return this.messages.length > 0;
  }
}
