import { afterEach, describe, expect, it } from 'vitest';
import { schemaGate } from '../../scripts/salesforce/gates/schema.js';
import { checkDocument } from '../../scripts/salesforce/schema/check-document.js';
import { parseMetadataSchema } from '../../scripts/salesforce/schema/metadata-schema.js';
import { parseXmlTree } from '../../scripts/salesforce/schema/xml-tree.js';
import { materialize, REPO_ROOT, type MaterializedProject } from './fixtures.js';

const LAYOUT = 'force-app/main/default/layouts/Contact-Broken Layout.layout-meta.xml';
const TAB = 'force-app/main/default/tabs/Broken__c.tab-meta.xml';
const CLASS_META = 'force-app/main/default/classes/Greeter.cls-meta.xml';

describe('schema gate (@salesforce/types)', () => {
  let project: MaterializedProject | undefined;
  afterEach(async () => {
    await project?.remove();
    project = undefined;
  });

  it('passes the real package', { timeout: 60_000 }, async () => {
    const result = await schemaGate({ projectDir: REPO_ROOT });
    expect(result.issues).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.summary).toMatch(/^\d+ XML files against @salesforce\/types \d+\.\d+\.\d+/);
  });

  it(
    'fails on unknown elements, invalid enum values, bad booleans, repeats and missing required elements',
    { timeout: 60_000 },
    async () => {
      project = await materialize('minimal', 'schema-violation');
      const result = await schemaGate({ projectDir: project.dir });
      expect(result.ok).toBe(false);
      expect(result.issues).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            file: LAYOUT,
            line: 7,
            rule: 'schema-enum',
            message: expect.stringContaining(
              'behavior = "Mandatory" is not a UiBehavior value; allowed: Edit, Required, Readonly',
            ) as string,
          }),
          expect.objectContaining({
            file: LAYOUT,
            line: 11,
            rule: 'schema-element',
            message: expect.stringMatching(/^<colour> is not an element of LayoutItem/) as string,
          }),
          expect.objectContaining({ file: TAB, rule: 'schema-value', line: 3 }),
          expect.objectContaining({ file: TAB, rule: 'schema-repeated' }),
          expect.objectContaining({
            file: CLASS_META,
            rule: 'schema-required',
            message: 'ApexClass lacks its required element <status>',
          }),
        ]),
      );
      expect(result.issues).toHaveLength(5);
    },
  );
});

describe('metadata schema from TypeScript declarations', () => {
  const schema = parseMetadataSchema(`
    export type Metadata = { fullName?: string; };
    export type Colour = 'Red' | 'Green';
    export type Shade = Colour;
    export type Swatch = Metadata & { colour: Colour; shades: Shade[]; size?: number; note?: string; };
    export type Palette = Metadata & { swatches: Swatch[]; active: boolean; };
  `);

  it('merges inherited elements and follows an alias to the enum it names', () => {
    const swatch = schema.types.get('Swatch');
    expect([...(swatch?.elements.keys() ?? [])]).toEqual([
      'fullName',
      'colour',
      'shades',
      'size',
      'note',
    ]);
    expect(swatch?.elements.get('shades')).toMatchObject({
      kind: 'enum',
      typeName: 'Colour',
      list: true,
    });
    expect(schema.enums.get('Colour')).toEqual(new Set(['Red', 'Green']));
  });

  it('checks nested lists, enum aliases, numbers and required elements', () => {
    const root = parseXmlTree(`<?xml version="1.0" encoding="UTF-8"?>
<Palette xmlns="http://soap.sforce.com/2006/04/metadata">
    <swatches>
        <colour>Red</colour>
        <shades>Blue</shades>
        <size>big</size>
    </swatches>
</Palette>`);
    expect(checkDocument(schema, 'p.xml', root)).toEqual([
      {
        file: 'p.xml',
        line: 5,
        rule: 'schema-enum',
        message: 'Palette.swatches.shades = "Blue" is not a Colour value; allowed: Red, Green',
      },
      {
        file: 'p.xml',
        line: 6,
        rule: 'schema-value',
        message: 'Palette.swatches.size = "big" is not a number',
      },
      {
        file: 'p.xml',
        line: 2,
        rule: 'schema-required',
        message: 'Palette lacks its required element <active>',
      },
    ]);
  });

  it('refuses a root that is no metadata type and a missing namespace', () => {
    expect(checkDocument(schema, 'x.xml', parseXmlTree('<Nope/>'))).toEqual([
      { file: 'x.xml', line: 1, rule: 'schema-type', message: '<Nope> is not a Metadata API type' },
    ]);
    expect(
      checkDocument(schema, 'y.xml', parseXmlTree('<Palette><active>true</active></Palette>')),
    ).toEqual([
      {
        file: 'y.xml',
        line: 1,
        rule: 'schema-namespace',
        message: '<Palette> must declare xmlns="http://soap.sforce.com/2006/04/metadata"',
      },
    ]);
  });
});
