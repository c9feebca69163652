import type { ConnectorStatus } from '../../engine/status.js';

function duration(ms: number): string {
  if (ms < 1000) return `${String(Math.round(ms))} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 7_200_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

const count = (value: number): string => value.toLocaleString('en-US');

function apiUsage(usage: ConnectorStatus['salesforce']['apiUsage']): string {
  if (!usage) return 'unknown yet';
  const share =
    usage.limit > 0 ? ` (${String(Math.round((usage.used / usage.limit) * 100))}%)` : '';
  return `${count(usage.used)} of ${count(usage.limit)} daily requests${share}`;
}

function changeFeedLines(feed: ConnectorStatus['changeFeed']): string[] {
  if (!feed) return [];
  if (feed.state === 'disabled')
    return ['WP changes:    off (no mapping syncs WordPress → Salesforce)'];
  if (feed.state === 'plugin-missing')
    return ['WP changes:    off: the sfwp companion plugin is not active in WordPress'];
  return [
    `WP changes:    cursor ${String(feed.cursor)}, ${count(feed.changesRead)} read, ` +
      `${count(feed.recordsSynced)} records synced, last read ${feed.lastReadAt ?? 'never'}`,
  ];
}

function auditLine(audit: ConnectorStatus['audit']): string {
  if (!audit) return 'Audit:         none yet (sfwp audit)';
  return (
    `Audit:         ${count(audit.pairsChecked)} pairs checked, ${count(audit.pairsDiffering)} differing, ` +
    `${count(audit.goneLinks)} with a side gone, ${count(audit.unlinkedMatches)} unlinked matches ` +
    `(${audit.trigger}, ${audit.finishedAt}${audit.incomplete > 0 ? ', INCOMPLETE' : ''})`
  );
}

function pausedBy(status: ConnectorStatus): string {
  if (status.pausedBy === undefined) return '';
  return status.pausedByName === undefined
    ? ` by ${status.pausedBy}`
    : ` by ${status.pausedByName} (${status.pausedBy})`;
}

/**
 * The status as a short report for an operator's terminal; several orgs: the whole state, then
 * each org's report under its name.
 */
export function formatStatus(status: ConnectorStatus): string {
  if (status.orgs === undefined) return formatOrgStatus(status);
  const sections = Object.entries(status.orgs).map(
    ([name, org]) => `== org ${name} ==\n${formatOrgStatus(org)}`,
  );
  const whole = [
    `Connector:     ${status.state} (version ${status.version}, ${String(sections.length)} orgs)`,
    ...(status.reason === undefined ? [] : [`Reason:        ${status.reason}`]),
  ];
  return `${whole.join('\n')}\n${sections.join('')}`;
}

function formatOrgStatus(status: ConnectorStatus): string {
  const { intake, mappings, salesforce } = status;
  const lag = intake.lagMs === undefined ? 'unknown' : duration(intake.lagMs);
  const positions = Object.entries(salesforce.replayPositions);
  const open = status.deadLetters.open;
  const lines = [
    `State:         ${status.state} (version ${status.version}${
      status.pluginVersion === undefined ? '' : `, plugin ${status.pluginVersion}`
    }, since ${status.startedAt})`,
    ...(status.versionWarning === undefined ? [] : [`  WARNING: ${status.versionWarning}`]),
    ...(status.reason === undefined ? [] : [`Reason:        ${status.reason}`]),
    ...(status.pausedAt === undefined
      ? []
      : [
          `Paused:        since ${status.pausedAt}${pausedBy(status)}; changes wait until Resume (admin app)`,
        ]),
    `Salesforce:    ${salesforce.instanceUrl ?? '(not connected)'}`,
    `API usage:     ${apiUsage(salesforce.apiUsage)}`,
    `WordPress:     ${status.wordpress.url}`,
    ...(status.wordpress.warnings ?? []).map((warning) => `  WARNING: ${warning}`),
    `Intake:        ${count(intake.inFlight)} in flight, lag ${lag}, ${count(intake.eventsApplied)} events applied`,
    positions.length === 0 ? 'Replay:        no position stored yet' : 'Replay:',
    ...positions.map(([topic, replayId]) => `  ${topic}  ${replayId}`),
    ...changeFeedLines(status.changeFeed),
    `Dead letters:  ${count(open)} open${open > 0 ? ' (sfwp dlq list --status open)' : ''}`,
    auditLine(status.audit),
    `Mappings:      ${String(mappings.loaded.length)} loaded${
      mappings.loaded.length > 0 ? ` (${mappings.loaded.join(', ')})` : ''
    }, ${String(mappings.skipped.length)} skipped`,
    ...mappings.skipped.map((skip) => `  skipped ${skip.mapping}: ${skip.message}`),
  ];
  return `${lines.join('\n')}\n`;
}
