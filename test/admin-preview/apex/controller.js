/**
 * The preview's stand-ins for WPSyncAdminController's @AuraEnabled methods. Each does what the
 * Apex method does, through the org emulator's REST API (SOQL, describe, /limits, sObjects) and,
 * for the custom metadata deployment the REST API cannot do, the preview's Metadata stand-in.
 */
import { apexMethod } from './wire.js';
import { auraError, describe, query, quote, rest } from './rest.js';
import {
  MAPPABLE_OBJECTS,
  fieldDeveloperName,
  uniqueName,
  validateMappingInput,
} from './mapping-validator.js';
import { normaliseRoles } from './set-field-validator.js';
import {
  deactivateEntry,
  deployEntry,
  loadEntries,
  queryableObjects,
  readableFields,
  validateEntry,
} from './api-access.js';

const OBJECT_FIELDS =
  'Id, DeveloperName, Label, Salesforce_Object__c, WordPress_Type__c, Direction__c, Active__c, ' +
  'External_Id_Field__c, Match_Field__c, WordPress_Match_Field__c, Conflict_Policy__c, Delete_Policy__c, ' +
  'WP_Post_Status__c, Target_Org__c';
const FIELD_FIELDS =
  'Id, DeveloperName, Label, Object_Mapping__c, Salesforce_Field__c, WordPress_Field__c, ' +
  'Direction__c, Transform__c, Required__c, Set_Source__c, Allowed_Roles__c, Allow_Privileged_Roles__c';
const COMMANDS = [
  'ResyncRecord',
  'ResyncMapping',
  'ReloadMappings',
  'RetryFailed',
  'Pause',
  'Resume',
];
const LIMIT_NAMES = [
  'DailyApiRequests',
  'HourlyPublishedPlatformEvents',
  'DailyDeliveredPlatformEvents',
];
const ID_PATTERN = /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/;

async function loadMappings() {
  const [objects, fields] = await Promise.all([
    query(`SELECT ${OBJECT_FIELDS} FROM WP_Object_Mapping__mdt ORDER BY DeveloperName`),
    query(`SELECT ${FIELD_FIELDS} FROM WP_Field_Mapping__mdt ORDER BY DeveloperName`),
  ]);
  const views = [];
  for (const definition of objects.records) {
    const children = fields.records.filter((field) => field.Object_Mapping__c === definition.Id);
    let known = new Set();
    if (MAPPABLE_OBJECTS.includes(definition.Salesforce_Object__c)) {
      const described = await describe(definition.Salesforce_Object__c);
      known = new Set(described.fields.map((field) => field.name.toLowerCase()));
    }
    views.push({
      developerName: definition.DeveloperName,
      label: definition.Label,
      definition,
      fields: children,
      // A Topics set names no field of the record (WPSyncMapping.topicsFieldMappings).
      unknownFields: children
        .filter((field) => field.Set_Source__c !== 'Topics')
        .map((field) => field.Salesforce_Field__c)
        .filter((name) => !known.has(String(name).toLowerCase())),
    });
  }
  return views;
}

export const getMappings = apexMethod(() => loadMappings());

/** WPSyncVersion.CURRENT, put in by the build (test/admin-preview/build.ts). */
export const getPackageVersion = apexMethod(async () => import.meta.env.SFWP_PACKAGE_VERSION);

export const getMappableObjects = apexMethod(async () => {
  const described = await Promise.all(MAPPABLE_OBJECTS.map((name) => describe(name)));
  return described.map((object) => ({ value: object.name, label: object.label }));
});

export const getObjectFields = apexMethod(async ({ objectName }) => {
  if (!MAPPABLE_OBJECTS.includes(objectName)) {
    throw auraError(`Objects that can be mapped: ${MAPPABLE_OBJECTS.join(', ')}.`);
  }
  const { fields } = await describe(objectName);
  return fields
    .map((field) => ({
      value: field.name,
      label: field.label,
      type: String(field.type).toUpperCase(),
      updateable: field.updateable === true,
      externalId: field.externalId === true,
    }))
    .sort((a, b) => a.label.localeCompare(b.label));
});

export const validateMapping = apexMethod(({ mapping }) => validateMappingInput(mapping));

const blankToNull = (value) => (typeof value === 'string' && value.trim() ? value : null);

function formSettingValues(form) {
  return {
    WordPress_Form_Id__c: blankToNull(form.formId),
    Existing_Contact_Action__c: blankToNull(form.existingContactAction),
    Duplicate_Rule_Action__c: blankToNull(form.duplicateRuleAction),
    Field_Policy__c: blankToNull(form.fieldPolicy),
    Campaign_Id__c: blankToNull(form.campaignId),
    Lead_Source__c: blankToNull(form.leadSource),
  };
}

export const saveMapping = apexMethod(async ({ mapping }) => {
  const issues = await validateMappingInput(mapping);
  if (issues.length > 0) throw auraError(issues.map((issue) => issue.message).join(' '));
  const orgToOrg = Boolean(mapping.targetOrg && mapping.targetOrg.trim());
  const names = new Set();
  const records = [
    {
      fullName: `WP_Object_Mapping.${mapping.developerName}`,
      label: (mapping.label || mapping.developerName).slice(0, 40),
      values: {
        Salesforce_Object__c: mapping.salesforceObject,
        // An org to org mapping has a target org instead of a WordPress type.
        WordPress_Type__c: orgToOrg ? null : mapping.wordPressType,
        Target_Org__c: orgToOrg ? mapping.targetOrg.trim() : null,
        Direction__c: mapping.direction,
        Active__c: mapping.active === true,
        External_Id_Field__c: mapping.externalIdField,
        Match_Field__c: mapping.matchField || null,
        WordPress_Match_Field__c: mapping.wordPressMatchField || null,
        Conflict_Policy__c: mapping.conflictPolicy,
        Delete_Policy__c: mapping.deletePolicy,
        WP_Post_Status__c:
          mapping.postStatus && mapping.postStatus.trim() ? mapping.postStatus : null,
        // The form settings, as WPSyncAdminMappingService.buildContainer writes them.
        ...formSettingValues(mapping.formSettings ?? {}),
      },
    },
    ...(mapping.fields ?? []).map((field, row) => {
      const name = uniqueName(fieldDeveloperName(mapping.developerName, field), row, names);
      return {
        fullName: `WP_Field_Mapping.${name}`,
        label: name,
        values: {
          Object_Mapping__c: mapping.developerName,
          Salesforce_Field__c: field.salesforceField,
          WordPress_Field__c: field.wordPressField,
          Direction__c: field.direction,
          Transform__c: field.transform || 'None',
          Required__c: field.required === true,
          Set_Source__c: blankToNull(field.setSource),
          Allowed_Roles__c: normaliseRoles(field.allowedRoles),
          Allow_Privileged_Roles__c: field.allowPrivilegedRoles === true,
        },
      };
    }),
  ];
  const { id } = await rest('/admin-preview/metadata/deployments', {
    method: 'POST',
    body: JSON.stringify({ mappingName: mapping.developerName, records }),
  });
  return id;
});

export const getDeploymentStatus = apexMethod(async ({ jobId }) => {
  if (!jobId || !String(jobId).trim()) throw auraError('A deployment job id is required.');
  const { records } = await query(
    `SELECT Status__c, Message__c FROM WP_Sync_Log__c WHERE Source_Event__c = ${quote(`deploy:${String(jobId).slice(0, 15)}`)} ORDER BY CreatedDate DESC LIMIT 1`,
  );
  if (records.length === 0) return { jobId, state: 'InProgress' };
  return {
    jobId,
    state: records[0].Status__c === 'Success' ? 'Succeeded' : 'Failed',
    message: records[0].Message__c,
  };
});

const MAX_COUNTED = 10000;

/** Keyset paging as WPSyncAdminLogSelector does it: the rows after the cursor row, one extra for hasMore. */
export const getSyncLog = apexMethod(async ({ filter }) => {
  const given = filter ?? {};
  const pageSize = Math.max(1, Math.min(200, given.pageSize ?? 25));
  const pageNumber = Math.max(1, given.pageNumber ?? 1);
  const conditions = [];
  if (given.status) conditions.push(`Status__c = ${quote(given.status)}`);
  if (given.mapping) conditions.push(`Mapping__c = ${quote(given.mapping)}`);
  if (given.fromDate) conditions.push(`CreatedDate >= ${given.fromDate}T00:00:00Z`);
  if (given.toDate) {
    const next = new Date(`${given.toDate}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    conditions.push(`CreatedDate < ${next.toISOString().replace('.000', '')}`);
  }
  const where = conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '';
  const pageConditions = [...conditions];
  if (given.beforeCreatedDate && given.beforeId) {
    if (!ID_PATTERN.test(given.beforeId)) {
      throw auraError(`The page cursor "${given.beforeId}" is not a record id.`);
    }
    const before = new Date(given.beforeCreatedDate).toISOString();
    pageConditions.push(
      `(CreatedDate < ${before} OR (CreatedDate = ${before} AND Id < ${quote(given.beforeId)}))`,
    );
  }
  const pageWhere = pageConditions.length ? ` WHERE ${pageConditions.join(' AND ')}` : '';
  const [count, page] = await Promise.all([
    rest(
      `/query?q=${encodeURIComponent(`SELECT COUNT() FROM WP_Sync_Log__c${where} LIMIT ${MAX_COUNTED + 1}`)}`,
    ),
    query(
      'SELECT Id, Name, CreatedDate, Record_Id__c, Mapping__c, Direction__c, Status__c, Message__c, ' +
        `WP_Id__c, Synced_At__c FROM WP_Sync_Log__c${pageWhere} ORDER BY CreatedDate DESC, Id DESC ` +
        `LIMIT ${pageSize + 1}`,
    ),
  ]);
  const hasMore = page.records.length > pageSize;
  return {
    records: page.records.slice(0, pageSize),
    total: Math.min(count.totalSize, MAX_COUNTED),
    totalCapped: count.totalSize > MAX_COUNTED,
    hasMore,
    pageNumber,
    pageSize,
  };
});

/** WPSyncHeartbeats.latest(): the connectors' latest heartbeats, newest first. */
export const getConnectorHealth = apexMethod(async () => {
  const { records } = await query(
    'SELECT Name, Connector_User_Id__c, Last_Heartbeat__c, Status__c FROM WP_Sync_Connector__c ' +
      'ORDER BY Last_Heartbeat__c DESC LIMIT 10',
  );
  return records;
});

export const getApiUsage = apexMethod(async () => {
  const limits = await rest('/limits');
  return LIMIT_NAMES.filter((name) => limits[name]).map((name) => ({
    name,
    max: limits[name].Max,
    used: limits[name].Max - limits[name].Remaining,
  }));
});

export const sendCommand = apexMethod(async ({ command, mappingName, recordIds }) => {
  if (!COMMANDS.includes(command)) throw auraError(`Unknown command "${command}".`);
  const ids = [];
  for (const value of recordIds ?? []) {
    if (!value || !value.trim()) continue;
    if (!ID_PATTERN.test(value.trim()))
      throw auraError(`"${value.trim()}" is not a Salesforce record id.`);
    ids.push(value.trim());
  }
  if (command === 'ResyncRecord' && ids.length === 0) {
    throw auraError('Resync record needs at least one Salesforce record id.');
  }
  if (command === 'ResyncRecord' || command === 'ResyncMapping') {
    const { records } = await query(
      `SELECT Id FROM WP_Object_Mapping__mdt WHERE DeveloperName = ${quote(mappingName ?? '')}`,
    );
    if (records.length === 0) throw auraError(`There is no mapping named "${mappingName}".`);
  }
  await rest('/sobjects/WP_Sync_Command__e', {
    method: 'POST',
    body: JSON.stringify({
      Command__c: command,
      Mapping__c: mappingName || null,
      Record_Ids__c: ids.length ? ids.join(',') : null,
    }),
  });
  return command;
});

export const getApiAccessEntries = apexMethod(() => loadEntries());

export const getQueryableObjects = apexMethod(() => queryableObjects());

export const getReadableFields = apexMethod(({ objectName }) => readableFields(objectName));

export const validateApiAccess = apexMethod(({ entry }) => validateEntry(entry));

export const saveApiAccess = apexMethod(({ entry }) => deployEntry(entry));

export const deactivateApiAccess = apexMethod(({ developerName }) =>
  deactivateEntry(developerName),
);
