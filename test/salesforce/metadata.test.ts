import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { metadataGate } from '../../scripts/salesforce/gates/metadata.js';
import { wordPressFieldKind } from '../../scripts/salesforce/metadata/mapping-checks.js';
import { materialize, REPO_ROOT, type MaterializedProject } from './fixtures.js';

describe('metadata gate', () => {
  let project: MaterializedProject | undefined;
  afterEach(async () => {
    await project?.remove();
    project = undefined;
  });

  const rulesOf = async (
    ...overlays: string[]
  ): Promise<{ rule?: string; file?: string; message: string }[]> => {
    project = await materialize('package', ...overlays);
    const result = await metadataGate({ projectDir: project.dir });
    expect(result.ok).toBe(false);
    return result.issues;
  };

  it('passes the real package', async () => {
    const result = await metadataGate({ projectDir: REPO_ROOT });
    expect(result.issues).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('fails on XML that does not parse', async () => {
    expect(await rulesOf('bad-xml')).toContainEqual(
      expect.objectContaining({
        rule: 'xml-parse',
        file: 'force-app/main/default/objects/WP_Sync_Log__c/fields/Broken__c.field-meta.xml',
      }),
    );
  });

  it('fails on a root element that does not fit the file suffix', async () => {
    expect(await rulesOf('wrong-root')).toContainEqual(
      expect.objectContaining({
        rule: 'xml-root',
        message: 'root element must be <CustomField>, is <CustomObject>',
      }),
    );
  });

  it('fails on a custom metadata record naming a field its type does not have', async () => {
    expect(await rulesOf('cmdt-missing-field')).toContainEqual(
      expect.objectContaining({
        rule: 'cmdt-field',
        message: 'field Colour__c does not exist on WP_Object_Mapping__mdt',
      }),
    );
  });

  it('fails on a field mapping naming a Salesforce field that does not exist', async () => {
    expect(await rulesOf('mapping-missing-field')).toContainEqual(
      expect.objectContaining({
        rule: 'mapping-field',
        message: 'Contact_User_Nickname: Salesforce field Contact.Nickname__c does not exist',
      }),
    );
  });

  it('fails on a field mapping whose types are incompatible', async () => {
    expect(await rulesOf('mapping-incompatible-type')).toContainEqual(
      expect.objectContaining({
        rule: 'mapping-type',
        message:
          'Contact_User_Birthdate: Contact.Birthdate (Date) is incompatible with WordPress email (email)',
      }),
    );
  });

  it('fails on a class without its -meta.xml', async () => {
    project = await materialize('package');
    await rm(path.join(project.dir, 'force-app/main/default/classes/WPSyncChange.cls-meta.xml'));
    const result = await metadataGate({ projectDir: project.dir });
    expect(result.issues).toEqual([
      {
        file: 'force-app/main/default/classes/WPSyncChange.cls',
        rule: 'apex-meta',
        message: 'missing WPSyncChange.cls-meta.xml',
      },
    ]);
  });

  it('fails on SOQL naming a custom field the object does not have', async () => {
    expect(await rulesOf('soql-missing-field')).toEqual([
      {
        file: 'force-app/main/default/classes/SoqlProbe.cls',
        line: 10,
        rule: 'soql-field',
        message: 'SOQL names WP_Sync_Log__c.Retry_Count__c, which does not exist',
      },
    ]);
  });

  it('fails on a permission set naming a missing custom permission or field', async () => {
    const issues = await rulesOf('permset-missing-field');
    expect(issues.map((issue) => issue.message)).toEqual([
      'custom permission WP_Sync_Superuser does not exist',
      'field Contact.WP_Nickname__c does not exist',
    ]);
  });

  it('fails on an outbound mapping of an object without the sync trigger', async () => {
    project = await materialize('package');
    await rm(
      path.join(project.dir, 'force-app/main/default/triggers/WPSyncAccountTrigger.trigger'),
    );
    await rm(
      path.join(
        project.dir,
        'force-app/main/default/triggers/WPSyncAccountTrigger.trigger-meta.xml',
      ),
    );
    const result = await metadataGate({ projectDir: project.dir });
    expect(result.issues).toEqual([
      {
        file: 'force-app/main/default/customMetadata/WP_Object_Mapping.Account_Organization.md-meta.xml',
        rule: 'mapping-trigger',
        message:
          'Account_Organization: no trigger on Account calls WPSyncTriggerHandler, so changes never publish',
      },
    ]);
  });

  /** The package with one file's text changed by `edit`; the gate's issues. */
  const issuesAfterEditing = async (file: string, edit: (text: string) => string) => {
    project = await materialize('package');
    const target = path.join(project.dir, 'force-app/main/default', file);
    await writeFile(target, edit(await readFile(target, 'utf8')));
    const result = await metadataGate({ projectDir: project.dir });
    expect(result.ok).toBe(false);
    return result.issues;
  };
  const OAUTH_SETTINGS = 'extlClntAppOauthSettings/sfwp_connector_oauth.ecaOauth-meta.xml';
  const OAUTH_POLICIES = 'extlClntAppOauthPolicies/sfwp_connector_oauthPlcy.ecaOauthPlcy-meta.xml';

  it('fails on an External Client App part holding a secret or one org’s user', async () => {
    const withSecret = await issuesAfterEditing(OAUTH_SETTINGS, (xml) =>
      xml.replace('<label>', '<consumerSecret>s3cr3t</consumerSecret>\n    <label>'),
    );
    expect(
      withSecret.filter(
        (issue) => issue.rule === 'eca-org-specific' && issue.message.includes('<consumerSecret>'),
      ),
    ).toHaveLength(1);
    const withUser = await issuesAfterEditing(OAUTH_POLICIES, (xml) =>
      xml.replace(
        '<label>',
        '<clientCredentialsFlowUser>integration@example.com</clientCredentialsFlowUser>\n    <label>',
      ),
    );
    expect(withUser.map((issue) => issue.rule)).toEqual(['eca-org-specific']);
  });

  it('fails on an unknown OAuth scope and on a part naming another app', async () => {
    const issues = await issuesAfterEditing(OAUTH_SETTINGS, (xml) =>
      xml.replace('>Api<', '>Api,ApiAccess<').replace('>sfwp_connector<', '>someone_elses_app<'),
    );
    expect(issues.map((issue) => issue.rule).sort()).toEqual(['eca-reference', 'eca-scope']);
  });

  it('fails on pre-authorisation through a permission set the package lacks, or through nothing', async () => {
    const missing = await issuesAfterEditing(OAUTH_POLICIES, (xml) =>
      xml.replace('>WP_Sync_Integration_User<', '>WP_Sync_Robot<'),
    );
    expect(missing).toEqual([
      expect.objectContaining({
        rule: 'eca-preauthorization',
        message: 'permission set WP_Sync_Robot is not in the package',
      }),
    ]);
    const nobody = await issuesAfterEditing(OAUTH_POLICIES, (xml) =>
      xml.replace(/\s*<commaSeparatedPermissionSet>[^<]*<\/commaSeparatedPermissionSet>/, ''),
    );
    expect(nobody.map((issue) => issue.rule)).toEqual(['eca-preauthorization']);
  });

  it('fails when the Apex package version is not the version of package.json', async () => {
    const issues = await issuesAfterEditing('classes/WPSyncVersion.cls', (apex) =>
      apex.replace(/CURRENT = '[^']+'/, "CURRENT = '9.9.9'"),
    );
    expect(issues).toContainEqual(expect.objectContaining({ rule: 'package-version' }));
  });

  it('classifies WordPress fields by type', () => {
    expect(wordPressFieldKind('user', 'email')).toBe('email');
    expect(wordPressFieldKind('organization', 'title')).toBe('text');
    expect(wordPressFieldKind('post', 'meta.billing_city')).toBe('meta');
    expect(wordPressFieldKind('user', 'title')).toBeUndefined();
    expect(wordPressFieldKind('post', 'meta.')).toBeUndefined();
  });
});
