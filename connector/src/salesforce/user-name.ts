import type { Connection } from 'jsforce';
import { isSalesforceId } from './record-id.js';
import { soqlString } from './soql-literal.js';

/** Ids of User records start with the User key prefix. */
const USER_KEY_PREFIX = '005';

/**
 * The display name of a Salesforce user, for saying who sent a command; undefined when the id
 * is not a user's or the user cannot be read (the id alone still says who).
 */
export async function userName(
  connection: Pick<Connection, 'query'>,
  userId: string | undefined,
): Promise<string | undefined> {
  if (userId === undefined || !userId.startsWith(USER_KEY_PREFIX) || !isSalesforceId(userId))
    return undefined;
  try {
    const result = await connection.query<{ Name?: string }>(
      `SELECT Name FROM User WHERE Id = ${soqlString(userId)}`,
    );
    const name = result.records[0]?.Name;
    return typeof name === 'string' && name !== '' ? name : undefined;
  } catch {
    return undefined;
  }
}
