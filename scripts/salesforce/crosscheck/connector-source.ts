import ts from 'typescript';

/** A SOQL query the connector sends as a constant string. */
export interface SoqlQuery {
  object: string;
  fields: string[];
  file: string;
}

/** A platform event channel the connector names (`/event/X__e`) and whether it publishes to it. */
export interface EventTopic {
  event: string;
  published: boolean;
  subscribed: boolean;
  file: string;
}

/** The value of a string literal, or of `+` concatenations of string literals; undefined otherwise. */
function constantString(node: ts.Expression): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isParenthesizedExpression(node)) return constantString(node.expression);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = constantString(node.left);
    const right = constantString(node.right);
    return left === undefined || right === undefined ? undefined : left + right;
  }
  return undefined;
}

/** `SELECT a, b.c FROM X …` → object and selected fields (nested sub-queries are not used by the connector). */
export function parseSoql(soql: string): { object: string; fields: string[] } | undefined {
  const match = /^\s*SELECT\s+([\s\S]+?)\s+FROM\s+(\w+)/i.exec(soql);
  if (match === null) return undefined;
  const [, selectList = '', object = ''] = match;
  return {
    object,
    fields: selectList
      .split(',')
      .map((field) => field.trim())
      .filter(Boolean),
  };
}

const TOPIC = /^\/event\/(\w+__e)$/;

function eventOf(node: ts.Expression | undefined): string | undefined {
  const value = node === undefined ? undefined : constantString(node);
  return value === undefined ? undefined : TOPIC.exec(value)?.[1];
}

export interface SourceFile {
  file: string;
  source: string;
}

/**
 * Reads the connector's source: the constant SOQL it sends and the platform event channels it names. A
 * channel is published when a `publish(…)` call passes it (or a constant holding it) first; every other use
 * of it (subscriptions, replay checkpoints) counts as subscribing. Constants holding a channel are followed
 * across files by name.
 */
export function scanConnectorSources(files: SourceFile[]): {
  queries: SoqlQuery[];
  topics: EventTopic[];
} {
  const parsed = files.map(({ file, source }) => ({
    file,
    tree: ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true),
  }));
  const topicConstants = new Map<string, string>();
  const queries: SoqlQuery[] = [];
  for (const { file, tree } of parsed) {
    const visit = (node: ts.Node): void => {
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name)) {
        const event = eventOf(node.initializer);
        if (event !== undefined) topicConstants.set(node.name.text, event);
      }
      if (
        ts.isStringLiteral(node) ||
        ts.isNoSubstitutionTemplateLiteral(node) ||
        ts.isBinaryExpression(node)
      ) {
        const outermost =
          !ts.isBinaryExpression(node.parent) && !ts.isParenthesizedExpression(node.parent);
        const value = outermost ? constantString(node) : undefined;
        const soql = value === undefined ? undefined : parseSoql(value);
        if (soql !== undefined) queries.push({ ...soql, file });
      }
      ts.forEachChild(node, visit);
    };
    visit(tree);
  }

  const topics = new Map<string, EventTopic>();
  for (const { file, tree } of parsed) {
    const visit = (node: ts.Node): void => {
      const event = ts.isIdentifier(node)
        ? topicConstants.get(node.text)
        : ts.isStringLiteral(node)
          ? eventOf(node)
          : undefined;
      const declaration = ts.isVariableDeclaration(node.parent) && node.parent.name === node;
      const initializer = ts.isVariableDeclaration(node.parent) && node.parent.initializer === node;
      const imported = ts.isImportSpecifier(node.parent) || ts.isExportSpecifier(node.parent);
      if (event !== undefined && !declaration && !initializer && !imported) {
        const call = node.parent;
        const published =
          ts.isCallExpression(call) &&
          call.arguments[0] === node &&
          ts.isPropertyAccessExpression(call.expression) &&
          call.expression.name.text === 'publish';
        const topic = topics.get(event) ?? { event, published: false, subscribed: false, file };
        if (published) topic.published = true;
        else topic.subscribed = true;
        topics.set(event, topic);
      }
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(tree, visit);
  }
  return { queries, topics: [...topics.values()] };
}
