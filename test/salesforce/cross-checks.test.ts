import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  parseSoql,
  scanConnectorSources,
} from '../../scripts/salesforce/crosscheck/connector-source.js';
import { checkOffsetPaging } from '../../scripts/salesforce/crosscheck/offset-paging.js';
import { crossChecksGate } from '../../scripts/salesforce/gates/cross-checks.js';
import type { GateIssue } from '../../scripts/salesforce/types.js';
import { materialize, REPO_ROOT, type MaterializedProject } from './fixtures.js';

const FIELD_LAYOUT =
  'force-app/main/default/layouts/WP_Field_Mapping__mdt-WordPress Field Mapping Layout.layout-meta.xml';
const INTEGRATION_SET =
  'force-app/main/default/permissionsets/WP_Sync_Integration_User.permissionset-meta.xml';
const USER_MODE_TESTS = 'force-app/tests/classes/BrokenUserMode_Tests.cls';
const PAGING = 'force-app/main/default/classes/BrokenPaging.cls';

/** Rewrites one file of a materialised project. */
async function edit(dir: string, file: string, change: (text: string) => string): Promise<void> {
  const target = path.join(dir, file);
  const before = await readFile(target, 'utf8');
  const after = change(before);
  expect(after, `${file} should change`).not.toBe(before);
  await writeFile(target, after);
}

/** Removes the `<tag>…</tag>` block that contains `inner`. */
const withoutBlock = (tag: string, inner: string) => (text: string) =>
  text.replace(
    new RegExp(
      `\\s*<${tag}>(?:(?!</${tag}>)[\\s\\S])*?${inner}(?:(?!</${tag}>)[\\s\\S])*?</${tag}>`,
    ),
    '',
  );

const messages = (issues: GateIssue[], rule: string): string[] =>
  issues.filter((issue) => issue.rule === rule).map((issue) => issue.message);

describe('cross-checks gate', () => {
  let project: MaterializedProject | undefined;
  afterEach(async () => {
    await project?.remove();
    project = undefined;
  });

  it('passes the real package', { timeout: 60_000 }, async () => {
    const result = await crossChecksGate({ projectDir: REPO_ROOT });
    expect(result.issues).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it(
    'fails on layout items whose behaviour contradicts the field',
    { timeout: 60_000 },
    async () => {
      project = await materialize('package');
      await edit(project.dir, FIELD_LAYOUT, (text) =>
        text
          .replace(
            /<behavior>\w+<\/behavior>(\s*<field>Transform__c<\/field>)/,
            '<behavior>Edit</behavior>$1',
          )
          .replace(
            /<behavior>\w+<\/behavior>(\s*<field>CreatedById<\/field>)/,
            '<behavior>Edit</behavior>$1',
          ),
      );
      const result = await crossChecksGate({ projectDir: project.dir });
      expect(messages(result.issues, 'layout-behaviour')).toEqual([
        'WP_Field_Mapping__mdt.Transform__c has behaviour Edit; the field is required, so the layout item must be Required',
        'WP_Field_Mapping__mdt.CreatedById has behaviour Edit; nobody can edit the field, so the layout item must be Readonly',
      ]);
    },
  );

  it(
    'fails when the integration user lacks what the connector queries, writes or publishes',
    { timeout: 60_000 },
    async () => {
      project = await materialize('package');
      await cp(path.join(REPO_ROOT, 'connector/src'), path.join(project.dir, 'connector/src'), {
        recursive: true,
      });
      await edit(project.dir, INTEGRATION_SET, (text) =>
        [
          withoutBlock('customMetadataTypeAccesses', '<name>WP_Field_Mapping__mdt</name>'),
          withoutBlock('fieldPermissions', '<field>Contact.Email</field>'),
          withoutBlock('objectPermissions', '<object>WP_Sync_Result__e</object>'),
        ].reduce((current, change) => change(current), text),
      );
      const result = await crossChecksGate({ projectDir: project.dir });
      const found = messages(result.issues, 'integration-grant');
      expect(found).toEqual(
        expect.arrayContaining([
          'WP_Sync_Integration_User lacks customMetadataTypeAccesses WP_Field_Mapping__mdt, needed because connector/src/salesforce/mapping-loader.ts queries WP_Field_Mapping__mdt',
          'WP_Sync_Integration_User lacks objectPermissions WP_Sync_Result__e allowCreate, needed because connector/src/salesforce/result-publisher.ts publishes to /event/WP_Sync_Result__e',
          'WP_Sync_Integration_User lacks fieldPermissions Contact.Email readable, needed because mapping Contact_User (Bidirectional) matches records by it',
          'WP_Sync_Integration_User lacks fieldPermissions Contact.Email editable, needed because field mapping Contact_User_Email (Bidirectional) writes it',
        ]),
      );
      expect(found).toHaveLength(4);
    },
  );

  it(
    'fails on tests that reach USER_MODE code without a user holding the permission set, and on OFFSET paging',
    { timeout: 60_000 },
    async () => {
      project = await materialize('package', 'cross-check-violation');
      const result = await crossChecksGate({ projectDir: project.dir });
      const where = (rule: string): string[] =>
        result.issues
          .filter((issue) => issue.rule === rule)
          .map((issue) => `${issue.file}:${issue.line}`);
      // Line 6 runs outside System.runAs, line 13 as a plain user in a Positive test; the Negative test (21) and
      // the sync admin (29) are fine.
      expect(where('user-mode-test')).toEqual([`${USER_MODE_TESTS}:6`, `${USER_MODE_TESTS}:13`]);
      expect(messages(result.issues, 'user-mode-test')[1]).toContain(
        'holds no package permission set',
      );
      // The static (6) and dynamic (11) OFFSET on the log fail; custom metadata (17) and prose (22) do not.
      expect(where('offset-paging')).toEqual([`${PAGING}:6`, `${PAGING}:11`]);
      expect(result.issues).toHaveLength(4);
    },
  );
});

describe('reading the connector source', () => {
  it('finds constant SOQL and whether an event channel is published or subscribed', () => {
    const scanned = scanConnectorSources([
      {
        file: 'connector/src/salesforce/a.ts',
        source:
          "export const OUT = '/event/Out__e';\nconst Q = 'SELECT Name, Parent__r.Name ' + 'FROM Thing__c';\n" +
          'export async function go(client) { await client.publish(OUT, {}); }',
      },
      {
        file: 'connector/src/service/b.ts',
        source:
          "export const IN = '/event/In__e';\nsubscribe({ topic: IN });\nclient.publish('/event/Out__e', x);",
      },
    ]);
    expect(scanned.queries).toEqual([
      {
        object: 'Thing__c',
        fields: ['Name', 'Parent__r.Name'],
        file: 'connector/src/salesforce/a.ts',
      },
    ]);
    expect(scanned.topics).toEqual([
      {
        event: 'Out__e',
        published: true,
        subscribed: false,
        file: 'connector/src/salesforce/a.ts',
      },
      { event: 'In__e', published: false, subscribed: true, file: 'connector/src/service/b.ts' },
    ]);
  });

  it('parses a select list and leaves non-SOQL alone', () => {
    expect(parseSoql('SELECT Id,  Email FROM Contact WHERE Id = :x')).toEqual({
      object: 'Contact',
      fields: ['Id', 'Email'],
    });
    expect(parseSoql('Selected items from the list')).toBeUndefined();
  });

  it('flags OFFSET in the connector source too', () => {
    const source = 'const soql = `SELECT Id FROM Contact ORDER BY Id LIMIT 200 OFFSET ${start}`;';
    expect(checkOffsetPaging([{ file: 'x.ts', source }]).map((issue) => issue.line)).toEqual([1]);
  });
});
