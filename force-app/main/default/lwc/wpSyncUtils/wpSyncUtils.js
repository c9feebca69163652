/**
 * Shared helpers of the WordPress Sync admin components (no template).
 * reduceErrors turns any error shape (Apex, UI API, JS, arrays of them) into readable messages.
 */
export function reduceErrors(errors) {
  const list = Array.isArray(errors) ? errors : [errors];
  return list
    .filter((error) => error !== undefined && error !== null)
    .map((error) => {
      if (typeof error === 'string') {
        return error;
      }
      if (Array.isArray(error.body)) {
        return error.body.map((entry) => entry.message);
      }
      if (error.body && typeof error.body.message === 'string') {
        return error.body.message;
      }
      if (error.body && error.body.pageErrors && error.body.pageErrors.length > 0) {
        return error.body.pageErrors.map((entry) => entry.message);
      }
      if (typeof error.message === 'string') {
        return error.message;
      }
      return error.statusText || 'Unknown error';
    })
    .flat()
    .filter((message) => Boolean(message));
}

/** Choices shared by the mapping editor and its rows. */
export const DIRECTION_OPTIONS = [
  { label: 'Both ways', value: 'Bidirectional' },
  { label: 'Salesforce → WordPress', value: 'SalesforceToWordPress' },
  { label: 'WordPress → Salesforce', value: 'WordPressToSalesforce' },
];

export const TRANSFORM_OPTIONS = [
  'None',
  'Trim',
  'Lowercase',
  'DateOnly',
  'HtmlToText',
  'TextToHtml',
  'Html',
  'Url',
].map((value) => ({
  label: value,
  value,
}));

/** Set_Source__c: blank is an ordinary value; the others sync a set of tags or roles element by element. */
export const SET_SOURCE_OPTIONS = [
  { label: 'None (one value)', value: '' },
  { label: 'Multi-select picklist', value: 'MultiSelectPicklist' },
  { label: 'Topics of the record', value: 'Topics' },
];

export const CONFLICT_OPTIONS = [
  { label: 'Newest change wins', value: 'NewestWins' },
  { label: 'Salesforce wins', value: 'SalesforceWins' },
  { label: 'WordPress wins', value: 'WordPressWins' },
];

export const DELETE_OPTIONS = [
  { label: 'Delete in WordPress', value: 'Delete' },
  { label: 'Move to trash', value: 'Trash' },
  { label: 'Ignore deletes', value: 'Ignore' },
];

/** WP_Post_Status__c: blank means draft. */
export const POST_STATUS_OPTIONS = [
  { label: 'Draft (default)', value: '' },
  { label: 'Published', value: 'publish' },
  { label: 'Draft', value: 'draft' },
  { label: 'Pending review', value: 'pending' },
  { label: 'Private', value: 'private' },
];

export const COMMAND_LABELS = {
  RetryFailed: 'Retry failed',
  ResyncRecord: 'Resync record',
  ResyncMapping: 'Resync mapping',
  ReloadMappings: 'Reload mappings',
  Pause: 'Pause',
  Resume: 'Resume',
};
