/**
 * The preview's copy of WPSyncAdminApiAccessService and WPSyncAdminApiAccessValidator
 * (force-app/main/default/classes): the same lists, checks and messages, run against the
 * emulator's describe and SOQL instead of Apex's, and the same record deployed through the
 * preview's Metadata stand-in.
 */
import { auraError, describe, query, quote, rest } from './rest.js';

const ENTRY_FIELDS =
  'DeveloperName, MasterLabel, Kind__c, Active__c, Allow_Anonymous__c, Salesforce_Object__c, ' +
  'Allowed_Fields__c, Fixed_Filter__c, Max_Records__c, Apex_Path__c, Apex_Method__c, Cache_Seconds__c';
const DEVELOPER_NAME = /^[A-Za-z](?!.*__)[A-Za-z0-9_]{0,39}(?<!_)$/;
const API_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const APEX_PATH = /^\/[A-Za-z0-9_\-./]{0,254}$/;
const APEX_METHODS = ['GET', 'POST'];
const MAX_RECORDS_CEILING = 2000;
const HIDDEN_SUFFIXES = ['__mdt', '__e', 'Share', 'History', 'Feed', 'ChangeEvent'];

export async function loadEntries() {
  const { records } = await query(
    `SELECT ${ENTRY_FIELDS} FROM WP_API_Access__mdt ORDER BY DeveloperName`,
  );
  return records;
}

const isListed = (object) =>
  object.queryable !== false &&
  !object.customSetting &&
  !HIDDEN_SUFFIXES.some((suffix) => object.name.endsWith(suffix));

export async function queryableObjects() {
  const { sobjects } = await rest('/sobjects');
  return sobjects
    .filter(isListed)
    .map((object) => ({ value: object.name, label: `${object.label} (${object.name})` }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

async function readableObject(objectName) {
  if (!objectName || !API_NAME.test(objectName)) return undefined;
  const { sobjects } = await rest('/sobjects');
  const listed = sobjects.find((object) => object.name === objectName);
  return listed && isListed(listed) ? describe(objectName) : undefined;
}

export async function readableFields(objectName) {
  const described = await readableObject(objectName);
  if (!described) {
    throw auraError(`Salesforce object "${objectName}" does not exist or you cannot query it.`);
  }
  return described.fields
    .map((field) => ({
      value: field.name,
      label: field.label,
      type: String(field.type).toUpperCase(),
      updateable: field.updateable === true,
      externalId: field.externalId === true,
    }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

/** WPSyncAdminApiAccessService.fieldList: names split on commas or spaces, blanks dropped. */
export function fieldList(text) {
  return String(text ?? '')
    .split(/[,\s]+/)
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

const isWhole = (value) => Number.isInteger(Number(value));

/** WPSyncAdminApiAccessFilter.parenthesesBalance. */
export function parenthesesBalance(condition) {
  let depth = 0;
  let quoted = false;
  let escaped = false;
  for (const character of condition) {
    if (escaped) escaped = false;
    else if (quoted && character === '\\') escaped = true;
    else if (character === "'") quoted = !quoted;
    else if (!quoted && character === '(') depth += 1;
    else if (!quoted && character === ')') {
      depth -= 1;
      if (depth < 0) return false;
    }
  }
  return depth === 0 && !quoted;
}

async function checkQuery(input, add) {
  const described = await readableObject(input.salesforceObject);
  if (!described) {
    add(
      'salesforceObject',
      `Salesforce object "${input.salesforceObject}" does not exist or you cannot query it. Pick one from the list.`,
    );
  }
  const max = input.maxRecords;
  if (max === null || max === undefined || max < 1 || max > MAX_RECORDS_CEILING || !isWhole(max)) {
    add('maxRecords', 'Max records must be a whole number from 1 to 2000.');
  }
  if (!described) return;
  const byLowerName = new Map(described.fields.map((field) => [field.name.toLowerCase(), field]));
  const names = fieldList(input.allowedFields);
  if (names.length === 0) add('allowedFields', 'Pick at least one field the site may read.');
  const seen = new Set();
  for (const name of names) {
    const field = API_NAME.test(name) ? byLowerName.get(name.toLowerCase()) : undefined;
    if (!field) add('allowedFields', `${input.salesforceObject} has no field "${name}".`);
    else if (seen.has(name.toLowerCase())) add('allowedFields', `Field "${name}" is listed twice.`);
    seen.add(name.toLowerCase());
  }
  const filter = input.fixedFilter?.trim();
  if (!filter) return;
  if (!parenthesesBalance(filter)) {
    add('fixedFilter', 'Fixed filter has unbalanced parentheses or an unclosed quote.');
    return;
  }
  try {
    await query(`SELECT Id FROM ${described.name} WHERE (${filter}) LIMIT 0`);
  } catch (error) {
    add(
      'fixedFilter',
      `Fixed filter is not a valid SOQL condition on ${described.name}: ${error.body?.message ?? error}`,
    );
  }
}

export async function validateEntry(input) {
  const issues = [];
  const add = (field, message) => issues.push({ row: null, field, message });
  if (!input) {
    add('entry', 'An access entry is required.');
    return issues;
  }
  if (!input.developerName || !DEVELOPER_NAME.test(input.developerName)) {
    add(
      'developerName',
      'API name must start with a letter, use letters, digits and single underscores, and have at most 40 characters.',
    );
  }
  if (input.label && input.label.length > 40) {
    add('label', 'Label must have at most 40 characters.');
  }
  const cache = input.cacheSeconds;
  if (cache !== null && cache !== undefined && (cache < 0 || !isWhole(cache))) {
    add('cacheSeconds', 'Cache seconds must be a whole number, 0 or more (0 turns caching off).');
  }
  if (input.kind === 'Query') await checkQuery(input, add);
  else if (input.kind === 'ApexRest') {
    const path = String(input.apexPath ?? '').trim();
    if (!APEX_PATH.test(path) || path.includes('..')) {
      add(
        'apexPath',
        'Apex REST path must start with / and hold only letters, digits, _ - . / (at most 255 characters), e.g. /sfwp/sample.',
      );
    }
    if (!APEX_METHODS.includes(input.apexMethod)) {
      add('apexMethod', 'Apex REST method must be GET or POST.');
    }
  } else {
    add('kind', 'Kind must be Query (read an object) or ApexRest (call an Apex REST path).');
  }
  return issues;
}

const blankToNull = (value) => (value && String(value).trim() ? String(value).trim() : null);

/** WPSyncAdminApiAccessService.buildRecord: the fields of the other kind are cleared. */
function deployRecord(input) {
  const isQuery = input.kind === 'Query';
  return {
    fullName: `WP_API_Access.${input.developerName}`,
    label: (input.label || input.developerName).slice(0, 40),
    values: {
      Kind__c: input.kind,
      Active__c: input.active === true,
      Allow_Anonymous__c: input.allowAnonymous === true,
      Cache_Seconds__c: input.cacheSeconds ?? 0,
      Salesforce_Object__c: isQuery ? blankToNull(input.salesforceObject) : null,
      Allowed_Fields__c: isQuery ? fieldList(input.allowedFields).join(', ') : null,
      Fixed_Filter__c: isQuery ? blankToNull(input.fixedFilter) : null,
      Max_Records__c: isQuery ? input.maxRecords : null,
      Apex_Path__c: isQuery ? null : blankToNull(input.apexPath),
      Apex_Method__c: isQuery ? null : blankToNull(input.apexMethod),
    },
  };
}

async function enqueue(input) {
  const { id } = await rest('/admin-preview/metadata/deployments', {
    method: 'POST',
    body: JSON.stringify({ mappingName: input.developerName, records: [deployRecord(input)] }),
  });
  return id;
}

export async function deployEntry(input) {
  const issues = await validateEntry(input);
  if (issues.length > 0) throw auraError(issues.map((issue) => issue.message).join(' '));
  return enqueue(input);
}

/** WPSyncAdminApiAccessService.deactivate: the entry again, every value kept, Active off. */
export async function deactivateEntry(developerName) {
  const { records } = await query(
    `SELECT ${ENTRY_FIELDS} FROM WP_API_Access__mdt WHERE DeveloperName = ${quote(developerName ?? '')}`,
  );
  const [record] = records;
  if (!record) throw auraError(`There is no API access entry named "${developerName}".`);
  return enqueue({
    developerName: record.DeveloperName,
    label: record.MasterLabel,
    kind: record.Kind__c,
    active: false,
    allowAnonymous: record.Allow_Anonymous__c,
    cacheSeconds: record.Cache_Seconds__c,
    salesforceObject: record.Salesforce_Object__c,
    allowedFields: record.Allowed_Fields__c,
    fixedFilter: record.Fixed_Filter__c,
    maxRecords: record.Max_Records__c,
    apexPath: record.Apex_Path__c,
    apexMethod: record.Apex_Method__c,
  });
}
