import type { GateIssue } from '../types.js';
import type { ComplexType, ElementDefinition, MetadataSchema } from './metadata-schema.js';
import type { XmlElement } from './xml-tree.js';

export const METADATA_NAMESPACE = 'http://soap.sforce.com/2006/04/metadata';

const BOOLEAN = /^(true|false)$/;
const NUMBER = /^-?\d+(\.\d+)?$/;
const MAX_LISTED_VALUES = 12;

function listed(values: Iterable<string>): string {
  const all = [...values];
  const shown = all.slice(0, MAX_LISTED_VALUES).join(', ');
  return all.length > MAX_LISTED_VALUES ? `${shown}, … (${all.length} in all)` : shown;
}

/** `xsi:type="Foo"` (any prefix) names a subtype in polymorphic elements. */
function xsiType(element: XmlElement): string | undefined {
  const entry = Object.entries(element.attributes).find(([key]) => /(^|:)type$/.test(key));
  return entry?.[1].replace(/^[^:]*:/, '');
}

class DocumentChecker {
  readonly issues: GateIssue[] = [];

  constructor(
    private readonly schema: MetadataSchema,
    private readonly file: string,
  ) {}

  private fail(element: XmlElement, rule: string, message: string): void {
    this.issues.push({ file: this.file, line: element.line, rule, message });
  }

  checkRoot(root: XmlElement): void {
    const type = this.schema.types.get(root.name);
    if (type === undefined) {
      this.fail(root, 'schema-type', `<${root.name}> is not a Metadata API type`);
      return;
    }
    if (root.attributes.xmlns !== METADATA_NAMESPACE) {
      this.fail(
        root,
        'schema-namespace',
        `<${root.name}> must declare xmlns="${METADATA_NAMESPACE}"`,
      );
    }
    this.checkComplex(root, type, root.name);
  }

  private checkComplex(element: XmlElement, type: ComplexType, where: string): void {
    const counts = new Map<string, number>();
    for (const child of element.children) {
      const definition = type.elements.get(child.name);
      if (definition === undefined) {
        this.fail(
          child,
          'schema-element',
          `<${child.name}> is not an element of ${type.name} (in ${where}); known: ${listed(type.elements.keys())}`,
        );
        continue;
      }
      counts.set(child.name, (counts.get(child.name) ?? 0) + 1);
      this.checkValue(child, definition, `${where}.${child.name}`);
    }
    for (const [name, count] of counts) {
      if (count > 1 && type.elements.get(name)?.list === false) {
        this.fail(
          element,
          'schema-repeated',
          `${where}.${name} is a single element but appears ${count} times`,
        );
      }
    }
    for (const definition of type.elements.values()) {
      if (!definition.optional && !definition.list && !counts.has(definition.name)) {
        this.fail(
          element,
          'schema-required',
          `${where} lacks its required element <${definition.name}>`,
        );
      }
    }
  }

  private checkValue(element: XmlElement, definition: ElementDefinition, where: string): void {
    const { kind, typeName } = definition;
    if (
      Object.entries(element.attributes).some(
        ([key, value]) => /(^|:)nil$/.test(key) && value === 'true',
      )
    ) {
      return;
    }
    if (kind === 'complex' && typeName !== undefined) {
      const subtype = xsiType(element);
      const type = this.schema.types.get(subtype ?? typeName) ?? this.schema.types.get(typeName);
      if (type === undefined) return;
      if (element.children.length === 0 && element.text !== '') {
        this.fail(
          element,
          'schema-value',
          `${where} is a ${type.name} and needs child elements, not text`,
        );
        return;
      }
      this.checkComplex(element, type, where);
      return;
    }
    // A string element may carry embedded XML (LightningComponentBundle.targetConfigs); anything goes there.
    if (kind === 'any' || kind === 'string') return;
    if (element.children.length > 0) {
      this.fail(
        element,
        'schema-value',
        `${where} holds a ${typeName ?? kind} value, not child elements`,
      );
      return;
    }
    const value = element.text;
    if (kind === 'enum' && typeName !== undefined) {
      const allowed = this.schema.enums.get(typeName);
      if (allowed !== undefined && !allowed.has(value)) {
        this.fail(
          element,
          'schema-enum',
          `${where} = "${value}" is not a ${typeName} value; allowed: ${listed(allowed)}`,
        );
      }
    } else if (kind === 'boolean' && !BOOLEAN.test(value)) {
      this.fail(element, 'schema-value', `${where} = "${value}" is not a boolean (true or false)`);
    } else if (kind === 'number' && !NUMBER.test(value)) {
      this.fail(element, 'schema-value', `${where} = "${value}" is not a number`);
    }
  }
}

/** Checks one metadata XML document against the Metadata API schema. */
export function checkDocument(schema: MetadataSchema, file: string, root: XmlElement): GateIssue[] {
  const checker = new DocumentChecker(schema, file);
  checker.checkRoot(root);
  return checker.issues;
}
