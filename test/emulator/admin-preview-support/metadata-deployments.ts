/**
 * What the emulator lacks for the admin app's "save mapping": custom metadata deployed from Apex
 * (`Metadata.Operations.enqueueDeployment`). REST refuses writes to custom metadata, as the
 * platform does, so this stands in for the Metadata API: a deployment is queued, applied a moment
 * later (upserting records by DeveloperName, a metadata relationship named by the parent's
 * DeveloperName), and its outcome is handled the way the package's `WPSyncAdminDeployCallback`
 * does: a `WP_Sync_Log__c` row with `Source_Event__c = deploy:<15-character job id>` and, on
 * success, a `ReloadMappings` command on `WP_Sync_Command__e`.
 */
import type { EmulatedOrg } from '../org.js';
import type { Row } from '../store/record-store.js';

/** One `Metadata.CustomMetadata` of a deploy container. */
export interface CustomMetadataDeployRecord {
  /** `WP_Field_Mapping.Contact_User_Email` (type without `__mdt`, dot, DeveloperName). */
  fullName: string;
  label: string;
  values: Record<string, string | number | boolean | null>;
}

export interface DeploymentOutcome {
  id: string;
  status: 'InProgress' | 'Succeeded' | 'Failed';
  problems: string[];
}

export interface MetadataDeploymentsOptions {
  org: EmulatedOrg;
  /** Username the callback runs as (the user who enqueued). */
  username: string;
  /** Delay before a queued deployment is applied. @defaultValue 300 ms */
  applyDelayMs?: number;
}

const DEPLOY_ID_PREFIX = '0Af';

export class MetadataDeployments {
  private readonly outcomes = new Map<string, DeploymentOutcome>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private sequence = 0;

  constructor(private readonly options: MetadataDeploymentsOptions) {}

  /** Queues a deployment of `records` for the object mapping `mappingName`; returns the job id. */
  enqueue(records: CustomMetadataDeployRecord[], mappingName: string): string {
    this.sequence += 1;
    const id = `${DEPLOY_ID_PREFIX}${String(this.sequence).padStart(12, '0')}AAA`;
    this.outcomes.set(id, { id, status: 'InProgress', problems: [] });
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.apply(id, records, mappingName);
    }, this.options.applyDelayMs ?? 300);
    this.timers.add(timer);
    return id;
  }

  outcome(id: string): DeploymentOutcome | undefined {
    return this.outcomes.get(id);
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private apply(id: string, records: CustomMetadataDeployRecord[], mappingName: string): void {
    const problems = records.flatMap((record) => this.check(record));
    if (problems.length === 0) {
      // Parents first, so a field mapping can name an object mapping deployed with it.
      const ordered = [...records].sort((a, b) => this.rank(a) - this.rank(b));
      for (const record of ordered) this.upsert(record);
    }
    const succeeded = problems.length === 0;
    this.outcomes.set(id, { id, status: succeeded ? 'Succeeded' : 'Failed', problems });
    const { org, username } = this.options;
    org.insert(
      'WP_Sync_Log__c',
      {
        Mapping__c: mappingName,
        Direction__c: 'MetadataDeploy',
        Status__c: succeeded ? 'Success' : 'Failed',
        // The 15-character job id, as WPSyncAdminDeployCallback.sourceOf writes it.
        Source_Event__c: `deploy:${id.slice(0, 15)}`,
        Message__c: [
          succeeded
            ? 'Mapping deployment succeeded.'
            : 'Mapping deployment did not succeed (status Failed).',
          ...problems,
        ].join('\n'),
        Synced_At__c: new Date().toISOString(),
      },
      username,
    );
    if (succeeded) {
      org.events.publish(
        'WP_Sync_Command__e',
        { Command__c: 'ReloadMappings', Mapping__c: mappingName },
        org.sessionOf(org.user(username)),
      );
    }
  }

  private rank(record: CustomMetadataDeployRecord): number {
    return record.fullName.startsWith('WP_Object_Mapping.') ? 0 : 1;
  }

  private split(fullName: string): { type: string; developerName: string } {
    const dot = fullName.indexOf('.');
    return { type: `${fullName.slice(0, dot)}__mdt`, developerName: fullName.slice(dot + 1) };
  }

  private check(record: CustomMetadataDeployRecord): string[] {
    const { type, developerName } = this.split(record.fullName);
    const object = this.options.org.schema.getObject(type);
    if (object?.kind !== 'customMetadata') {
      return [`${record.fullName}: no custom metadata type ${type}`];
    }
    const problems = /^[A-Za-z](?!.*__)\w{0,39}(?<!_)$/.test(developerName)
      ? []
      : [`${record.fullName}: invalid DeveloperName`];
    for (const field of Object.keys(record.values)) {
      if (!this.options.org.schema.getField(type, field)) {
        problems.push(`${record.fullName}: no field ${field} on ${type}`);
      }
    }
    return problems;
  }

  private upsert(record: CustomMetadataDeployRecord): void {
    const { org } = this.options;
    const { type, developerName } = this.split(record.fullName);
    const object = org.schema.getObject(type);
    if (!object) return;
    const existing = org.store.findByValue(type, 'DeveloperName', developerName)[0];
    const row: Row = existing
      ? { ...existing }
      : {
          Id: org.ids.next(object.keyPrefix),
          DeveloperName: developerName,
          Language: 'en_US',
          NamespacePrefix: null,
          QualifiedApiName: developerName,
        };
    row.MasterLabel = record.label;
    row.Label = record.label;
    for (const [fieldName, value] of Object.entries(record.values)) {
      const field = org.schema.getField(type, fieldName);
      if (!field) continue;
      const target = field.referenceTo?.[0];
      const parent =
        field.type === 'reference' && target !== undefined && typeof value === 'string'
          ? org.store.findByValue(target, 'DeveloperName', value)[0]
          : undefined;
      row[field.name] = parent ? parent.Id : value;
    }
    org.store.put(type, row);
  }
}
