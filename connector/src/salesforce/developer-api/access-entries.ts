/**
 * What the Salesforce admin lets the WordPress site read or call (WP_API_Access__mdt), as the
 * connector uses it. Parsing is pure; a row that cannot be used is reported, not guessed at.
 */

/** The most records one query may return, whatever an entry says (SOQL's own page size is 2,000). */
export const MAX_RECORDS_CEILING = 2000;

interface EntryBase {
  name: string;
  label: string;
  /** Seconds WordPress may keep a result; 0 disables its cache. */
  cacheSeconds: number;
  allowAnonymous: boolean;
}

export interface QueryAccessEntry extends EntryBase {
  kind: 'query';
  object: string;
  /** Allowed field API names as written in the entry (Id is always allowed). */
  fields: readonly string[];
  /** The admin's SOQL condition, ANDed to every query; undefined when none. */
  fixedFilter: string | undefined;
  maxRecords: number;
}

export interface ApexAccessEntry extends EntryBase {
  kind: 'apex';
  /** Path under /services/apexrest, starting with a slash. */
  path: string;
  method: 'GET' | 'POST';
}

export type AccessEntry = QueryAccessEntry | ApexAccessEntry;

/** A WP_API_Access__mdt row as SOQL returns it. */
export interface AccessEntryRecord {
  DeveloperName: string;
  MasterLabel?: string | null;
  Kind__c: string | null;
  Active__c: boolean | null;
  Allow_Anonymous__c: boolean | null;
  Salesforce_Object__c: string | null;
  Allowed_Fields__c: string | null;
  Fixed_Filter__c: string | null;
  Max_Records__c: number | null;
  Apex_Path__c: string | null;
  Apex_Method__c: string | null;
  Cache_Seconds__c: number | null;
}

export interface AccessEntryProblem {
  entry: string;
  message: string;
}

export interface LoadedAccessEntries {
  entries: ReadonlyMap<string, AccessEntry>;
  problems: readonly AccessEntryProblem[];
}

const API_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
/** Apex REST URL mappings: start with a slash, up to 255 characters, no query or fragment. */
const APEX_PATH = /^\/[A-Za-z0-9_\-./]{0,254}$/;

function text(value: string | null | undefined): string {
  return (value ?? '').trim();
}

function parseFields(list: string): string[] {
  return [
    ...new Set(
      list
        .split(/[,\s]+/)
        .map((field) => field.trim())
        .filter((field) => field !== ''),
    ),
  ];
}

function parseQueryEntry(record: AccessEntryRecord, base: EntryBase): QueryAccessEntry | string {
  const object = text(record.Salesforce_Object__c);
  if (!API_NAME.test(object))
    return `Salesforce Object ${JSON.stringify(object)} is not an API name`;
  const fields = parseFields(text(record.Allowed_Fields__c));
  if (fields.length === 0) return 'Allowed Fields is empty';
  const bad = fields.filter((field) => !API_NAME.test(field));
  if (bad.length > 0) return `Allowed Fields has names that are not API names: ${bad.join(', ')}`;
  const maxRecords = record.Max_Records__c ?? 200;
  if (!Number.isInteger(maxRecords) || maxRecords < 1 || maxRecords > MAX_RECORDS_CEILING) {
    return `Max Records must be a whole number from 1 to ${MAX_RECORDS_CEILING}`;
  }
  const fixedFilter = text(record.Fixed_Filter__c);
  return {
    ...base,
    kind: 'query',
    object,
    fields,
    fixedFilter: fixedFilter === '' ? undefined : fixedFilter,
    maxRecords,
  };
}

function parseApexEntry(record: AccessEntryRecord, base: EntryBase): ApexAccessEntry | string {
  const path = text(record.Apex_Path__c);
  if (!APEX_PATH.test(path) || path.includes('..')) {
    return `Apex REST Path ${JSON.stringify(path)} must start with / and hold only letters, digits, _ - . /`;
  }
  const method = text(record.Apex_Method__c);
  if (method !== 'GET' && method !== 'POST') return 'Apex REST Method must be GET or POST';
  return { ...base, kind: 'apex', path, method };
}

function parseEntry(record: AccessEntryRecord): AccessEntry | string {
  const cacheSeconds = record.Cache_Seconds__c ?? 0;
  if (!Number.isFinite(cacheSeconds) || cacheSeconds < 0) return 'Cache Seconds must be 0 or more';
  const base: EntryBase = {
    name: record.DeveloperName,
    label: text(record.MasterLabel) || record.DeveloperName,
    cacheSeconds: Math.floor(cacheSeconds),
    allowAnonymous: record.Allow_Anonymous__c === true,
  };
  if (record.Kind__c === 'Query') return parseQueryEntry(record, base);
  if (record.Kind__c === 'ApexRest') return parseApexEntry(record, base);
  return `Kind ${JSON.stringify(record.Kind__c)} is neither Query nor ApexRest`;
}

/** The active entries by DeveloperName, and why any other row was left out. */
export function accessEntriesFromMetadata(
  records: readonly AccessEntryRecord[],
): LoadedAccessEntries {
  const entries = new Map<string, AccessEntry>();
  const problems: AccessEntryProblem[] = [];
  for (const record of records) {
    if (record.Active__c === false) continue;
    const parsed = parseEntry(record);
    if (typeof parsed === 'string') problems.push({ entry: record.DeveloperName, message: parsed });
    else entries.set(parsed.name, parsed);
  }
  return { entries, problems };
}
