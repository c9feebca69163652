/**
 * The package's shipped mappings (Contact ⇄ user, Account ⇄ organization, as in test/vectors/)
 * and the dependencies `applyToWordPress` runs with against a real WordPress.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import {
  mappingsFromMetadata,
  type FieldMappingRecord,
  type ObjectMapping,
  type ObjectMappingRecord,
} from '../../../connector/src/mapping/index.js';
import { SqliteStateStore } from '../../../connector/src/store/index.js';
import type { ApplyDependencies } from '../../../connector/src/salesforce-to-wordpress/apply.js';
import { ReadBatcher } from '../../../connector/src/engine/read-batcher.js';
import { WriteBatcher } from '../../../connector/src/engine/write-batcher.js';
import type { WpapiWordPressClient } from '../../../connector/src/wordpress/index.js';

export function shippedMappings(): ObjectMapping[] {
  const rows = ['contact-user.json', 'account-organization.json'].map(
    (file) =>
      JSON.parse(readFileSync(`test/vectors/${file}`, 'utf8')) as {
        objectMappings: ObjectMappingRecord[];
        fieldMappings: FieldMappingRecord[];
      },
  );
  const loaded = mappingsFromMetadata(
    rows.flatMap((row) => row.objectMappings),
    rows.flatMap((row) => row.fieldMappings),
  );
  expect(loaded.problems).toEqual([]);
  return loaded.mappings;
}

/** Apply dependencies over `client` with the shipped mappings and a fresh in-memory state store. */
export function shippedApplyDependencies(client: WpapiWordPressClient): ApplyDependencies {
  const byName = new Map(shippedMappings().map((mapping) => [mapping.name, mapping]));
  return {
    wordpress: client,
    writer: new WriteBatcher(client),
    reader: new ReadBatcher(client),
    store: new SqliteStateStore({ path: ':memory:' }),
    mapping: (name) => byName.get(name),
  };
}
