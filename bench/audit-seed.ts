/**
 * Linked Contact ↔ user pairs seeded directly, for audits of thousands of pairs (the bench's
 * audit part, test/integration/audit-live.test.ts): users inserted with SQL in WordPress's
 * database, Contacts inserted in the emulator's store as the integration user (no sync event),
 * and the links in the connector's state store, marked written back. Syncing that many records
 * would take minutes and measure the sync, not the audit. Both sides hold the same values, as
 * the sync would have written them, so a correct audit of the seed reports zero differences.
 */
import type { RunningEmulator } from '../test/emulator/index.js';
import { runInSite, type SiteOnDisk } from '../test/wordpress/site-php.js';
import type { StateStore } from '../connector/src/store/state-store.js';

export const AUDIT_MAPPING = 'Contact_User';

export interface SeededPair {
  salesforceId: string;
  wordpressId: number;
  email: string;
}

/** Rows per INSERT statement in WordPress. */
const ROWS_PER_INSERT = 500;

/**
 * Inserts `count` users named `<prefix>N` (first name `Seed`, last name `Pair N`), their meta
 * as core stores it, in a few multi-row INSERTs; returns their ids in order.
 */
async function insertUsers(site: SiteOnDisk, prefix: string, count: number): Promise<number[]> {
  return runInSite<number[]>(
    site,
    `
    $base = (int) $wpdb->get_var( "SELECT COALESCE(MAX(ID), 0) FROM {$wpdb->users}" ) + 1;
    $capabilities = serialize( array( 'subscriber' => true ) );
    $now = current_time( 'mysql', true );
    $ids = array();
    for ( $start = 0; $start < ${String(count)}; $start += ${String(ROWS_PER_INSERT)} ) {
      $users = array();
      $meta  = array();
      for ( $n = $start; $n < min( ${String(count)}, $start + ${String(ROWS_PER_INSERT)} ); $n++ ) {
        $id    = $base + $n;
        $login = '${prefix}' . $n;
        $ids[] = $id;
        $users[] = $wpdb->prepare( '(%d, %s, %s, %s, %s, %s)', $id, $login, $login, $login . '@example.test', $now, 'Seed Pair ' . $n );
        foreach ( array(
          'first_name' => 'Seed',
          'last_name' => 'Pair ' . $n,
          'nickname' => $login,
          'description' => '',
          $wpdb->prefix . 'capabilities' => $capabilities,
          $wpdb->prefix . 'user_level' => '0',
        ) as $key => $value ) {
          $meta[] = $wpdb->prepare( '(%d, %s, %s)', $id, $key, $value );
        }
      }
      $wpdb->query( "INSERT INTO {$wpdb->users} (ID, user_login, user_nicename, user_email, user_registered, display_name) VALUES " . implode( ', ', $users ) );
      $wpdb->query( "INSERT INTO {$wpdb->usermeta} (user_id, meta_key, meta_value) VALUES " . implode( ', ', $meta ) );
    }
    $result = $ids;
    `,
  );
}

/**
 * Seeds `count` linked pairs: users `<prefix>N@example.test` in WordPress, their Contacts in
 * the emulator (WP_Id__c set, as after a sync's write-back), and the links in `store`.
 */
export async function seedLinkedPairs(
  site: SiteOnDisk,
  emulator: RunningEmulator,
  store: Pick<StateStore, 'link' | 'markWrittenBack'>,
  count: number,
  prefix = 'seed.pair.',
): Promise<SeededPair[]> {
  const userIds = await insertUsers(site, prefix, count);
  const integration = emulator.credentials.integration.username;
  return userIds.map((wordpressId, n) => {
    const email = `${prefix}${String(n)}@example.test`;
    const salesforceId = emulator.org.insert(
      'Contact',
      {
        FirstName: 'Seed',
        LastName: `Pair ${String(n)}`,
        Email: email,
        WP_Id__c: String(wordpressId),
      },
      integration,
    );
    store.link(AUDIT_MAPPING, salesforceId, wordpressId);
    store.markWrittenBack(AUDIT_MAPPING, salesforceId, wordpressId);
    return { salesforceId, wordpressId, email };
  });
}
