import type { ObjectMapping } from '../mapping/types.js';
import { USER_TYPE, type WordPressFields, type WriteOperation } from '../wordpress/types.js';

export type CreateOperation = Extract<WriteOperation, { kind: 'create' }>;
export type UpdateOperation = Extract<WriteOperation, { kind: 'update' }>;

/**
 * Creates the record's WordPress object. `password` is asked for only when a user is created
 * (users the connector creates sign in through password reset).
 */
export function createOperation(
  mapping: ObjectMapping,
  recordId: string,
  fields: WordPressFields,
  password: () => string,
): CreateOperation {
  return {
    kind: 'create',
    type: mapping.wordpressType,
    fields:
      mapping.wordpressType === USER_TYPE
        ? newUserFields(fields, recordId, password)
        : // The mapping's post status, unless a field mapping writes `status` itself.
          { status: mapping.postStatus ?? 'draft', ...fields },
  };
}

/** Updates object `id`, on the condition that it is still at `version` when one was read. */
export function updateOperation(
  mapping: ObjectMapping,
  id: number,
  fields: WordPressFields,
  version: number | undefined,
): UpdateOperation {
  return {
    kind: 'update',
    type: mapping.wordpressType,
    id,
    fields,
    ...(version === undefined ? {} : { ifVersion: version }),
  };
}

/** Deletes object `id`: for good under the Delete policy, into the trash under Trash. */
export function deleteOperation(
  mapping: ObjectMapping,
  id: number,
): Extract<WriteOperation, { kind: 'delete' }> {
  // Users have no trash; for them Trash deletes the account and hands its content to the connector user.
  const force = mapping.deletePolicy === 'Delete' || mapping.wordpressType === USER_TYPE;
  return { kind: 'delete', type: mapping.wordpressType, id, force };
}

function newUserFields(
  fields: WordPressFields,
  recordId: string,
  password: () => string,
): WordPressFields {
  const email = typeof fields.email === 'string' ? fields.email : '';
  // WordPress logins allow only these characters (sanitize_user strict) and 60 of them; an
  // email with others (`o'brien@…`) or a longer one would be refused as a login.
  const usableLogin = email !== '' && email.length <= 60 && /^[A-Za-z0-9 _.@-]+$/.test(email);
  return {
    username: usableLogin ? email : `sf-${recordId}`,
    password: password(),
    ...fields,
  };
}
