/**
 * CampaignMember: one Lead or Contact per member, and one membership per person and campaign.
 * A second membership fails with DUPLICATE_VALUE "Already a campaign member." (Object
 * Reference "CampaignMember": CampaignId required, LeadId or ContactId required).
 */
import { ApiError } from '../api-error.js';
import type { EmulatorObject } from '../contracts.js';
import type { RecordStore, Row } from '../store/record-store.js';
import type { SaveRule } from '../store/record-writer.js';

export class CampaignMembershipRule implements SaveRule {
  constructor(private readonly store: RecordStore) {}

  beforeSave(object: EmulatorObject, row: Row, before: Row | undefined): void {
    if (object.name !== 'CampaignMember') return;
    const person = row.LeadId ?? row.ContactId;
    if (person == null || person === '') {
      throw new ApiError(
        400,
        'REQUIRED_FIELD_MISSING',
        'Required fields are missing: [LeadId, ContactId]',
        ['LeadId', 'ContactId'],
      );
    }
    if (before) return;
    const field = row.LeadId != null ? 'LeadId' : 'ContactId';
    const existing = this.store
      .findByValue('CampaignMember', 'CampaignId', row.CampaignId)
      .some((member) => member[field] === row[field] && member.Id !== row.Id);
    if (existing) {
      throw new ApiError(400, 'DUPLICATE_VALUE', 'Already a campaign member.', [field]);
    }
  }
}
