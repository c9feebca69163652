import type { Connection } from 'jsforce';
import type { WordPressUser } from '../../../connector/src/wordpress/index.js';
import type { WpapiWordPressClient } from '../../../connector/src/wordpress/index.js';

/**
 * Field-by-field comparison of Contacts and WordPress users under the shipped Contact_User
 * mapping (FirstName ⇄ first_name, LastName ⇄ last_name, Email ⇄ email (lowercased),
 * Description ⇄ description, WP_Website__c ⇄ url), read straight from both sides, not from the
 * connector's own state.
 */
export interface SideComparison {
  /** Contacts whose Email matches the filter. */
  contacts: number;
  /** WordPress users whose email matches the filter. */
  users: number;
  /** Pairs compared field by field (linked by WP_Id__c). */
  compared: number;
  /** Human-readable differences; empty when both sides agree. */
  differences: string[];
  /** Emails held by more than one WordPress user or more than one Contact. */
  duplicates: string[];
}

interface ContactRow {
  Id: string;
  FirstName: string | null;
  LastName: string | null;
  Email: string | null;
  Description: string | null;
  WP_Website__c: string | null;
  WP_Id__c: string | null;
}

const PAIRS: ReadonlyArray<[keyof ContactRow, keyof WordPressUser]> = [
  ['FirstName', 'first_name'],
  ['LastName', 'last_name'],
  ['Email', 'email'],
  ['Description', 'description'],
  ['WP_Website__c', 'url'],
];

function normalise(field: string, value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = (typeof value === 'string' ? value : JSON.stringify(value)).trim();
  return field === 'Email' || field === 'email' ? text.toLowerCase() : text;
}

/** Every Contact whose Email starts with `emailPrefix` (a SOQL LIKE prefix, no wildcards). */
export async function readContacts(admin: Connection, emailPrefix: string): Promise<ContactRow[]> {
  const result = await admin.query<ContactRow>(
    `SELECT Id, FirstName, LastName, Email, Description, WP_Website__c, WP_Id__c FROM Contact WHERE Email LIKE '${emailPrefix}%'`,
    { autoFetch: true, maxFetch: 100_000 },
  );
  // LIKE also treats `_` as a wildcard and ignores case: keep exactly the prefix asked for.
  const prefix = emailPrefix.toLowerCase();
  return result.records.filter((contact) => (contact.Email ?? '').toLowerCase().startsWith(prefix));
}

/** Every WordPress user whose email starts with `emailPrefix`. */
export async function readUsers(
  wp: WpapiWordPressClient,
  emailPrefix: string,
): Promise<WordPressUser[]> {
  const users: WordPressUser[] = [];
  for (let page = 1; ; page++) {
    const result = await wp.list('user', { search: `${emailPrefix}*`, perPage: 100, page });
    users.push(...result.items);
    if (page >= result.totalPages) break;
  }
  const prefix = emailPrefix.toLowerCase();
  return users.filter((user) => (user.email ?? '').toLowerCase().startsWith(prefix));
}

function duplicatesOf(values: string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const value of values) (seen.has(value) ? repeated : seen).add(value);
  return [...repeated];
}

export async function compareSides(
  admin: Connection,
  wp: WpapiWordPressClient,
  emailPrefix: string,
): Promise<SideComparison> {
  const [contacts, users] = await Promise.all([
    readContacts(admin, emailPrefix),
    readUsers(wp, emailPrefix),
  ]);
  const differences: string[] = [];
  const usersById = new Map(users.map((user) => [String(user.id), user]));
  const linkedUserIds = new Set<string>();
  let compared = 0;
  for (const contact of contacts) {
    if (!contact.WP_Id__c) {
      differences.push(`Contact ${contact.Id} (${contact.Email ?? ''}) has no WP_Id__c`);
      continue;
    }
    const user = usersById.get(contact.WP_Id__c);
    if (!user) {
      differences.push(
        `Contact ${contact.Id} (${contact.Email ?? ''}) points at WordPress user ${contact.WP_Id__c}, which is missing`,
      );
      continue;
    }
    linkedUserIds.add(contact.WP_Id__c);
    compared++;
    for (const [salesforceField, wordpressField] of PAIRS) {
      const left = normalise(salesforceField, contact[salesforceField]);
      const right = normalise(wordpressField, user[wordpressField]);
      if (left !== right) {
        differences.push(
          `Contact ${contact.Id} ${salesforceField}=${JSON.stringify(left)} but user ${user.id} ${wordpressField}=${JSON.stringify(right)}`,
        );
      }
    }
  }
  for (const user of users) {
    if (!linkedUserIds.has(String(user.id))) {
      differences.push(`WordPress user ${user.id} (${user.email ?? ''}) has no Contact`);
    }
  }
  return {
    contacts: contacts.length,
    users: users.length,
    compared,
    differences,
    duplicates: [
      ...duplicatesOf(users.map((user) => normalise('email', user.email))).map(
        (email) => `WordPress: ${email}`,
      ),
      ...duplicatesOf(contacts.map((contact) => normalise('Email', contact.Email))).map(
        (email) => `Salesforce: ${email}`,
      ),
    ],
  };
}
