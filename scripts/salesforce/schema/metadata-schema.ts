import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import ts from 'typescript';

/**
 * The Metadata API schema as Salesforce publishes it in `@salesforce/types` (types generated from the Metadata
 * API WSDL): every complex type with its elements, every enumeration with its values. Read from the package's
 * `lib/metadata.d.ts` with the TypeScript compiler API (a syntax walk; the file holds only type aliases).
 */
export interface MetadataSchema {
  /** Enumerations (string-literal unions) by type name. */
  enums: Map<string, Set<string>>;
  /** Complex types by name, their inherited elements already merged in. */
  types: Map<string, ComplexType>;
}

export interface ComplexType {
  name: string;
  elements: Map<string, ElementDefinition>;
}

export type ValueKind = 'string' | 'number' | 'boolean' | 'any' | 'enum' | 'complex';

export interface ElementDefinition {
  name: string;
  kind: ValueKind;
  /** Enum or complex type name, for kinds `enum` and `complex`. */
  typeName?: string;
  /** `?:` in the types (minOccurs 0). */
  optional: boolean;
  /** `X[]` in the types (maxOccurs unbounded; such a list may be empty, so it is never required). */
  list: boolean;
}

const requireFromHere = createRequire(import.meta.url);

/** Absolute path of `@salesforce/types`' metadata declarations. */
export function metadataDeclarationsPath(): string {
  return requireFromHere.resolve('@salesforce/types/metadata').replace(/\.js$/, '.d.ts');
}

/** Version of the installed `@salesforce/types` (its package.json is not exported, so read it beside lib/). */
export async function salesforceTypesVersion(): Promise<string> {
  const manifestPath = path.join(path.dirname(metadataDeclarationsPath()), '..', 'package.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { version: string };
  return manifest.version;
}

interface RawElement {
  name: string;
  typeNode: ts.TypeNode;
  optional: boolean;
}

interface RawAlias {
  bases: string[];
  elements: RawElement[];
  /** `type X = string;` and other aliases of a primitive. */
  primitive?: ValueKind;
  enumValues?: string[];
}

function primitiveKind(node: ts.TypeNode): ValueKind | undefined {
  switch (node.kind) {
    case ts.SyntaxKind.StringKeyword:
      return 'string';
    case ts.SyntaxKind.NumberKeyword:
      return 'number';
    case ts.SyntaxKind.BooleanKeyword:
      return 'boolean';
    case ts.SyntaxKind.AnyKeyword:
    case ts.SyntaxKind.UnknownKeyword:
      return 'any';
    default:
      return undefined;
  }
}

function literalUnion(node: ts.TypeNode): string[] | undefined {
  const members = ts.isUnionTypeNode(node) ? node.types : [node];
  const values: string[] = [];
  for (const member of members) {
    if (!ts.isLiteralTypeNode(member) || !ts.isStringLiteral(member.literal)) return undefined;
    values.push(member.literal.text);
  }
  return values;
}

function typeLiteralElements(node: ts.TypeLiteralNode, source: ts.SourceFile): RawElement[] {
  return node.members.flatMap((member) => {
    if (!ts.isPropertySignature(member) || member.type === undefined) return [];
    return [
      {
        name: member.name.getText(source),
        typeNode: member.type,
        optional: member.questionToken !== undefined,
      },
    ];
  });
}

function readAlias(node: ts.TypeNode, source: ts.SourceFile): RawAlias {
  const enumValues = literalUnion(node);
  if (enumValues !== undefined) return { bases: [], elements: [], enumValues };
  const primitive = primitiveKind(node);
  if (primitive !== undefined) return { bases: [], elements: [], primitive };
  const parts = ts.isIntersectionTypeNode(node) ? node.types : [node];
  const alias: RawAlias = { bases: [], elements: [] };
  for (const part of parts) {
    if (ts.isTypeReferenceNode(part)) alias.bases.push(part.typeName.getText(source));
    else if (ts.isTypeLiteralNode(part)) alias.elements.push(...typeLiteralElements(part, source));
    else throw new Error(`unsupported type form in metadata.d.ts: ${part.getText(source)}`);
  }
  return alias;
}

/** Parses the declarations text into a schema. */
export function parseMetadataSchema(declarations: string): MetadataSchema {
  const source = ts.createSourceFile('metadata.d.ts', declarations, ts.ScriptTarget.Latest, true);
  const aliases = new Map<string, RawAlias>();
  for (const statement of source.statements) {
    if (ts.isTypeAliasDeclaration(statement)) {
      aliases.set(statement.name.text, readAlias(statement.type, source));
    }
  }

  const enums = new Map<string, Set<string>>();
  for (const [name, alias] of aliases) {
    if (alias.enumValues !== undefined) enums.set(name, new Set(alias.enumValues));
  }

  /** Follows `type A = B;` chains to what a reference finally names. */
  const resolveReference = (
    name: string,
    seen = new Set<string>(),
  ): Omit<ElementDefinition, 'name' | 'optional' | 'list'> => {
    const alias = aliases.get(name);
    if (alias === undefined || seen.has(name)) return { kind: 'any' };
    if (alias.enumValues !== undefined) return { kind: 'enum', typeName: name };
    if (alias.primitive !== undefined) return { kind: alias.primitive };
    const [onlyBase] = alias.bases;
    if (alias.elements.length === 0 && alias.bases.length === 1 && onlyBase !== undefined) {
      return resolveReference(onlyBase, new Set([...seen, name]));
    }
    return { kind: 'complex', typeName: name };
  };

  const elementOf = (raw: RawElement): ElementDefinition => {
    let node = raw.typeNode;
    let list = false;
    if (ts.isArrayTypeNode(node)) {
      list = true;
      node = node.elementType;
    }
    const base = { name: raw.name, optional: raw.optional, list };
    const primitive = primitiveKind(node);
    if (primitive !== undefined) return { ...base, kind: primitive };
    if (ts.isTypeReferenceNode(node))
      return { ...base, ...resolveReference(node.typeName.getText(source)) };
    // Inline literal unions and anonymous shapes do not occur in the generated file; accept anything there.
    return { ...base, kind: 'any' };
  };

  const types = new Map<string, ComplexType>();
  const build = (name: string, seen = new Set<string>()): ComplexType => {
    const existing = types.get(name);
    if (existing !== undefined) return existing;
    const alias = aliases.get(name);
    const elements = new Map<string, ElementDefinition>();
    if (alias !== undefined && !seen.has(name)) {
      for (const base of alias.bases) {
        for (const [key, element] of build(base, new Set([...seen, name])).elements)
          elements.set(key, element);
      }
      for (const raw of alias.elements) elements.set(raw.name, elementOf(raw));
    }
    const complex = { name, elements };
    types.set(name, complex);
    return complex;
  };
  for (const [name, alias] of aliases) {
    if (alias.enumValues === undefined && alias.primitive === undefined) build(name);
  }
  return { enums, types };
}

let cached: Promise<MetadataSchema> | undefined;

/** The schema of the installed `@salesforce/types` (parsed once per process). */
export function loadMetadataSchema(): Promise<MetadataSchema> {
  cached ??= readFile(metadataDeclarationsPath(), 'utf8').then(parseMetadataSchema);
  return cached;
}
