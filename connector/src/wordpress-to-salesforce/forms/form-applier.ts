import type { Connection } from 'jsforce';
import { FormRecords } from '../../salesforce/form-records.js';
import type { SalesforceRecordGateway } from '../../salesforce/record-gateway.js';
import type { ObjectMapping } from '../../mapping/types.js';
import type { WpapiWordPressClient } from '../../wordpress/wpapi-client.js';
import type {
  SalesforceApplyDependencies,
  SalesforceOutcome,
  WordPressChangeItem,
} from '../types.js';
import { applyFormSubmissions } from './apply.js';

/** What the form pipeline runs on: the runtime has all of it. */
export interface FormApplierDependencies {
  wordpress: Pick<WpapiWordPressClient, 'formSubmissions'>;
  mappings(): ReadonlyMap<string, ObjectMapping>;
  salesforceApply: SalesforceApplyDependencies;
  session?: { connection: Connection };
  salesforceRecords?: Pick<SalesforceRecordGateway, 'findByValueOrId'>;
}

export type FormApplier = (
  mapping: ObjectMapping,
  items: WordPressChangeItem[],
) => Promise<SalesforceOutcome[]>;

/** Form ids that active form mappings other than `mapping` name. */
function formsNamedElsewhere(
  mappings: Iterable<ObjectMapping>,
  mapping: ObjectMapping,
): Set<number> {
  const ids = new Set<number>();
  for (const other of mappings) {
    if (other.name === mapping.name || !other.active || other.form?.formId === undefined) continue;
    ids.add(other.form.formId);
  }
  return ids;
}

/**
 * How `form_submission` mappings are applied — by the change-feed intake and by a dead letter's
 * retry alike; undefined without a Salesforce session (then nothing applies form submissions).
 */
export function formSubmissionApplier(deps: FormApplierDependencies): FormApplier | undefined {
  if (!deps.session) return undefined;
  const formRecords = new FormRecords(deps.session.connection);
  const formRead = deps.salesforceRecords ?? deps.salesforceApply.salesforce;
  return (mapping, items) =>
    applyFormSubmissions(mapping, items, {
      submissions: deps.wordpress.formSubmissions,
      salesforce: {
        findByValueOrId: (...args) => formRead.findByValueOrId(...args),
        create: (...args) => formRecords.create(...args),
        update: (...args) => formRecords.update(...args),
        campaignMembers: (...args) => formRecords.campaignMembers(...args),
        fieldNames: (object) => formRecords.fieldNames(object),
        leadsAndContactsByEmail: (...args) => formRecords.leadsAndContactsByEmail(...args),
      },
      namedElsewhere: formsNamedElsewhere(deps.mappings().values(), mapping),
    });
}
