import type { SalesforceApplyDependencies } from '../../src/wordpress-to-salesforce/apply.js';

type SalesforceGateway = SalesforceApplyDependencies['salesforce'];
type WordPressGateway = SalesforceApplyDependencies['wordpress'];

/** A Salesforce gateway for `applyToSalesforce` that finds, writes and reads nothing but what a test overrides. */
export function quietSalesforce(overrides: Partial<SalesforceGateway> = {}): SalesforceGateway {
  return {
    findByValueOrId: () => Promise.resolve([]),
    upsert: () => Promise.resolve([]),
    update: () => Promise.resolve([]),
    destroy: () => Promise.resolve([]),
    ...overrides,
  };
}

/** A WordPress gateway for `applyToSalesforce` that lists and writes nothing but what a test overrides. */
export function quietWordPress(overrides: Partial<WordPressGateway> = {}): WordPressGateway {
  return {
    list: () => Promise.resolve({ items: [], total: 0, totalPages: 1 }),
    writeMany: () => Promise.resolve([]),
    ...overrides,
  };
}
