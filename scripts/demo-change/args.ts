/** `npm run demo:change -- <salesforce|wordpress> [--create] [--email X] [--last-name Y]`. */
import { parseArgs } from 'node:util';

export const USAGE = `Usage: npm run demo:change -- <salesforce|wordpress> [--create] [--email ADDRESS] [--last-name NAME]

Makes one change on one side of the running demo (start it first with npm start) so you can
watch it flow in the demo's live log:

  salesforce   updates a sample Contact in the org emulator as its administrator (a person,
               so the change publishes a sync event); LastName gets the time unless --last-name
               or --email says what to set
  wordpress    updates that Contact's WordPress user through the REST API (last_name, or
               --last-name / --email)
  --create     adds a new Contact, or a new WordPress user, instead`;

export type DemoSide = 'salesforce' | 'wordpress';

export interface DemoChangeRequest {
  side: DemoSide;
  create: boolean;
  email?: string;
  lastName?: string;
}

export type ParsedDemoChange =
  | { kind: 'change'; request: DemoChangeRequest }
  | { kind: 'help' }
  | { kind: 'usage-error'; message: string };

export function parseDemoChangeArgs(argv: readonly string[]): ParsedDemoChange {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        create: { type: 'boolean' },
        email: { type: 'string' },
        'last-name': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return { kind: 'usage-error', message: (error as Error).message };
  }
  const { values, positionals } = parsed;
  if (values.help === true) return { kind: 'help' };
  const [side, ...extra] = positionals;
  if (side !== 'salesforce' && side !== 'wordpress') {
    return {
      kind: 'usage-error',
      message:
        side === undefined
          ? 'say which side to change: salesforce or wordpress'
          : `unknown side '${side}': salesforce or wordpress`,
    };
  }
  if (extra.length > 0) return { kind: 'usage-error', message: `unexpected '${extra.join(' ')}'` };
  for (const [name, value] of [
    ['--email', values.email],
    ['--last-name', values['last-name']],
  ] as const) {
    if (value !== undefined && value.trim() === '')
      return { kind: 'usage-error', message: `${name} needs a value` };
  }
  return {
    kind: 'change',
    request: {
      side,
      create: values.create === true,
      ...(values.email === undefined ? {} : { email: values.email.trim() }),
      ...(values['last-name'] === undefined ? {} : { lastName: values['last-name'].trim() }),
    },
  };
}

const STAMP = / \(\d{2}:\d{2}:\d{2}\)$/;

/** "Lovelace" → "Lovelace (10:42:01)"; an earlier stamp is replaced, not stacked. */
export function stampedName(current: string, now: Date): string {
  const time = [now.getHours(), now.getMinutes(), now.getSeconds()]
    .map((part) => String(part).padStart(2, '0'))
    .join(':');
  return `${current.replace(STAMP, '')} (${time})`;
}
