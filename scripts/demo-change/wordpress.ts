/**
 * The WordPress side of `demo:change`: the REST API (the connector's own WordPress client) as
 * the demo's editor account, a person other than the connector, where the demo has one.
 */
import { randomBytes } from 'node:crypto';
import { WpapiWordPressClient } from '../../connector/src/wordpress/index.js';
import type { DemoCoordinates } from '../start/demo-file.js';
import { stampedName, type DemoChangeRequest } from './args.js';
import { connectAsAdmin, sampleContact } from './salesforce.js';

const COMPANION_NAMESPACE = 'sfwp/v1';

function clientFor(coordinates: DemoCoordinates): WpapiWordPressClient {
  return new WpapiWordPressClient({
    siteUrl: coordinates.wordpress.url,
    username: coordinates.wordpress.changes.username,
    applicationPassword: coordinates.wordpress.changes.applicationPassword,
  });
}

/** Whether the companion plugin, which records WordPress changes for the connector, is active. */
async function hasChangeFeed(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/wp-json/`, { signal: AbortSignal.timeout(10_000) });
    const index = (await response.json()) as { namespaces?: unknown };
    return Array.isArray(index.namespaces) && index.namespaces.includes(COMPANION_NAMESPACE);
  } catch {
    return false;
  }
}

function asWho(coordinates: DemoCoordinates): string {
  const { changes } = coordinates.wordpress;
  return changes.isConnectorUser ? `${changes.username} (the connector's user)` : changes.username;
}

async function feedNote(coordinates: DemoCoordinates): Promise<string> {
  return (await hasChangeFeed(coordinates.wordpress.url))
    ? 'The companion plugin records it; the connector carries it to Salesforce.'
    : `This WordPress has no sfwp companion plugin (${COMPANION_NAMESPACE} routes), so the ` +
        'connector cannot see WordPress changes yet: the change stays in WordPress.';
}

export async function changeWordPress(
  coordinates: DemoCoordinates,
  request: DemoChangeRequest,
  now = new Date(),
): Promise<string[]> {
  const wordpress = clientFor(coordinates);
  if (request.create) {
    const stamp = now.toISOString().replace(/\D/g, '').slice(0, 14);
    const email = request.email ?? `wp-${stamp}@example.test`;
    const fields = {
      username: email,
      email,
      first_name: 'Demo',
      last_name: request.lastName ?? stampedName('User', now),
      password: randomBytes(18).toString('base64url'),
    };
    const user = await wordpress.create('user', fields);
    return [
      `WordPress: created user ${String(user.id)} as ${asWho(coordinates)}`,
      `  first_name  ${fields.first_name}`,
      `  last_name   ${fields.last_name}`,
      `  email       ${fields.email}`,
      await feedNote(coordinates),
    ];
  }
  const contact = await sampleContact(await connectAsAdmin(coordinates), coordinates);
  const wordpressId = Number(contact.WP_Id__c);
  if (!contact.WP_Id__c || !Number.isInteger(wordpressId)) {
    throw new Error(
      `Contact ${contact.Id} is not linked to a WordPress user yet: wait for the initial sync to finish`,
    );
  }
  const user = await wordpress.get('user', wordpressId);
  const changes: Record<string, { from: string; to: string }> = {};
  if (request.email !== undefined) changes.email = { from: user.email ?? '', to: request.email };
  if (request.lastName !== undefined || request.email === undefined) {
    const current = user.last_name ?? '';
    changes.last_name = { from: current, to: request.lastName ?? stampedName(current, now) };
  }
  await wordpress.update(
    'user',
    wordpressId,
    Object.fromEntries(Object.entries(changes).map(([field, change]) => [field, change.to])),
  );
  const name = `${user.first_name ?? ''} ${user.last_name ?? ''}`.trim();
  return [
    `WordPress: updated user ${String(wordpressId)} (${name}) as ${asWho(coordinates)}`,
    ...Object.entries(changes).map(
      ([field, change]) => `  ${field.padEnd(9)}  ${change.from} → ${change.to}`,
    ),
    await feedNote(coordinates),
  ];
}
