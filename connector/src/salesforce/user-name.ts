import type { Connection } from 'jsforce';
import { soqlString } from './soql-literal.js';

const USER_ID = /^005[a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?$/;

/**
 * The display name of a Salesforce user, for saying who sent a command; undefined when the id
 * is not a user's or the user cannot be read (the id alone still says who).
 */
export async function userName(
  connection: Pick<Connection, 'query'>,
  userId: string | undefined,
): Promise<string | undefined> {
  if (userId === undefined || !USER_ID.test(userId)) return undefined;
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
