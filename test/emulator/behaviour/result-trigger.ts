/**
 * The package's result trigger (WPSyncResultHandler): for every WP_Sync_Result__e except
 * heartbeats, write a WP_Sync_Log__c row and stamp WP_Sync_Status__c on the source record; on
 * Success also WP_Last_Synced__c and the mapping's WordPress id field. Stamps are made with the
 * record triggers bypassed, so they publish no new sync event; a failed stamp or a malformed
 * record id is noted in that result's log message and costs no other result its row.
 * Heartbeats (WPSyncHeartbeats) upsert the publisher's WP_Sync_Connector__c row: the latest
 * status JSON and when it was published, which the admin app reads instead of subscribing.
 */
import { ApiError } from '../api-error.js';
import type { BusEvent, EventBus, SessionInfo } from '../contracts.js';
import { normaliseId } from '../ids.js';
import type { OrgSchema } from '../schema/org-schema.js';
import type { RecordStore, Row } from '../store/record-store.js';
import type { RecordWriter, WriteContext } from '../store/record-writer.js';
import { currentMappings } from './sync-trigger.js';
import { scalarText } from '../scalar-text.js';

export const RESULT_EVENT = 'WP_Sync_Result__e';
const LOG_OBJECT = 'WP_Sync_Log__c';
const CONNECTOR_OBJECT = 'WP_Sync_Connector__c';
const CONNECTOR_KEY = 'Connector_User_Id__c';
const STATUS_FIELD = 'WP_Sync_Status__c';
const LAST_SYNCED_FIELD = 'WP_Last_Synced__c';
const DEFAULT_WP_ID_FIELD = 'WP_Id__c';
const MESSAGE_LENGTH = 32768;

export interface ResultTriggerDependencies {
  schema: OrgSchema;
  store: RecordStore;
  writer: RecordWriter;
  bus: EventBus;
  /** The Automated Process user platform event triggers run as. */
  automatedProcess: () => SessionInfo;
  /** The username of a user id, for the connector row's Name; the id itself when unknown. */
  usernameOf?: (userId: string) => string | undefined;
  now: () => number;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Apex String.abbreviate: cut to `length` with a trailing ellipsis. */
function abbreviate(value: string, length: number): string {
  return value.length <= length ? value : value.slice(0, length - 3) + '...';
}

export class ResultTrigger {
  /** Errors of trigger runs whose log insert failed (the platform would show them in debug logs). */
  readonly failures: string[] = [];

  constructor(private readonly deps: ResultTriggerDependencies) {}

  install(): () => void {
    return this.deps.bus.onPublish((event: BusEvent) => {
      if (event.topic === `/event/${RESULT_EVENT}`) this.handle([event.payload]);
    });
  }

  handle(results: Row[]): void {
    if (!this.deps.schema.getObject(LOG_OBJECT)) return;
    const context: WriteContext = {
      session: this.deps.automatedProcess(),
      origin: 'resultTrigger',
    };
    const now = new Date(this.deps.now()).toISOString();
    const logs: Row[] = [];
    const heartbeats: Row[] = [];
    for (const result of results) {
      const status = text(result.Status__c);
      if (status === 'Heartbeat') {
        heartbeats.push(result);
        continue;
      }
      const recordId = text(result.Record_Id__c);
      const message = text(result.Message__c);
      const log: Row = {
        Record_Id__c: recordId?.slice(0, 18) ?? null,
        Mapping__c: result.Mapping__c ?? null,
        Direction__c: result.Direction__c ?? null,
        Status__c: status,
        Message__c: message === null ? null : abbreviate(message, MESSAGE_LENGTH),
        WP_Id__c: result.WP_Id__c ?? null,
        Source_Event__c: result.Source_Event__c ?? null,
        Synced_At__c: now,
      };
      const failure = this.stamp(result, status, recordId, now, context);
      if (failure !== undefined) {
        const note = `Could not stamp the record: ${failure}`;
        log.Message__c =
          log.Message__c === null
            ? note
            : abbreviate(`${scalarText(log.Message__c)}\n${note}`, MESSAGE_LENGTH);
      }
      logs.push(log);
    }
    for (const failure of this.recordHeartbeats(heartbeats, context)) {
      logs.push({
        Direction__c: 'Heartbeat',
        Status__c: 'Failed',
        Message__c: `Could not record the connector heartbeat: ${failure}`,
        Synced_At__c: now,
      });
    }
    // Database.insert(logs, false): a refused row costs only itself. A failure is reported here
    // (the platform would show it in debug logs) instead of thrown into the publisher.
    for (const log of logs) {
      try {
        this.deps.writer.insert(LOG_OBJECT, this.knownFields(log), context);
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        this.failures.push(`${error.errorCode}: ${error.message}`);
      }
    }
  }

  /** Upserts the latest heartbeat of each publisher; returns what could not be written. */
  private recordHeartbeats(heartbeats: Row[], context: WriteContext): string[] {
    if (heartbeats.length === 0 || !this.deps.schema.getObject(CONNECTOR_OBJECT)) return [];
    const latestByUser = new Map<string, Row>();
    for (const heartbeat of heartbeats) {
      const userId = text(heartbeat.CreatedById);
      if (userId !== null) latestByUser.set(userId, heartbeat);
    }
    const failures: string[] = [];
    for (const [userId, heartbeat] of latestByUser) {
      const message = text(heartbeat.Message__c);
      try {
        this.deps.writer.upsert(
          CONNECTOR_OBJECT,
          CONNECTOR_KEY,
          userId,
          {
            Name: (this.deps.usernameOf?.(userId) ?? userId).slice(0, 80),
            Last_Heartbeat__c:
              text(heartbeat.CreatedDate) ?? new Date(this.deps.now()).toISOString(),
            Status__c: message === null ? null : abbreviate(message, MESSAGE_LENGTH),
          },
          context,
        );
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        failures.push(`${userId}: ${error.message}`);
      }
    }
    return failures;
  }

  /** Stamps the source record; returns the failure text when the update fails. */
  private stamp(
    result: Row,
    status: string | null,
    recordId: string | null,
    now: string,
    context: WriteContext,
  ): string | undefined {
    if (recordId === null || status === null) return undefined;
    // Id.valueOf refuses a malformed id or a wrong checksum; the handler notes it in the log row.
    if (!/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(recordId))
      return `"${recordId}" is not a Salesforce record id.`;
    const id = normaliseId(recordId);
    if (id === undefined) return `"${recordId}" is not a valid record id: Invalid id: ${recordId}`;
    const found = this.deps.store.findById(id);
    const object = found ? this.deps.schema.getObject(found.objectName) : undefined;
    if (!found || !object || !this.deps.schema.getField(object.name, STATUS_FIELD))
      return undefined;
    const values: Row = { [STATUS_FIELD]: status };
    if (status === 'Success') {
      if (this.deps.schema.getField(object.name, LAST_SYNCED_FIELD))
        values[LAST_SYNCED_FIELD] = now;
      const idField = this.wordPressIdField(result.Mapping__c);
      const wordPressId = text(result.WP_Id__c);
      if (wordPressId !== null && this.deps.schema.getField(object.name, idField))
        values[idField] = wordPressId;
    }
    try {
      this.deps.writer.update(object.name, id, values, context);
      return undefined;
    } catch (error) {
      if (error instanceof ApiError) return `${error.errorCode}: ${error.message}`;
      throw error;
    }
  }

  private wordPressIdField(mappingName: unknown): string {
    const mapping = currentMappings(this.deps.schema, this.deps.store).find(
      (candidate) => candidate.developerName === mappingName,
    );
    return mapping?.externalIdField ?? DEFAULT_WP_ID_FIELD;
  }

  private knownFields(log: Row): Row {
    return Object.fromEntries(
      Object.entries(log).filter(([name]) => this.deps.schema.getField(LOG_OBJECT, name)),
    );
  }
}
