import type { ObjectMapping } from '../mapping/types.js';
import type { WordPressObject } from '../wordpress/types.js';

/**
 * WordPress cannot rename a user: `username` is read-only after creation (the REST API refuses
 * it on update). When a synced email change leaves a user's login at another address, the
 * outcome says so, so nobody is surprised that the old address still logs in.
 */
export function keptUsernameNote(
  mapping: ObjectMapping,
  emailWritten: boolean,
  stored: WordPressObject | undefined,
): string {
  if (mapping.wordpressType !== 'user' || !emailWritten || !stored) return '';
  const username = 'username' in stored ? stored.username : undefined;
  const email = 'email' in stored ? stored.email : undefined;
  if (typeof username !== 'string' || typeof email !== 'string') return '';
  if (username.toLowerCase() === email.toLowerCase()) return '';
  return `; the WordPress username stays ${username} (WordPress cannot rename users; the new email logs in too)`;
}

/** Whether this write carries the field mapped to the WordPress user's email. */
export function writesEmail(mapping: ObjectMapping, written: Iterable<string>): boolean {
  const emailField = mapping.fields.find((field) => field.wordpressField === 'email');
  if (!emailField) return false;
  for (const field of written) if (field === emailField.salesforceField) return true;
  return false;
}
