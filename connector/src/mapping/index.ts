export * from './types.js';
export type { PendingWrite, SyncState } from './agreed-values.js';
export { applyTransform, htmlToText, isKnownTransform, KNOWN_TRANSFORMS } from './transforms.js';
export { getWordPressField, isMetaField, setWordPressField } from './wordpress-fields.js';
export { mapToWordPress, type WordPressPayload } from './to-wordpress.js';
export { mapToSalesforce, type SalesforceValues } from './to-salesforce.js';
export { contentHash, sameValue } from './content-hash.js';
export {
  mappingsFromMetadata,
  type FieldMappingRecord,
  type LoadedMappings,
  type MappingProblem,
  type ObjectMappingRecord,
} from './from-metadata.js';
export {
  describeConflicts,
  planFirstContact,
  planMerge,
  type FieldConflict,
  type MergePlan,
  type Side,
  type SideValues,
} from './merge.js';
