import { LightningElement } from 'lwc';
import { subscribe, unsubscribe, onError } from 'lightning/empApi';
import getApiUsage from '@salesforce/apex/WPSyncAdminController.getApiUsage';

export const RESULT_CHANNEL = '/event/WP_Sync_Result__e';
const LIMIT_LABELS = {
  DailyApiRequests: 'API requests (24 h)',
  HourlyPublishedPlatformEvents: 'Platform events published (hour)',
  DailyDeliveredPlatformEvents: 'Platform events delivered (24 h)',
};

/**
 * Connection health: the connector's latest heartbeat (a WP_Sync_Result__e with Status__c = Heartbeat,
 * Message__c = the connector's status JSON) received through empApi, and the org's allocations.
 */
export default class WpSyncConnectionHealth extends LightningElement {
  heartbeat;
  limits = [];
  error;
  subscription;

  connectedCallback() {
    onError((error) => {
      this.error = error;
    });
    subscribe(RESULT_CHANNEL, -1, (message) => this.handleResult(message))
      .then((subscription) => {
        this.subscription = subscription;
      })
      .catch((error) => {
        this.error = error;
      });
    this.loadLimits();
  }

  disconnectedCallback() {
    if (this.subscription) {
      unsubscribe(this.subscription, () => {});
    }
  }

  handleResult(message) {
    const payload = message && message.data && message.data.payload;
    if (!payload || payload.Status__c !== 'Heartbeat') {
      return;
    }
    let status;
    try {
      status = JSON.parse(payload.Message__c || '{}');
    } catch {
      status = { reason: `Unreadable heartbeat: ${payload.Message__c}` };
    }
    this.heartbeat = { receivedAt: payload.CreatedDate || new Date().toISOString(), status };
  }

  async loadLimits() {
    try {
      const limits = await getApiUsage();
      this.limits = limits.map((entry) => ({
        ...entry,
        label: LIMIT_LABELS[entry.name] || entry.name,
        percent: entry.max > 0 ? Math.round((entry.used / entry.max) * 100) : 0,
        text: `${entry.used.toLocaleString('en-US')} of ${entry.max.toLocaleString('en-US')}`,
      }));
      this.error = undefined;
    } catch (error) {
      this.error = error;
    }
  }

  handleRefresh() {
    this.loadLimits();
  }

  get hasHeartbeat() {
    return this.heartbeat !== undefined;
  }

  get state() {
    return (this.heartbeat && this.heartbeat.status.state) || 'unknown';
  }

  get stateClass() {
    return this.state === 'running'
      ? 'slds-badge slds-theme_success'
      : 'slds-badge slds-theme_warning';
  }

  get version() {
    return (this.heartbeat && this.heartbeat.status.version) || 'unknown';
  }

  get reason() {
    return this.heartbeat && this.heartbeat.status.reason;
  }

  // The connector's heartbeat sends lagMs and apiUsage at the top level; its full status
  // (ConnectorStatus) nests them under intake and salesforce. Both are read.
  get lag() {
    const status = this.heartbeat ? this.heartbeat.status : {};
    const lagMs = typeof status.lagMs === 'number' ? status.lagMs : (status.intake || {}).lagMs;
    if (typeof lagMs !== 'number') {
      return 'no events applied yet';
    }
    return lagMs < 1000 ? `${lagMs} ms` : `${(lagMs / 1000).toFixed(1)} s`;
  }

  get connectorApiUsage() {
    const status = this.heartbeat ? this.heartbeat.status : {};
    const usage = status.apiUsage || (status.salesforce || {}).apiUsage;
    return usage ? `${usage.used} of ${usage.limit}` : 'not reported';
  }
}
