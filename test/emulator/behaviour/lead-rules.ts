/**
 * Lead conversion and converted leads. A converted Lead cannot be updated
 * (CANNOT_UPDATE_CONVERTED_LEAD, "cannot reference converted lead"); `convertLead` does what
 * the platform's convertLead() does in one transaction: creates an Account and a Contact from
 * the Lead (or uses the given ones) and sets IsConverted, ConvertedDate, ConvertedAccountId and
 * ConvertedContactId on the Lead (SOAP API "convertLead()"; Change Data Capture "Change Events
 * for Lead Conversion").
 */
import { ApiError } from '../api-error.js';
import type { EmulatorObject } from '../contracts.js';
import { formatDateTime } from '../store/field-values.js';
import type { RecordStore, Row } from '../store/record-store.js';
import type { RecordWriter, SaveRule, WriteContext } from '../store/record-writer.js';

export const convertedLeadRule: SaveRule = {
  beforeSave(object: EmulatorObject, row: Row, before: Row | undefined): void {
    if (object.name !== 'Lead') return;
    // IsConverted is "Defaulted on create" (Object Reference, Lead): false, never null.
    row.IsConverted ??= false;
    if (before?.IsConverted === true) {
      throw new ApiError(400, 'CANNOT_UPDATE_CONVERTED_LEAD', 'cannot reference converted lead');
    }
  },
};

export interface ConvertedLead {
  accountId: string;
  contactId: string;
}

const CONTACT_FIELDS = ['FirstName', 'LastName', 'Email', 'Phone', 'Title', 'LeadSource'];

export function convertLead(
  writer: RecordWriter,
  store: RecordStore,
  leadId: string,
  context: WriteContext,
  now: number,
  into: { accountId?: string; contactId?: string } = {},
): ConvertedLead {
  return store.transaction(() => {
    const lead = store.get('Lead', leadId);
    if (!lead) throw new ApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
    if (lead.IsConverted === true) {
      throw new ApiError(400, 'CANNOT_UPDATE_CONVERTED_LEAD', 'cannot reference converted lead');
    }
    const accountId =
      into.accountId ?? writer.insert('Account', { Name: lead.Company ?? lead.LastName }, context);
    const contactValues: Row = { AccountId: accountId };
    for (const name of CONTACT_FIELDS) if (lead[name] != null) contactValues[name] = lead[name];
    const contactId = into.contactId ?? writer.insert('Contact', contactValues, context);
    const stamp = formatDateTime(new Date(now));
    const after: Row = {
      ...lead,
      IsConverted: true,
      Status: 'Closed - Converted',
      ConvertedDate: stamp.slice(0, 10),
      ConvertedAccountId: accountId,
      ConvertedContactId: contactId,
      LastModifiedById: context.session.userId,
      LastModifiedDate: stamp,
      SystemModstamp: stamp,
    };
    store.put('Lead', after);
    store.recordChange({
      objectName: 'Lead',
      operation: 'UPDATE',
      before: lead,
      after,
      ...context,
    });
    return { accountId, contactId };
  });
}
