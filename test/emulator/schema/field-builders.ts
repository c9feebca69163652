import type { EmulatorField, SalesforceFieldType } from '../contracts.js';

export interface FieldOptions {
  label?: string;
  length?: number;
  required?: boolean;
  externalId?: boolean;
  unique?: boolean;
  referenceTo?: string[];
  picklistValues?: string[];
  restrictedPicklist?: boolean;
  filterable?: boolean;
}

/** Turns `LastModifiedDate` into `Last Modified Date` for default labels. */
export function labelFromApiName(apiName: string): string {
  return apiName
    .replace(/__c$|__e$|__mdt$/, '')
    .replace(/_/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .trim();
}

export function field(
  name: string,
  type: SalesforceFieldType,
  options: FieldOptions = {},
): EmulatorField {
  const result: EmulatorField = {
    name,
    label: options.label ?? labelFromApiName(name),
    type,
    required: options.required ?? false,
    externalId: options.externalId ?? false,
    unique: options.unique ?? false,
    filterable: options.filterable ?? true,
  };
  if (options.length !== undefined) result.length = options.length;
  if (options.referenceTo !== undefined) result.referenceTo = options.referenceTo;
  if (options.picklistValues !== undefined) result.picklistValues = options.picklistValues;
  if (options.restrictedPicklist === true) result.restrictedPicklist = true;
  return result;
}

/** Fields every record-bearing object has (Id, audit fields, IsDeleted). */
export function auditFields(): EmulatorField[] {
  return [
    field('Id', 'id', { label: 'Record ID', length: 18 }),
    field('IsDeleted', 'boolean', { label: 'Deleted' }),
    field('CreatedDate', 'datetime', { label: 'Created Date' }),
    field('CreatedById', 'reference', { label: 'Created By ID', referenceTo: ['User'] }),
    field('LastModifiedDate', 'datetime', { label: 'Last Modified Date' }),
    field('LastModifiedById', 'reference', { label: 'Last Modified By ID', referenceTo: ['User'] }),
    field('SystemModstamp', 'datetime', { label: 'System Modstamp' }),
  ];
}

/** Fields the platform adds to every platform event (`ReplayId`, `EventUuid`, …). */
export function platformEventFields(): EmulatorField[] {
  return [
    field('ReplayId', 'string', { label: 'Replay ID', length: 255 }),
    field('CreatedDate', 'datetime', { label: 'Created Date' }),
    field('CreatedById', 'reference', { label: 'Created By ID', referenceTo: ['User'] }),
    field('EventUuid', 'string', { label: 'Event UUID', length: 36 }),
  ];
}

/** Fields the platform adds to every custom metadata type. */
export function customMetadataFields(): EmulatorField[] {
  return [
    field('Id', 'id', { label: 'Custom Metadata Record ID', length: 18 }),
    field('DeveloperName', 'string', { label: 'Custom Metadata Record Name', length: 40 }),
    field('MasterLabel', 'string', { label: 'Label', length: 40 }),
    field('Label', 'string', { label: 'Label', length: 40 }),
    field('Language', 'picklist', { label: 'Master Language', picklistValues: ['en_US'] }),
    field('NamespacePrefix', 'string', { label: 'Namespace Prefix', length: 15 }),
    field('QualifiedApiName', 'string', { label: 'Qualified API Name', length: 70 }),
  ];
}

/** System-set fields a client may not write. */
export const SYSTEM_FIELDS = new Set([
  'Id',
  'IsDeleted',
  'CreatedDate',
  'CreatedById',
  'LastModifiedDate',
  'LastModifiedById',
  'SystemModstamp',
  'ReplayId',
  'EventUuid',
]);
