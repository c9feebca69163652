/**
 * Field mapping rows of the editor: read from a WP_Field_Mapping__mdt record, started new, and
 * sent to Apex as WPSyncAdminMappingService.FieldInput.
 */

/** A saved field mapping record as an editor row. */
export function rowFromRecord(record) {
  return {
    developerName: record.DeveloperName,
    salesforceField: record.Salesforce_Field__c,
    wordPressField: record.WordPress_Field__c,
    direction: record.Direction__c,
    transform: record.Transform__c || 'None',
    required: record.Required__c === true,
    setSource: record.Set_Source__c || '',
    allowedRoles: record.Allowed_Roles__c || '',
    allowPrivilegedRoles: record.Allow_Privileged_Roles__c === true,
    // Not stored: which roles of the site the admin calls privileged, checked on save only.
    privilegedRoles: '',
    isNew: false,
  };
}

/** An empty row flowing like its object mapping. */
export function newRow(direction) {
  return {
    developerName: '',
    salesforceField: '',
    wordPressField: '',
    direction,
    transform: 'None',
    required: false,
    setSource: '',
    allowedRoles: '',
    allowPrivilegedRoles: false,
    privilegedRoles: '',
    isNew: true,
  };
}

/** The row as the Apex FieldInput. */
export function rowToInput(row) {
  return {
    developerName: row.developerName || null,
    salesforceField: row.salesforceField,
    wordPressField: row.wordPressField,
    direction: row.direction,
    transform: row.transform,
    required: row.required,
    setSource: row.setSource || null,
    allowedRoles: row.allowedRoles || null,
    allowPrivilegedRoles: row.allowPrivilegedRoles === true,
    privilegedRoles: row.privilegedRoles || null,
  };
}
