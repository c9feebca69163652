/**
 * The emulated org: schema from the package, records, the package's behaviour, and the
 * sessions that may use it. This is the handle tests use to seed and inspect data without
 * going through HTTP.
 */
import { join } from 'node:path';
import type { EventBus, SessionInfo } from './contracts.js';
import { IdGenerator } from './ids.js';
import { TOPICS_ENABLED_AT_ORG_CREATION, type OrgConfig, type OrgUser } from './org-config.js';
import { CampaignMembershipRule } from './behaviour/campaign-members.js';
import { DuplicateRules } from './behaviour/duplicate-rules.js';
import { convertLead, convertedLeadRule, type ConvertedLead } from './behaviour/lead-rules.js';
import { PlatformEventPublisher } from './behaviour/platform-event-publisher.js';
import { ResultTrigger } from './behaviour/result-trigger.js';
import { TopicRules } from './behaviour/topic-rules.js';
import {
  currentMappings,
  hasIntegrationPermission,
  installSyncTrigger,
} from './behaviour/sync-trigger.js';
import type { SyncMapping } from './behaviour/sync-mappings.js';
import { UserAccess } from './access/user-access.js';
import { readCustomMetadataRecords } from './schema/custom-metadata-records.js';
import { findPackageFiles } from './schema/package-files.js';
import { readPermissionSets } from './schema/permission-sets.js';
import { loadOrgSchema, type OrgSchema } from './schema/org-schema.js';
import { loadCustomMetadataRecords } from './store/custom-metadata-loader.js';
import { RecordJournal } from './store/record-journal.js';
import { RecordStore, type Row } from './store/record-store.js';
import { RecordWriter } from './store/record-writer.js';
import { executeQuery, type QueryResult } from './soql/evaluator.js';
import { parseSoql } from './soql/parser.js';

export interface OrgQueryOptions {
  /** @defaultValue '65.0' */
  apiVersion?: string;
  /** queryAll: recycled records take part too, with IsDeleted = true. */
  includeDeleted?: boolean;
  /**
   * The API session running the query: objects its user may not read (custom metadata types
   * without a grant) are hidden. Absent: system context, which reads everything (as Apex does).
   */
  session?: SessionInfo;
}

export interface EmulatedOrgOptions {
  /** Root of the Salesforce package whose schema the org takes (`force-app`). */
  packageDir: string;
  config: OrgConfig;
  bus: EventBus;
  /** Base URL the org answers on; known once the HTTP server listens. */
  instanceUrl: () => string;
  now: () => number;
  /** Records persist here (`org/records.jsonl`) across restarts when given. */
  dataDir?: string;
}

export class EmulatedOrg {
  readonly schema: OrgSchema;
  readonly store = new RecordStore();
  readonly ids = new IdGenerator();
  readonly writer: RecordWriter;
  readonly events: PlatformEventPublisher;
  readonly config: OrgConfig;
  /** The package's result trigger; `failures` lists runs whose log insert failed. */
  readonly resultTrigger: ResultTrigger;
  /** Who may read what: the users' profiles and the package's permission sets. */
  readonly access: UserAccess;
  /** The org's active duplicate rules (behaviour/duplicate-rules.ts). */
  readonly duplicateRules: DuplicateRules;
  private readonly uninstallResultTrigger: () => void;
  /** Records read back from the data directory at start (0 without one, or when it was empty). */
  readonly restoredRecords: number = 0;

  constructor(private readonly options: EmulatedOrgOptions) {
    this.config = options.config;
    this.schema = loadOrgSchema(options.packageDir);
    const packageFiles = findPackageFiles(options.packageDir);
    this.access = new UserAccess(
      () => this.config.users,
      readPermissionSets(packageFiles.permissionSetFiles),
    );
    const records = readCustomMetadataRecords(packageFiles.customMetadataRecordFiles);
    loadCustomMetadataRecords(records, this.schema, this.store, this.ids);
    if (options.dataDir !== undefined) {
      // Custom metadata comes from the package and users from the config at every start.
      const rebuilt = (objectName: string) =>
        objectName.toLowerCase().endsWith('__mdt') || objectName.toLowerCase() === 'user';
      const journal = new RecordJournal(join(options.dataDir, 'org', 'records.jsonl'));
      const restored = this.store.restoreFrom(journal, rebuilt);
      for (const id of restored) this.ids.advancePast(id);
      this.restoredRecords = restored.length;
    }
    this.writer = new RecordWriter(this.schema, this.store, this.ids, options.now);
    this.duplicateRules = new DuplicateRules(this.store, options.config.duplicateRules);
    this.writer.addSaveRule(convertedLeadRule);
    this.writer.addSaveRule(new CampaignMembershipRule(this.store));
    this.writer.addSaveRule(this.duplicateRules);
    this.writer.addSaveRule(
      new TopicRules({
        schema: this.schema,
        store: this.store,
        topicsEnabled: (objectName) => this.topicsEnabled(objectName),
        hasPermission: (session, permission) => {
          const user = this.config.users.find((candidate) => candidate.id === session.userId);
          return user !== undefined && this.access.hasUserPermission(user, permission);
        },
      }),
    );
    this.events = new PlatformEventPublisher(this.schema, options.bus);
    installSyncTrigger({
      schema: this.schema,
      store: this.store,
      publisher: this.events,
      users: () => this.access.effectiveUsers(),
      now: options.now,
    });
    this.resultTrigger = new ResultTrigger({
      schema: this.schema,
      store: this.store,
      writer: this.writer,
      bus: options.bus,
      automatedProcess: () => this.sessionOf(this.config.users[0]),
      usernameOf: (userId) => this.config.users.find((user) => user.id === userId)?.username,
      now: options.now,
    });
    this.uninstallResultTrigger = this.resultTrigger.install();
  }

  get orgId(): string {
    return this.config.orgId;
  }

  user(username: string): OrgUser {
    const found = this.config.users.find((candidate) => candidate.username === username);
    if (!found) throw new Error(`no user ${username}`);
    return found;
  }

  sessionOf(user: OrgUser | undefined): SessionInfo {
    if (!user) throw new Error('the org has no users');
    return {
      userId: user.id,
      orgId: this.config.orgId,
      username: user.username,
      instanceUrl: this.options.instanceUrl(),
    };
  }

  /** Whether changes by this session publish no sync event. */
  isIntegrationSession(session: SessionInfo): boolean {
    return hasIntegrationPermission(this.access.effectiveUsers(), session);
  }

  /** Whether records of the object take topics (TopicsForObjects `enableTopics`). */
  topicsEnabled(objectName: string): boolean {
    const enabled = this.config.topicsEnabledFor ?? TOPICS_ENABLED_AT_ORG_CREATION;
    return enabled.some((name) => name.toLowerCase() === objectName.toLowerCase());
  }

  mappings(): SyncMapping[] {
    return currentMappings(this.schema, this.store);
  }

  /**
   * Runs SOQL as the platform would, returning every matching row (no batching). With
   * `includeDeleted` (queryAll) recycled rows take part too, with IsDeleted = true.
   */
  query(soql: string, options: OrgQueryOptions = {}): QueryResult {
    const parsed = parseSoql(soql);
    const { session } = options;
    const live = [...this.store.rows(parsed.from)];
    const rows = options.includeDeleted ? [...live, ...this.store.recycledRows(parsed.from)] : live;
    return executeQuery(this.schema, parsed, rows, {
      now: this.options.now(),
      apiVersion: options.apiVersion ?? '65.0',
      parent: (objectName, id) => this.store.get(objectName, id),
      children: (objectName, fieldName, parentId) =>
        this.store.findByValue(objectName, fieldName, parentId),
      canRead: (object) => session === undefined || this.access.canRead(session, object),
    });
  }

  /** Inserts as `username` (default: the first user); the sync trigger runs as for an API call. */
  insert(objectName: string, values: Row, username?: string): string {
    return this.writer.insert(objectName, values, this.writeContext(username));
  }

  update(objectName: string, id: string, values: Row, username?: string): void {
    this.writer.update(objectName, id, values, this.writeContext(username));
  }

  delete(objectName: string, id: string, username?: string): void {
    this.writer.delete(objectName, id, this.writeContext(username));
  }

  undelete(objectName: string, id: string, username?: string): void {
    this.writer.undelete(objectName, id, this.writeContext(username));
  }

  /** Converts a Lead as convertLead() does (behaviour/lead-rules.ts). */
  convertLead(
    leadId: string,
    into: { accountId?: string; contactId?: string } = {},
    username?: string,
  ): ConvertedLead {
    return convertLead(
      this.writer,
      this.store,
      leadId,
      this.writeContext(username),
      this.options.now(),
      into,
    );
  }

  get(objectName: string, id: string): Row | undefined {
    return this.store.get(objectName, id);
  }

  close(): void {
    this.uninstallResultTrigger();
    this.store.closeJournal();
  }

  private writeContext(username: string | undefined) {
    const user = username !== undefined ? this.user(username) : this.config.users[0];
    return { session: this.sessionOf(user), origin: 'api' as const };
  }
}
