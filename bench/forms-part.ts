/**
 * The bench's `forms` part (issue 19): form submissions → Leads, Salesforce API calls per 1,000
 * and time to all-in-Salesforce against a naive per-submission query + create (bench/forms.ts),
 * then the visitor → Lead latency in Chromium through the whole local stack with the webhook
 * (bench/forms-visits.ts), p50 and max over the visits.
 *
 *   npx tsx bench/forms-part.ts [--count 1000] [--visits 20]
 */
import { parseArgs } from 'node:util';
import { measureForms, type FormsMeasurement } from './forms.js';
import { measureVisitLatency, type VisitLatency } from './forms-visits.js';

export interface FormsPartResult {
  submissions: FormsMeasurement;
  visits: VisitLatency | null;
}

export async function measureFormsPart(
  options: { count: number; visits: number },
  log: (line: string) => void,
): Promise<FormsPartResult> {
  const submissions = await measureForms(options.count);
  log(
    `  ${String(options.count)} submissions: sfwp ${submissions.sfwp.callsPer1000} calls/1,000 in ${submissions.sfwp.seconds.toFixed(2)} s; naive ${submissions.naive.callsPer1000} calls/1,000 in ${submissions.naive.seconds.toFixed(2)} s`,
  );
  if (options.visits === 0) return { submissions, visits: null };
  const visits = await measureVisitLatency(options.visits);
  log(
    `  visitor → Lead (Chromium, webhook), ${String(visits.visits)} visits: p50 ${String(visits.p50Ms)} ms, max ${String(visits.maxMs)} ms`,
  );
  return { submissions, visits };
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '1000' },
      visits: { type: 'string', default: '20' },
    },
  });
  const result = await measureFormsPart(
    { count: Number(values.count), visits: Number(values.visits) },
    (line) => {
      console.log(line);
    },
  );
  console.log(JSON.stringify(result, null, 2));
}
