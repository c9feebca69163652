/**
 * Test doubles for what the org half of the emulator provides: a schema registry holding the
 * package's platform events (issue 4's contract) and an access token verifier.
 */
import type {
  AccessTokenVerifier,
  EmulatorField,
  EmulatorObject,
  SalesforceFieldType,
  SchemaRegistry,
  SessionInfo,
} from '../../contracts.js';

export const ORG_ID = '00D5g000004ABCDEAA';
export const INSTANCE_URL = 'https://sfwp-emulator.my.salesforce.com';

export const SESSION: SessionInfo = {
  userId: '0055g00000ABCDEAAA',
  orgId: ORG_ID,
  username: 'integration@sfwp.example',
  instanceUrl: INSTANCE_URL,
};

function field(name: string, type: SalesforceFieldType, length?: number): EmulatorField {
  return {
    name,
    label: name.replace(/__c$/, '').replaceAll('_', ' '),
    type,
    ...(length === undefined ? {} : { length }),
    required: false,
    externalId: false,
    unique: false,
    filterable: type !== 'textarea',
  };
}

function platformEvent(name: string, keyPrefix: string, fields: EmulatorField[]): EmulatorObject {
  return {
    name,
    label: name.replace(/__e$/, '').replaceAll('_', ' '),
    kind: 'platformEvent',
    keyPrefix,
    publishBehavior: 'PublishAfterCommit',
    fields: [field('ReplayId', 'string'), field('EventUuid', 'string', 36), ...fields],
  };
}

/** WP_Sync_Event__e, WP_Sync_Result__e and WP_Sync_Command__e as issue 4 defines them. */
export const PLATFORM_EVENTS: readonly EmulatorObject[] = [
  platformEvent('WP_Sync_Event__e', 'e00', [
    field('Mapping__c', 'string', 80),
    field('Object__c', 'string', 80),
    field('Record_Id__c', 'string', 18),
    field('Operation__c', 'string', 20),
    field('Changed_Fields__c', 'textarea', 32768),
    field('Payload__c', 'textarea', 131072),
    field('WP_Id__c', 'string', 40),
    field('Modstamp__c', 'datetime'),
  ]),
  platformEvent('WP_Sync_Result__e', 'e01', [
    field('Mapping__c', 'string', 80),
    field('Record_Id__c', 'string', 18),
    field('WP_Id__c', 'string', 40),
    field('Direction__c', 'string', 40),
    field('Status__c', 'string', 20),
    field('Message__c', 'textarea', 32768),
    field('Source_Event__c', 'string', 40),
  ]),
  platformEvent('WP_Sync_Command__e', 'e02', [
    field('Command__c', 'string', 40),
    field('Mapping__c', 'string', 80),
    field('Record_Ids__c', 'textarea', 32768),
  ]),
];

export function createFixtureRegistry(
  objects: readonly EmulatorObject[] = PLATFORM_EVENTS,
): SchemaRegistry {
  const byName = new Map(objects.map((object) => [object.name, object]));
  return {
    getObject: (apiName) => byName.get(apiName),
    listObjects: () => [...byName.values()],
  };
}

/** Tokens that can be issued and revoked; everything else is unknown. */
export class FixtureTokens implements AccessTokenVerifier {
  private readonly live = new Map<string, SessionInfo>();

  issue(session: SessionInfo = SESSION): string {
    const token = `${session.orgId.slice(0, 15)}!${Math.random().toString(36).slice(2)}`;
    this.live.set(token, session);
    return token;
  }

  revoke(token: string): void {
    this.live.delete(token);
  }

  verify(accessToken: string): SessionInfo | undefined {
    return this.live.get(accessToken);
  }
}
