import { LightningElement, api } from 'lwc';
import getDeploymentStatus from '@salesforce/apex/WPSyncAdminController.getDeploymentStatus';

export const POLL_INTERVAL_MS = 2000;

/**
 * Follows a custom metadata deployment from enqueueDeployment to the callback's result: polls the
 * controller until the callback has logged Succeeded or Failed, then fires `finished`.
 */
export default class WpSyncDeploymentStatus extends LightningElement {
  @api jobId;
  state = 'InProgress';
  message;
  error;
  timer;

  connectedCallback() {
    this.poll();
  }

  disconnectedCallback() {
    clearTimeout(this.timer);
  }

  async poll() {
    try {
      const status = await getDeploymentStatus({ jobId: this.jobId });
      this.state = status.state;
      this.message = status.message;
      this.error = undefined;
    } catch (error) {
      this.error = error;
    }
    if (this.state === 'InProgress') {
      // eslint-disable-next-line @lwc/lwc/no-async-operation -- polls the deploy job until it ends; disconnectedCallback clears the timer
      this.timer = setTimeout(() => this.poll(), POLL_INTERVAL_MS);
    } else {
      this.dispatchEvent(
        new CustomEvent('finished', { detail: { state: this.state, message: this.message } }),
      );
    }
  }

  get inProgress() {
    return this.state === 'InProgress';
  }

  get label() {
    if (this.state === 'Succeeded') {
      return 'Deployed. The connector was asked to reload its mappings.';
    }
    if (this.state === 'Failed') {
      return 'The deployment failed.';
    }
    return 'Deploying custom metadata…';
  }

  get alertClass() {
    const theme =
      { Succeeded: 'slds-theme_success', Failed: 'slds-alert_error' }[this.state] ||
      'slds-theme_info';
    return `slds-notify slds-notify_alert ${theme} deployment-status`;
  }
}
