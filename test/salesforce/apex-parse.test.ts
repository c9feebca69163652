import { afterEach, describe, expect, it } from 'vitest';
import { apexParseGate, parseApex } from '../../scripts/salesforce/gates/apex-parse.js';
import { materialize, type MaterializedProject } from './fixtures.js';

describe('apex-parse gate', () => {
  let project: MaterializedProject | undefined;
  afterEach(async () => {
    await project?.remove();
    project = undefined;
  });

  it('passes valid Apex', async () => {
    project = await materialize('minimal');
    const result = await apexParseGate({ projectDir: project.dir });
    expect(result.issues).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.summary).toBe('1 Apex files');
  });

  it('fails on unparseable Apex and names the file and line', async () => {
    project = await materialize('minimal', 'unparseable');
    const result = await apexParseGate({ projectDir: project.dir });
    expect(result.ok).toBe(false);
    expect(result.issues[0]).toMatchObject({
      file: 'force-app/main/default/classes/Broken.cls',
      rule: 'syntax',
    });
    expect(result.issues[0]?.line).toBeGreaterThanOrEqual(9);
  });

  it('parses triggers with the trigger grammar', () => {
    const trigger = 'trigger T on Contact(after insert) { new H().run(); }';
    expect(parseApex(trigger, true)).toEqual([]);
    expect(parseApex(trigger, false)).not.toEqual([]);
  });
});
