/**
 * Campaign and CampaignMember with the fields a form sync uses (Object Reference "Campaign",
 * "CampaignMember"; key prefixes 701 and 00v are the platform's). A member links one Lead or
 * Contact to one Campaign; behaviour/campaign-members.ts refuses a second membership.
 */
import type { EmulatorObject } from '../contracts.js';
import { auditFields, field } from './field-builders.js';

export function campaign(): EmulatorObject {
  return {
    name: 'Campaign',
    label: 'Campaign',
    kind: 'standard',
    keyPrefix: '701',
    fields: [
      ...auditFields(),
      field('OwnerId', 'reference', { label: 'Owner ID', referenceTo: ['User'] }),
      field('Name', 'string', { label: 'Campaign Name', length: 80, required: true }),
      field('IsActive', 'boolean', { label: 'Active' }),
      field('Status', 'picklist', {
        picklistValues: ['Planned', 'In Progress', 'Completed', 'Aborted'],
      }),
      field('Type', 'picklist', { picklistValues: ['Webinar', 'Email', 'Other'] }),
    ],
  };
}

export function campaignMember(): EmulatorObject {
  return {
    name: 'CampaignMember',
    label: 'Campaign Member',
    kind: 'standard',
    keyPrefix: '00v',
    fields: [
      ...auditFields(),
      field('CampaignId', 'reference', { referenceTo: ['Campaign'], required: true }),
      field('LeadId', 'reference', { referenceTo: ['Lead'] }),
      field('ContactId', 'reference', { referenceTo: ['Contact'] }),
      field('Status', 'picklist', { picklistValues: ['Sent', 'Responded'] }),
      field('HasResponded', 'boolean', { label: 'Responded' }),
    ],
  };
}
