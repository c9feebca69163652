/**
 * The WordPress forms the connector's heartbeat lists (WP_Sync_Connector__c.Status__c JSON,
 * `forms`: id, title, fields with name/label/type; docs/FORMS.md), as picker options.
 */

/** What every submission carries besides its form's fields (the connector's mapping paths). */
const SUBMISSION_VALUES = [
  { label: 'Page URL (page_url)', value: 'page_url' },
  { label: 'Consent (consent)', value: 'consent' },
  { label: 'Form name (form_name)', value: 'form_name' },
  { label: 'Submitted at (submitted_at)', value: 'submitted_at' },
  { label: 'UTM source (utm.source)', value: 'utm.source' },
  { label: 'UTM medium (utm.medium)', value: 'utm.medium' },
  { label: 'UTM campaign (utm.campaign)', value: 'utm.campaign' },
  { label: 'UTM term (utm.term)', value: 'utm.term' },
  { label: 'UTM content (utm.content)', value: 'utm.content' },
];

function statusOf(row) {
  try {
    const status = JSON.parse(row.Status__c || '{}');
    return status && typeof status === 'object' ? status : {};
  } catch {
    return {};
  }
}

/** The forms of the newest heartbeat that lists forms; undefined when none does. */
export function formsFromHeartbeats(connectors) {
  const listing = (connectors || [])
    .map((row) => ({ at: row.Last_Heartbeat__c || '', status: statusOf(row) }))
    .filter((beat) => Array.isArray(beat.status.forms))
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  if (listing.length === 0) return undefined;
  return listing[0].status.forms.filter(
    (form) => form && Number.isInteger(form.id) && Array.isArray(form.fields),
  );
}

/** The picker's options: every listed form, and blank for "any form no other mapping names". */
export function formOptions(forms, chosenId) {
  const options = [
    { label: 'Any form no other mapping names', value: '' },
    ...forms.map((form) => ({ label: `${form.title} (id ${form.id})`, value: String(form.id) })),
  ];
  // A mapping can name a form the heartbeat does not list (unpublished since): keep it visible.
  if (chosenId && !options.some((option) => option.value === chosenId)) {
    options.push({ label: `Form id ${chosenId} (not published now)`, value: chosenId });
  }
  return options;
}

/** The WordPress field options of a form mapping: the chosen form's fields, then the rest. */
export function wordPressFieldOptions(forms, chosenId) {
  const form = (forms || []).find((candidate) => String(candidate.id) === chosenId);
  const fields = form
    ? form.fields.map((field) => ({
        label: `${field.label} (fields.${field.name})`,
        value: `fields.${field.name}`,
      }))
    : [];
  return [...fields, ...SUBMISSION_VALUES];
}
