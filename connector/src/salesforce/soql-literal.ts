/**
 * A SOQL string literal for any text. The REST API has no bound parameters, so every value
 * that reaches a query passes through here: quotes, backslashes and control characters are
 * escaped as SOQL defines, so a value can never end the literal and change the query.
 */
export function soqlString(value: string): string {
  const escaped = value.replace(/[\\'"\n\r\t\b\f]/g, (char) => {
    switch (char) {
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      case '\b':
        return '\\b';
      case '\f':
        return '\\f';
      default:
        return `\\${char}`;
    }
  });
  return `'${escaped}'`;
}

const API_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Object and field names come from mapping metadata; anything else is refused, not quoted. */
export function soqlName(name: string): string {
  if (!API_NAME.test(name)) throw new Error(`Not a Salesforce API name: ${JSON.stringify(name)}`);
  return name;
}
