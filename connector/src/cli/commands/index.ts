import type { Command } from '../command.js';
import { createAuditCommand } from './audit.js';
import { createAuthCommands } from './auth.js';
import { configCheckCommand } from './config-check.js';
import { dlqDropCommand } from './dlq-drop.js';
import { dlqListCommand } from './dlq-list.js';
import { dlqRetryCommand } from './dlq-retry.js';
import { initCommand } from './init.js';
import { createStartCommand } from './start.js';
import { statusCommand } from './status.js';
import { createSyncCommand } from './sync.js';

/** `sfwp start` imports the service only when it runs, so other commands never load it. */
const startCommand = createStartCommand({
  loadService: async () => (await import('../../app/connector.js')).startConnector,
});

const syncCommand = createSyncCommand(
  async () => (await import('../full-sync-adapter.js')).fullSyncForCli,
);

const auditCommand = createAuditCommand(async () => {
  const [{ runAuditCli }, { formatReport }] = await Promise.all([
    import('../../audit/run-audit-cli.js'),
    import('../../audit/format-report.js'),
  ]);
  return { run: runAuditCli, format: formatReport };
});

const authCommands = createAuthCommands(
  async () => (await import('../auth-adapter.js')).authOperations,
);

/** Every registered `sfwp` command, in the order `sfwp --help` lists them. */
export const COMMANDS: readonly Command[] = [
  initCommand,
  configCheckCommand,
  startCommand,
  statusCommand,
  syncCommand,
  auditCommand,
  ...authCommands,
  dlqListCommand,
  dlqRetryCommand,
  dlqDropCommand,
];
