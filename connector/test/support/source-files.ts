import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** connector/src, absolute. */
export const SOURCE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

export interface SourceFile {
  /** Path below connector/src with `/` separators, e.g. `mapping/merge.ts`. */
  path: string;
  text: string;
  ast: ts.SourceFile;
}

export interface SourceImport {
  /** The specifier as written: `../store/state-store.js`, `node:fs`, `wpapi`. */
  specifier: string;
  /** Whether it brings in types only (`import type`, or every name marked `type`). */
  typeOnly: boolean;
  /** For a relative specifier, the target's path below connector/src (`store/state-store.js`). */
  target: string | undefined;
  line: number;
}

/** Every TypeScript file below `folder` of connector/src (all of it when absent), parsed. */
export function sourceFiles(folder = ''): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (directory: string): void => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const full = join(directory, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) files.push(parse(full));
    }
  };
  walk(join(SOURCE_ROOT, folder));
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

function parse(file: string): SourceFile {
  const text = readFileSync(file, 'utf8');
  return {
    path: relative(SOURCE_ROOT, file).split(sep).join('/'),
    text,
    ast: ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS),
  };
}

/** Parses TypeScript text as if it were the file at `path` below connector/src (for tests of the checks). */
export function sourceFromText(path: string, text: string): SourceFile {
  return {
    path,
    text,
    ast: ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS),
  };
}

/**
 * Every module a file depends on: import and export-from declarations, `import x = require()`,
 * `require()` and dynamic `import()` calls, and `import('…')` types (type-only).
 */
export function importsOf(file: SourceFile): SourceImport[] {
  const found: SourceImport[] = [];
  const add = (node: ts.Node, specifier: ts.Expression | undefined, typeOnly: boolean): void => {
    if (!specifier || !ts.isStringLiteralLike(specifier)) return;
    const name = specifier.text;
    found.push({
      specifier: name,
      typeOnly,
      target: name.startsWith('.')
        ? relative(SOURCE_ROOT, resolve(SOURCE_ROOT, dirname(file.path), name))
            .split(sep)
            .join('/')
        : undefined,
      line: file.ast.getLineAndCharacterOfPosition(node.getStart(file.ast)).line + 1,
    });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      add(node, node.moduleSpecifier, importIsTypeOnly(node.importClause));
    } else if (ts.isExportDeclaration(node)) {
      add(node, node.moduleSpecifier, exportIsTypeOnly(node));
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference)
    ) {
      add(node, node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isCallExpression(node)) {
      const dynamicImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const requireCall = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      if (dynamicImport || requireCall) add(node, node.arguments[0], false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node, node.argument.literal, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(file.ast);
  return found;
}

function importIsTypeOnly(clause: ts.ImportClause | undefined): boolean {
  // `import './side-effect.js'` runs the module.
  if (!clause) return false;
  if (clause.phaseModifier === ts.SyntaxKind.TypeKeyword) return true;
  if (clause.name) return false;
  const bindings = clause.namedBindings;
  if (!bindings || !ts.isNamedImports(bindings)) return false;
  return bindings.elements.length > 0 && bindings.elements.every((element) => element.isTypeOnly);
}

function exportIsTypeOnly(declaration: ts.ExportDeclaration): boolean {
  if (declaration.isTypeOnly) return true;
  const clause = declaration.exportClause;
  if (!clause || !ts.isNamedExports(clause)) return false;
  return clause.elements.length > 0 && clause.elements.every((element) => element.isTypeOnly);
}

/** The top folder of a path below connector/src (`mapping` for `mapping/merge.ts`). */
export function folderOf(path: string): string {
  return path.includes('/') ? (path.split('/')[0] ?? '') : '';
}

/**
 * The text of every string in a file, with a `+` chain of strings and the literal parts of a
 * template joined into one, so a query built piecewise is still seen whole.
 */
export function stringsOf(file: SourceFile): { text: string; line: number }[] {
  const found: { text: string; line: number }[] = [];
  const literalText = (node: ts.Node): string | undefined => {
    if (ts.isStringLiteralLike(node)) return node.text;
    if (ts.isTemplateExpression(node)) {
      return [node.head.text, ...node.templateSpans.map((span) => ` ${span.literal.text}`)].join(
        '',
      );
    }
    if (ts.isParenthesizedExpression(node)) return literalText(node.expression);
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      const parts = [literalText(node.left), literalText(node.right)];
      return parts.some((part) => part !== undefined) ? parts.join(' ') : undefined;
    }
    return undefined;
  };
  const visit = (node: ts.Node): void => {
    // Module specifiers are not strings the program uses.
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
    const text = literalText(node);
    if (text !== undefined) {
      found.push({
        text,
        line: file.ast.getLineAndCharacterOfPosition(node.getStart(file.ast)).line + 1,
      });
    }
    // Inner strings too (a call's argument inside a `+` chain, a template inside a template);
    // a chain's parts are then seen again alone, which only repeats a finding.
    ts.forEachChild(node, visit);
  };
  visit(file.ast);
  return found;
}
