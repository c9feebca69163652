/**
 * The whole local stack for segments (issue 23) with Salesforce: a real WordPress, the org
 * emulator with the shipped `Member_Level` sample activated beside `Contact_User` (as
 * docs/SALESFORCE-PACKAGE.md says to: Contact_User links each Contact to its user, Member_Level
 * syncs WP_Member_Level__c ⇄ meta.sfwp_tags), and the connector started through `sfwp start`'s
 * own command with the WordPress webhook, as `npm start` runs it. Salesforce is changed through
 * REST as the emulator's admin, a person, so the package's trigger publishes.
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from 'jsforce';
import { createLogger } from '../../../connector/src/observability/logger.js';
import { demoConnectorEnvironment, startDemoConnector } from '../../../scripts/start/connector.js';
import { portIfFree } from '../../../scripts/start/ports.js';
import type { RunningEmulator } from '../../emulator/index.js';
import { connectAs, startTrustedEmulator } from '../../integration/support/emulated-org.js';
import { startLocalWordPress, type LocalWordPress } from '../../wordpress/launcher.js';
import { runInSite } from '../../wordpress/site-php.js';
import { restOk, TAGS_META, type Member } from './segments-site.js';

const SETUP_TIMEOUT_MS = 60_000;

export interface SegmentsStack {
  wordpress: LocalWordPress;
  emulator: RunningEmulator;
  /** A jsforce connection as the org's admin: their saves publish sync events. */
  admin: Connection;
  stop: () => Promise<void>;
}

/** Polls until the probe answers a value (not undefined); fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = SETUP_TIMEOUT_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

/** Activates the package's shipped `Member_Level` sample, as an admin does in the admin app. */
export function activateMemberLevelMapping(emulator: RunningEmulator): void {
  const row = [...emulator.org.store.rows('WP_Object_Mapping__mdt')].find(
    (candidate) => candidate.DeveloperName === 'Member_Level',
  );
  if (!row) throw new Error('the package ships no Member_Level mapping');
  emulator.org.store.put('WP_Object_Mapping__mdt', { ...row, Active__c: true });
}

/** Starts WordPress, the emulator (Member_Level active) and the connector; `stop()` ends them. */
export async function startSegmentsStack(name: string): Promise<SegmentsStack> {
  const workDir = mkdtempSync(join(tmpdir(), `sfwp-${name}-`));
  const wordpress = await startLocalWordPress({ workers: 2 });
  const emulator = await startTrustedEmulator();
  activateMemberLevelMapping(emulator);
  const port = await portIfFree(0);
  let stopConnector: (reason: string) => void = () => undefined;
  const shutdown = new Promise<string>((done) => {
    stopConnector = done;
  });
  const connector = startDemoConnector({
    env: demoConnectorEnvironment(emulator, wordpress, workDir, { port, token: name }),
    cwd: workDir,
    logger: createLogger({ level: 'info', destination: createWriteStream(join(workDir, 'log')) }),
    shutdown,
  });
  await connector.ready;
  // The connector PUTs its settings (list_meta_keys: sfwp_tags) and its address at start.
  await waitFor('the connector to register with the plugin', async () =>
    (await runInSite<boolean>(
      wordpress,
      '$result = SFWP_Plugin::instance()->connector()->is_configured();',
    ))
      ? true
      : undefined,
  );
  const admin = await connectAs(emulator, 'admin');
  const stop = async (): Promise<void> => {
    stopConnector('done');
    await connector.exited;
    await emulator.stop();
    await wordpress.stop();
    rmSync(workDir, { recursive: true, force: true });
  };
  return { wordpress, emulator, admin, stop };
}

/**
 * A Contact for an existing WordPress member, created in Salesforce by the admin (matched to the
 * user by email); resolves with its Id once Salesforce holds the user's id (WP_Id__c).
 */
export async function linkContact(
  stack: SegmentsStack,
  member: Member,
  fields: Record<string, unknown>,
): Promise<string> {
  const [created] = await stack.admin
    .sobject('Contact')
    .create([{ LastName: member.username, Email: `${member.username}@example.test`, ...fields }]);
  if (!created?.success) throw new Error(`Contact not created: ${JSON.stringify(created)}`);
  const id = created.id;
  await waitFor(`WP_Id__c on Contact ${id}`, async () => {
    const record: Record<string, unknown> = await stack.admin.sobject('Contact').retrieve(id);
    return Number(record.WP_Id__c) === member.id ? true : undefined;
  });
  return id;
}

/** A member's tags as WordPress holds them (the list meta), sorted. */
export async function memberTags(stack: SegmentsStack, userId: number): Promise<string[]> {
  const user = await restOk<{ meta: Record<string, unknown> }>(
    stack.wordpress,
    'GET',
    `/wp/v2/users/${userId}?context=edit`,
  );
  const value = user.meta[TAGS_META];
  return Array.isArray(value) ? value.map(String).sort() : [];
}

/** Saves a Contact's member levels in Salesforce as the admin (values joined with `;`). */
export async function saveMemberLevels(
  stack: SegmentsStack,
  contactId: string,
  levels: string[],
): Promise<void> {
  const result = await stack.admin
    .sobject('Contact')
    .update({ Id: contactId, WP_Member_Level__c: levels.length ? levels.join(';') : null });
  if (!result.success) throw new Error(`Contact not saved: ${JSON.stringify(result)}`);
}
