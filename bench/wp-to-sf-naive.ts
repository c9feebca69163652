/**
 * The naive WordPress → Salesforce mode: what a WordPress plugin hooked on `user_register` /
 * `profile_update` does, per change: one SOQL read by external id
 * (`SELECT Id FROM Contact WHERE WP_Id__c = '<id>'`), then one single-record create or update,
 * as the integration user, `concurrency` changes in flight.
 */
import type { Connection } from 'jsforce';
import { mapToSalesforce } from '../connector/src/mapping/to-salesforce.js';
import { runLanes } from './naive-wordpress.js';
import { per1000, round } from './stats.js';
import type { WpToSfContext, WpToSfModeResult } from './wp-to-sf.js';
import { readUsers } from './wp-to-sf-users.js';

function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** One read and one write per change, the way per-record plugins do it. */
export async function measureNaiveWordPressToSalesforce(
  context: WpToSfContext,
  userIds: readonly number[],
): Promise<WpToSfModeResult> {
  const { wordpress, org, mapping, options } = context;
  const users = await readUsers(wordpress, userIds.length);
  const connection: Connection = org.integration;
  const object = mapping.salesforceObject;
  const externalId = mapping.externalIdField;
  let failed = 0;
  let firstError: string | undefined;
  let next = 0;
  options.log(
    `  naive: ${users.length} WordPress users → ${object}: SOQL read + single write each, ${options.naiveConcurrency} in flight…`,
  );
  const callsBefore = org.emulator.usage.usedCalls;
  const started = performance.now();
  await runLanes(
    options.naiveConcurrency,
    () => Promise.resolve(users[next++]),
    async (user) => {
      try {
        const mapped = mapToSalesforce(mapping, user);
        if (mapped.problems.length > 0) {
          throw new Error(mapped.problems.map((problem) => problem.message).join('; '));
        }
        const found = await connection.query<{ Id: string }>(
          `SELECT Id FROM ${object} WHERE ${externalId} = ${quote(String(user.id))} LIMIT 1`,
        );
        const existing = found.records[0]?.Id;
        const result =
          existing === undefined
            ? await connection
                .sobject(object)
                .create({ ...mapped.values, [externalId]: String(user.id) })
            : await connection.sobject(object).update({ Id: existing, ...mapped.values });
        if (!result.success) throw new Error(JSON.stringify(result.errors));
      } catch (error) {
        failed++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    },
  );
  const seconds = (performance.now() - started) / 1000;
  if (failed > 0)
    throw new Error(`naive WordPress → Salesforce: ${failed} failed; first: ${firstError}`);
  const sfApiCalls = org.emulator.usage.usedCalls - callsBefore;
  return {
    mode: 'naive',
    description: `naive: per change one SOQL read by ${externalId} + one single-record write (jsforce), ${options.naiveConcurrency} in flight`,
    records: users.length,
    failed,
    seconds: round(seconds, 2),
    recordsPerSecond: round(users.length / seconds),
    catchUpSeconds: null,
    sfApiCalls,
    sfApiCallsPer1000: per1000(sfApiCalls, users.length),
    wpRequestsPer1000: null,
  };
}
