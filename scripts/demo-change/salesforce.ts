/**
 * The Salesforce side of `demo:change`: an unmodified jsforce connection to the demo's org
 * emulator as its administrator, whose changes publish sync events (the integration user's
 * would not). The emulator's self-signed certificate is trusted, not ignored.
 */
import { globalAgent } from 'node:https';
import { Connection } from 'jsforce';
import type { DemoCoordinates } from '../start/demo-file.js';
import { stampedName, type DemoChangeRequest } from './args.js';

interface ContactRow {
  Id: string;
  FirstName: string | null;
  LastName: string;
  Email: string | null;
  WP_Id__c: string | null;
}

export async function connectAsAdmin(coordinates: DemoCoordinates): Promise<Connection> {
  const { salesforce } = coordinates;
  globalAgent.options.ca = salesforce.certificatePem;
  const connection = new Connection({
    oauth2: {
      loginUrl: salesforce.instanceUrl,
      clientId: salesforce.clientId,
      clientSecret: salesforce.clientSecret,
    },
    version: '65.0',
  });
  await connection.login(
    salesforce.admin.username,
    salesforce.admin.password + salesforce.admin.securityToken,
  );
  return connection;
}

/** The sample Contact the demo changes: the first one seeded. */
export async function sampleContact(
  connection: Connection,
  coordinates: DemoCoordinates,
): Promise<ContactRow> {
  const id = coordinates.salesforce.sampleContactIds[0];
  if (id === undefined) throw new Error('the demo seeded no sample Contacts');
  const found = await connection.query<ContactRow>(
    `SELECT Id, FirstName, LastName, Email, WP_Id__c FROM Contact WHERE Id = '${id}'`,
  );
  const row = found.records[0];
  if (!row) throw new Error(`sample Contact ${id} is gone (deleted in the org?)`);
  return row;
}

function timestamp(now: Date): string {
  return now.toISOString().replace(/\D/g, '').slice(0, 14);
}

/** Makes the change and returns the lines that say what changed. */
export async function changeSalesforce(
  coordinates: DemoCoordinates,
  request: DemoChangeRequest,
  now = new Date(),
): Promise<string[]> {
  const connection = await connectAsAdmin(coordinates);
  const who = coordinates.salesforce.admin.username;
  if (request.create) {
    const values = {
      FirstName: 'Demo',
      LastName: request.lastName ?? stampedName('Contact', now),
      Email: request.email ?? `demo-${timestamp(now)}@example.test`,
    };
    const result = await connection.sobject('Contact').create(values);
    if (!result.success)
      throw new Error(`Salesforce refused the Contact: ${JSON.stringify(result)}`);
    return [
      `Salesforce: created Contact ${result.id} as ${who}`,
      `  FirstName  ${values.FirstName}`,
      `  LastName   ${values.LastName}`,
      `  Email      ${values.Email}`,
    ];
  }
  const contact = await sampleContact(connection, coordinates);
  const changes: Record<string, { from: string; to: string }> = {};
  if (request.email !== undefined) changes.Email = { from: contact.Email ?? '', to: request.email };
  if (request.lastName !== undefined || request.email === undefined) {
    changes.LastName = {
      from: contact.LastName,
      to: request.lastName ?? stampedName(contact.LastName, now),
    };
  }
  const update = Object.fromEntries(Object.entries(changes).map(([field, c]) => [field, c.to]));
  const result = await connection.sobject('Contact').update({ Id: contact.Id, ...update });
  if (!result.success) throw new Error(`Salesforce refused the update: ${JSON.stringify(result)}`);
  const name = `${contact.FirstName ?? ''} ${contact.LastName}`.trim();
  return [
    `Salesforce: updated Contact ${contact.Id} (${name}) as ${who}`,
    ...Object.entries(changes).map(
      ([field, change]) => `  ${field.padEnd(9)}  ${change.from} → ${change.to}`,
    ),
  ];
}
