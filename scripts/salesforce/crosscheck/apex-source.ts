/**
 * Just enough Apex structure for the cross-checks, read from text: methods with their bodies and the calls
 * in them. Comments and string contents are blanked first (same length), so offsets still point into the
 * original source and nothing inside a comment or string looks like code.
 */

export interface ApexMethod {
  className: string;
  name: string;
  /** Offsets of the body between its braces, in the class source. */
  bodyStart: number;
  bodyEnd: number;
  /** Annotated @IsTest (or declared testMethod). */
  isTest: boolean;
  file: string;
}

export interface ApexCall {
  /** Class named before the dot, when it is one of the project's classes. */
  className?: string;
  name: string;
  /** `object.method(`: the receiver's class is unknown. */
  instance: boolean;
  offset: number;
}

/** Source with comments and the insides of string literals replaced by spaces. */
export function maskApex(source: string): string {
  let out = '';
  let index = 0;
  while (index < source.length) {
    const rest = source.slice(index, index + 2);
    if (rest === '//') {
      const end = source.indexOf('\n', index);
      const stop = end === -1 ? source.length : end;
      out += ' '.repeat(stop - index);
      index = stop;
    } else if (rest === '/*') {
      const end = source.indexOf('*/', index + 2);
      const stop = end === -1 ? source.length : end + 2;
      out += source.slice(index, stop).replace(/[^\n]/g, ' ');
      index = stop;
    } else if (source[index] === "'") {
      let stop = index + 1;
      while (stop < source.length && source[stop] !== "'") stop += source[stop] === '\\' ? 2 : 1;
      out += `'${' '.repeat(Math.max(0, stop - index - 1))}'`;
      index = stop + 1;
    } else {
      out += source.charAt(index);
      index += 1;
    }
  }
  return out.slice(0, source.length);
}

/** Offset of the brace closing the one at `open`. */
export function closingBrace(masked: string, open: number): number {
  let depth = 0;
  for (let index = open; index < masked.length; index += 1) {
    if (masked[index] === '{') depth += 1;
    else if (masked[index] === '}') {
      depth -= 1;
      if (depth === 0) return index;
    }
  }
  return masked.length;
}

const KEYWORDS = new Set([
  'if',
  'for',
  'while',
  'switch',
  'catch',
  'return',
  'new',
  'when',
  'else',
  'do',
  'try',
]);
const METHOD =
  /(?<=^|[;{}\n])\s*((?:@\w+(?:\([^)]*\))?\s*)*)((?:(?:public|private|protected|global|static|override|virtual|abstract|testMethod|webservice)\s+)*)(?:([\w.]+(?:<[\w.<>, ]*>)?(?:\[\])?)\s+)?(\w+)\s*\(([^()]*)\)\s*(?:throws\s+[\w.,\s]+)?\{/g;
/** A declaration's parameters are `Type name` pairs (or none); a call's arguments are expressions. */
const TYPED_PARAMETERS =
  /^\s*(?:(?:final\s+)?[\w.]+(?:<[\w.<>, ]*>)?(?:\[\])?\s+\w+\s*(?:,\s*|$))*$/;

/** Methods (and constructors) of one class file, inner classes' methods included under the file's class. */
export function apexMethods(className: string, file: string, masked: string): ApexMethod[] {
  const methods: ApexMethod[] = [];
  for (const match of masked.matchAll(METHOD)) {
    const [whole, annotations = '', modifiers = '', returnType, name = '', parameters = ''] = match;
    if (KEYWORDS.has(name.toLowerCase()) || !TYPED_PARAMETERS.test(parameters)) continue;
    if (returnType === undefined ? modifiers.trim() === '' : KEYWORDS.has(returnType.toLowerCase()))
      continue;
    const open = match.index + whole.length - 1;
    methods.push({
      className,
      name,
      bodyStart: open + 1,
      bodyEnd: closingBrace(masked, open),
      isTest: /@istest\b/i.test(annotations) || /\btestMethod\b/i.test(modifiers),
      file,
    });
  }
  return methods;
}

/** Calls in a stretch of masked source: `Class.method(`, `new Class(`, `object.method(`, `method(`. */
export function apexCalls(
  masked: string,
  start: number,
  end: number,
  classNames: Set<string>,
): ApexCall[] {
  const calls: ApexCall[] = [];
  const body = masked.slice(start, end);
  for (const match of body.matchAll(/(?:\b(new)\s+(\w+)|(?:\b(\w+)\s*\.\s*)?\b(\w+))\s*\(/g)) {
    const [, isNew, created, qualifier, name] = match;
    const offset = start + match.index;
    if (isNew !== undefined && created !== undefined) {
      if (classNames.has(created)) {
        calls.push({ className: created, name: created, instance: false, offset });
      }
    } else if (name !== undefined && !KEYWORDS.has(name.toLowerCase())) {
      const className =
        qualifier !== undefined && classNames.has(qualifier) ? qualifier : undefined;
      calls.push({
        ...(className === undefined ? {} : { className }),
        name,
        instance: qualifier !== undefined && className === undefined,
        offset,
      });
    }
  }
  return calls;
}
