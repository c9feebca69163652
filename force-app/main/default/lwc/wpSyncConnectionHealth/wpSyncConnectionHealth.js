import { LightningElement } from 'lwc';
import getApiUsage from '@salesforce/apex/WPSyncAdminController.getApiUsage';
import getConnectorHealth from '@salesforce/apex/WPSyncAdminController.getConnectorHealth';
import getPackageVersion from '@salesforce/apex/WPSyncAdminController.getPackageVersion';
import sendCommand from '@salesforce/apex/WPSyncAdminController.sendCommand';

/** How often the panel re-reads the latest heartbeat. */
export const POLL_MS = 15000;
const LIMIT_LABELS = {
  DailyApiRequests: 'API requests (24 h)',
  HourlyPublishedPlatformEvents: 'Platform events published (hour)',
  DailyDeliveredPlatformEvents: 'Platform events delivered (24 h)',
};

/**
 * Connection health: the connector's latest heartbeat and the org's allocations. The connector publishes
 * heartbeats as WP_Sync_Result__e (Status__c = Heartbeat, Message__c = its status JSON); the result trigger
 * keeps the latest one per connector in WP_Sync_Connector__c, and this panel reads it through Apex every
 * POLL_MS. It does not subscribe through empApi: every event delivered to every open tab would count
 * against the org's daily event delivery allocation.
 */
export default class WpSyncConnectionHealth extends LightningElement {
  heartbeat;
  limits = [];
  packageVersion;
  error;
  timer;
  auditBusy = false;
  auditSent;

  connectedCallback() {
    this.loadHeartbeat();
    this.loadLimits();
    this.loadPackageVersion();
    // Polling is the point: the heartbeat row changes on the server and nothing pushes it here.
    // eslint-disable-next-line @lwc/lwc/no-async-operation
    this.timer = setInterval(() => this.loadHeartbeat(), POLL_MS);
  }

  disconnectedCallback() {
    clearInterval(this.timer);
  }

  async loadHeartbeat() {
    try {
      const connectors = await getConnectorHealth();
      const latest = connectors && connectors[0];
      if (latest) {
        this.heartbeat = {
          receivedAt: latest.Last_Heartbeat__c,
          connector: latest.Name,
          status: parseStatus(latest.Status__c),
        };
      }
    } catch (error) {
      this.error = error;
    }
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

  async loadPackageVersion() {
    try {
      this.packageVersion = await getPackageVersion();
    } catch (error) {
      this.error = error;
    }
  }

  handleRefresh() {
    this.loadHeartbeat();
    this.loadLimits();
  }

  /**
   * Sends the Audit command (every active mapping, read-only): the running connector audits and
   * its next heartbeat carries the new summary. The controller checks WP_Sync_Admin; a refusal
   * shows in the error panel.
   */
  async handleRunAudit() {
    this.auditBusy = true;
    this.auditSent = undefined;
    try {
      await sendCommand({ command: 'Audit', mappingName: null, recordIds: [] });
      this.error = undefined;
      this.auditSent = 'Audit sent to the connector. The summary updates with its next heartbeat.';
    } catch (error) {
      this.error = error;
    } finally {
      this.auditBusy = false;
    }
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

  get packageVersionText() {
    return this.packageVersion || 'unknown';
  }

  /** The latest drift audit the heartbeat carries (sfwp audit, scheduled or the Audit command). */
  get auditText() {
    const audit = this.heartbeat && this.heartbeat.status.audit;
    if (!audit || typeof audit.pairsChecked !== 'number') return 'No audit yet';
    const count = (value) => Number(value || 0).toLocaleString('en-US');
    return (
      `${count(audit.pairsChecked)} pairs checked, ${count(audit.pairsDiffering)} differing, ` +
      `${count(audit.goneLinks)} with a side gone, ${count(audit.unlinkedMatches)} unlinked matches` +
      (audit.incomplete > 0 ? ' (incomplete)' : '') +
      ` at ${audit.finishedAt}`
    );
  }

  get pluginVersion() {
    return this.heartbeat && this.heartbeat.status.pluginVersion;
  }

  /**
   * The connector's own sentence when the connector, plugin or package majors differ; without one (an
   * older connector), the panel compares the connector's major with this package's.
   */
  get versionWarning() {
    const status = this.heartbeat ? this.heartbeat.status : {};
    if (typeof status.versionWarning === 'string' && status.versionWarning.trim()) {
      return status.versionWarning;
    }
    const connectorLine = compatibilityLine(status.version);
    const packageLine = compatibilityLine(this.packageVersion);
    if (connectorLine === undefined || packageLine === undefined) {
      return undefined;
    }
    return connectorLine === packageLine
      ? undefined
      : `The connector runs ${status.version} and this Salesforce package is ${this.packageVersion}: ` +
          'they are not compatible releases. Upgrade the older one.';
  }

  get reason() {
    return this.heartbeat && this.heartbeat.status.reason;
  }

  get isPaused() {
    return this.state === 'paused';
  }

  get pausedBy() {
    const status = this.heartbeat ? this.heartbeat.status : {};
    return status.pausedByName || status.pausedBy || 'someone';
  }

  get pausedAt() {
    return this.heartbeat && this.heartbeat.status.pausedAt;
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

// The connector's rule (connector/src/app/version.ts): releases stay compatible within a major
// version, and before 1.0 within a minor one, as semantic versioning says of 0.y.z.
function compatibilityLine(version) {
  const match = /^(\d+)\.(\d+)\.\d+/.exec(typeof version === 'string' ? version : '');
  if (!match) {
    return undefined;
  }
  return match[1] === '0' ? `0.${match[2]}` : match[1];
}

function parseStatus(text) {
  try {
    const status = JSON.parse(text || '{}');
    return status && typeof status === 'object'
      ? status
      : { reason: `Unreadable heartbeat: ${text}` };
  } catch {
    return { reason: `Unreadable heartbeat: ${text}` };
  }
}
