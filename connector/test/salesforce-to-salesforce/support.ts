import type { ObjectMapping } from '../../src/mapping/types.js';
import type { OrgEvent } from '../../src/salesforce-to-salesforce/org-event.js';
import type { Leg } from '../../src/salesforce-to-salesforce/plan.js';

export const INTEGRATION_B = '005B00000000001AAA';
export const PERSON_B = '005B00000000002AAA';

/** An org → org mapping of Account Name and Phone, Bidirectional unless told otherwise. */
export function orgMapping(overrides: Partial<ObjectMapping> = {}): ObjectMapping {
  return {
    name: 'Account_To_B',
    salesforceObject: 'Account',
    wordpressType: '',
    direction: 'Bidirectional',
    active: true,
    externalIdField: 'WP_Source_Record_Id__c',
    conflictPolicy: 'NewestWins',
    deletePolicy: 'Delete',
    targetOrg: 'B',
    fields: ['Name', 'Phone'].map((field) => ({
      name: `Account_To_B_${field}`,
      salesforceField: field,
      wordpressField: '',
      direction: 'Bidirectional' as const,
      transform: 'None',
      required: false,
    })),
    ...overrides,
  };
}

export function leg(overrides: Partial<Leg> = {}): Leg {
  const mapping = overrides.mapping ?? orgMapping();
  return {
    mapping,
    sourceOrg: 'A',
    targetOrg: 'B',
    twoWay: mapping.direction === 'Bidirectional',
    targetIntegrationUserId: INTEGRATION_B,
    ...overrides,
  };
}

export function orgEvent(overrides: Partial<OrgEvent> = {}): OrgEvent {
  return {
    mapping: 'Account_To_B',
    object: 'Account',
    recordId: '001A00000000001AAA',
    operation: 'UPDATE',
    changedFields: ['Name'],
    payload: { Name: 'Acme', Phone: '1' },
    sourceRef: undefined,
    modstamp: new Date('2026-12-01T10:00:00.000Z'),
    ...overrides,
  };
}
