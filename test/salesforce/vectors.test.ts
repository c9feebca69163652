import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { schemaLookup, vectorsGate } from '../../scripts/salesforce/gates/vectors.js';
import { loadProject } from '../../scripts/salesforce/metadata/project-model.js';
import {
  compareCodeUnits,
  expectedEvents,
  loadVectorFiles,
  toId18,
  VECTORS_DIR,
  type VectorFile,
} from '../vectors/vectors.js';
import { REPO_ROOT } from './fixtures.js';

describe('shared rules vectors', () => {
  let scratch: string | undefined;
  afterEach(async () => {
    if (scratch !== undefined) await rm(scratch, { recursive: true, force: true });
    scratch = undefined;
  });

  const copyVectors = async (): Promise<string> => {
    scratch = await mkdtemp(path.join(tmpdir(), 'sfwp-vectors-'));
    await cp(VECTORS_DIR, scratch, {
      recursive: true,
      filter: (source) => !source.endsWith('.ts'),
    });
    return scratch;
  };

  it('pass the gate: valid, agreeing with the reference rules, bundled up to date', async () => {
    const result = await vectorsGate({ projectDir: REPO_ROOT });
    expect(result.issues).toEqual([]);
    expect(result.summary).toMatch(/^3 files, \d+ cases$/);
  });

  it('fail the gate when an expected event disagrees with the rules', async () => {
    const dir = await copyVectors();
    const file = path.join(dir, 'contact-user.json');
    const vector = JSON.parse(await readFile(file, 'utf8')) as VectorFile;
    const firstExpected = vector.cases[0]?.expected[0];
    if (firstExpected === undefined)
      throw new Error('contact-user.json lost its first expected event');
    firstExpected.Changed_Fields__c = 'Email';
    await writeFile(file, JSON.stringify(vector, null, 2));
    const result = await vectorsGate({ projectDir: REPO_ROOT, vectorsDir: dir });
    expect(result.ok).toBe(false);
    expect(result.issues.map((issue) => issue.rule)).toEqual(['vector-expected', 'vector-bundle']);
  });

  it('fail to load a file that does not match the format', async () => {
    const dir = await copyVectors();
    await writeFile(path.join(dir, 'broken.json'), JSON.stringify({ description: 'x', cases: [] }));
    await expect(loadVectorFiles(dir)).rejects.toThrow(/^broken\.json: /);
  });

  it('cover every operation, the integration user and more than one mapping per object', async () => {
    const cases = (await loadVectorFiles()).flatMap(({ vector }) => vector.cases);
    expect(new Set(cases.map((testCase) => testCase.operation))).toEqual(
      new Set(['CREATE', 'UPDATE', 'DELETE', 'UNDELETE']),
    );
    expect(
      cases.some((testCase) =>
        testCase.runningUser.customPermissions.includes('WP_Sync_Integration'),
      ),
    ).toBe(true);
    expect(cases.some((testCase) => testCase.expected.length > 1)).toBe(true);
    expect(cases.filter((testCase) => testCase.expected.length === 0).length).toBeGreaterThan(5);
  });

  it('reference rules publish nothing for an object without a mapping', async () => {
    const schema = schemaLookup(await loadProject(REPO_ROOT));
    const [contactFile] = await loadVectorFiles();
    if (contactFile === undefined) throw new Error('no vector files');
    const firstCase = contactFile.vector.cases[0];
    if (firstCase === undefined) throw new Error('no cases');
    expect(
      expectedEvents(contactFile.vector, { ...firstCase, object: 'No_Such_Object__c' }, schema),
    ).toEqual([]);
  });

  it('compute 18-character ids and Apex sort order', () => {
    expect(toId18('003000000000001')).toBe('003000000000001AAA');
    expect(toId18('00Q000000000001')).toBe('00Q000000000001EAA');
    expect(() => toId18('short')).toThrow(/not a 15-character id/);
    expect(['b', 'B', 'a', 'A'].sort(compareCodeUnits)).toEqual(['A', 'B', 'a', 'b']);
  });
});
