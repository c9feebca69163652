import { readFile } from 'node:fs/promises';
import { packageFiles, relativeTo } from '../project.js';
import { checkDocument } from '../schema/check-document.js';
import { loadMetadataSchema, salesforceTypesVersion } from '../schema/metadata-schema.js';
import { parseXmlTree } from '../schema/xml-tree.js';
import { xmlError } from '../metadata/xml.js';
import { timed, type GateContext, type GateIssue, type GateResult } from '../types.js';

/** Metadata XML: every `.xml` file, except the contents of static resources (arbitrary files). */
function isMetadataXml(file: string): boolean {
  if (!file.endsWith('.xml')) return false;
  const inStaticResource = /\/staticresources\/[^/]+\//.test(file.split('\\').join('/'));
  return !inStaticResource || file.endsWith('-meta.xml');
}

/**
 * Gate: every element name and value of every metadata XML file fits the Metadata API schema Salesforce
 * publishes as `@salesforce/types` (generated from the Metadata API WSDL): the root is a metadata type, every
 * child is an element of its parent's type, enumeration values are allowed values, booleans and numbers
 * parse, single elements do not repeat and required (non-list) elements are present.
 */
export function schemaGate({ projectDir }: GateContext): Promise<GateResult> {
  return timed('schema', async () => {
    const [schema, version, files] = await Promise.all([
      loadMetadataSchema(),
      salesforceTypesVersion(),
      packageFiles(projectDir),
    ]);
    const rel = relativeTo(projectDir);
    const xmlFiles = files.filter(isMetadataXml);
    const issues: GateIssue[] = [];
    for (const file of xmlFiles) {
      const text = await readFile(file, 'utf8');
      const malformed = xmlError(text);
      if (malformed !== undefined) {
        issues.push({
          file: rel(file),
          line: malformed.line,
          rule: 'schema-xml',
          message: malformed.message,
        });
        continue;
      }
      issues.push(...checkDocument(schema, rel(file), parseXmlTree(text)));
    }
    return {
      issues,
      summary: `${xmlFiles.length} XML files against @salesforce/types ${version} (${schema.types.size} types, ${schema.enums.size} enums)`,
    };
  });
}
