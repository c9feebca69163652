/**
 * Issue 22: Salesforce data for WordPress developers. The real WordPress with the companion
 * plugin calls `sfwp_query()`, `sfwp_apex()`, `sfwp_describe()` and renders `[sfwp_records]`;
 * the connector (the `sfwp start` code path) answers its signed `api/*` routes from the org
 * emulator, as the package's WP_API_Access entries allow.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createLogger } from '../../connector/src/observability/logger.js';
import { demoConnectorEnvironment, startDemoConnector } from '../../scripts/start/connector.js';
import { portIfFree } from '../../scripts/start/ports.js';
import type { RunningEmulator } from '../emulator/index.js';
import { loadCustomMetadataRecords } from '../emulator/store/custom-metadata-loader.js';
import { resetWordPress } from '../wordpress/reset.js';
import { eventually } from './support/eventually.js';
import { connectAs, startTrustedEmulator } from './support/emulated-org.js';
import { phpString, runInSite } from '../wordpress/site-php.js';

/** Turns a WP_Error into its code, message and data for the JSON answer. */
const ERROR_AS_ARRAY =
  'function sfwp_t_error( $e ) { return is_wp_error( $e ) ? array( "code" => $e->get_error_code(), "message" => $e->get_error_message(), "data" => $e->get_error_data() ) : $e; }';

const php = <T>(code: string): Promise<T> => runInSite<T>(wordpress, `${ERROR_AS_ARRAY}\n${code}`);

const wordpress = inject('wordpress');

const TRICKY_NAME = 'O\'Brien \\ "Zoë" 東京 🚀';
const SCRIPT_NAME = '<script>document.title="pwned"</script>Acme';

let emulator: RunningEmulator;
let admin: Connection;
let workDir: string;
let port: number;
let secret: string;
let stopConnector: (reason: string) => void = () => undefined;
let connectorExited: Promise<number>;

interface ApiError {
  code: string;
  message: string;
  data: { status?: number; unavailable?: boolean; cached?: QueryResult };
}

interface QueryResult {
  records: Record<string, string | null>[];
  fields: string[];
  hasMore: boolean;
  entry: { name: string; cacheSeconds: number; allowAnonymous: boolean };
}

function apexEntry(name: string, path: string, method: 'GET' | 'POST') {
  return {
    type: 'WP_API_Access__mdt',
    developerName: name,
    label: name,
    values: {
      Active__c: true,
      Kind__c: 'ApexRest',
      Apex_Path__c: path,
      Apex_Method__c: method,
      Cache_Seconds__c: 0,
      Allow_Anonymous__c: false,
    },
  };
}

/** A signed call to the connector, as the plugin makes it. */
function signedHeaders(method: string, target: string, body: string): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(16).toString('hex');
  const signature = createHmac('sha256', secret)
    .update([timestamp, nonce, method, target, body].join('.'))
    .digest('hex');
  return {
    'content-type': 'application/json',
    'x-sfwp-timestamp': timestamp,
    'x-sfwp-nonce': nonce,
    'x-sfwp-signature': `sha256=${signature}`,
  };
}

beforeAll(async () => {
  await resetWordPress(wordpress);
  workDir = mkdtempSync(join(tmpdir(), 'sfwp-developer-api-'));
  emulator = await startTrustedEmulator();
  const org = emulator.org;
  loadCustomMetadataRecords(
    [
      apexEntry('Sample_Get', '/sfwp/sample', 'GET'),
      apexEntry('Sample_Post', '/sfwp/sample', 'POST'),
      apexEntry('Missing_Apex', '/sfwp/missing', 'GET'),
      {
        type: 'WP_API_Access__mdt',
        developerName: 'Private_Directory',
        label: 'Private directory',
        values: {
          Active__c: true,
          Kind__c: 'Query',
          Salesforce_Object__c: 'Account',
          Allowed_Fields__c: 'Name',
          Max_Records__c: 50,
          Cache_Seconds__c: 0,
          Allow_Anonymous__c: false,
        },
      },
    ],
    org.schema,
    org.store,
    org.ids,
  );
  admin = await connectAs(emulator, 'admin');
  for (const [Name, Website, BillingCity] of [
    ['Alpha Ltd', 'https://alpha.example', 'Paris'],
    ['Beta plc', 'https://beta.example', 'Lyon'],
    [TRICKY_NAME, null, 'Tōkyō'],
    [SCRIPT_NAME, 'javascript:alert(1)', '<b>Nice</b>'],
  ]) {
    await admin.sobject('Account').create({ Name, Website, BillingCity });
  }
  port = await portIfFree(0);
  const env = demoConnectorEnvironment(emulator, wordpress, workDir, { port, token: 'dev-api' });
  secret = env.WP_SHARED_SECRET ?? '';
  const shutdown = new Promise<string>((done) => {
    stopConnector = done;
  });
  const started = startDemoConnector({
    env,
    cwd: workDir,
    logger: createLogger({ level: 'info', destination: createWriteStream(join(workDir, 'log')) }),
    shutdown,
  });
  connectorExited = started.exited;
  await started.ready;
  await eventually(
    () =>
      php<boolean | null>(
        '$result = SFWP_Plugin::instance()->connector()->is_configured() ? true : null;',
      ).then((ok) => ok ?? undefined),
    'the plugin knows the connector',
  );
}, 120_000);

afterAll(async () => {
  stopConnector('tests done');
  await connectorExited;
  await emulator.stop();
  rmSync(workDir, { recursive: true, force: true });
});

describe('sfwp_query', () => {
  it('returns the Account directory, every allowed field, as arrays', async () => {
    const result = await php<QueryResult>(
      "$result = sfwp_query( 'Account_Directory', array( 'limit' => 200 ) );",
    );
    expect(result.fields).toEqual(['Id', 'Name', 'Website', 'BillingCity']);
    expect(result.entry).toMatchObject({
      name: 'Account_Directory',
      cacheSeconds: 300,
      allowAnonymous: true,
    });
    const names = result.records.map((record) => record.Name);
    expect(names).toEqual(
      expect.arrayContaining(['Alpha Ltd', 'Beta plc', TRICKY_NAME, SCRIPT_NAME]),
    );
  });

  it.each([
    ["array( 'fields' => 'Name, AnnualRevenue' )", 'FIELD_NOT_ALLOWED', /AnnualRevenue/],
    ["array( 'object' => 'Contact' )", 'OBJECT_NOT_ALLOWED', /Contact/],
    ["array( 'limit' => 1000000 )", 'INVALID_LIMIT', /1 to 200/],
    [
      "array( 'filters' => array( array( 'field' => 'Name', 'operator' => '= \\'x\\' OR Name =', 'value' => 'y' ) ) )",
      'INVALID_OPERATOR',
      /not one of/,
    ],
  ])('refuses %s with %s', async (args, code, message) => {
    const error = await php<ApiError>(
      `$result = sfwp_t_error( sfwp_query( 'Account_Directory', ${args} ) );`,
    );
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.data.status).toBe(400);
  });

  it('refuses an access entry that does not exist', async () => {
    const error = await php<ApiError>("$result = sfwp_t_error( sfwp_query( 'Contact_List' ) );");
    expect(error).toMatchObject({ code: 'ACCESS_NOT_ALLOWED', data: { status: 403 } });
  });

  it('keeps a filter value, whatever it holds, inside one literal', async () => {
    const injected = await php<QueryResult>(
      "$result = sfwp_query( 'Account_Directory', array( 'force_refresh' => true, 'filters' => array( array( 'field' => 'Name', 'operator' => '=', 'value' => \"x' OR Name != '\" ) ) ) );",
    );
    expect(injected.records).toEqual([]);
    const tricky = await php<QueryResult>(
      `$result = sfwp_query( 'Account_Directory', array( 'filters' => array( array( 'field' => 'Name', 'operator' => '=', 'value' => ${phpString(TRICKY_NAME)} ) ) ) );`,
    );
    expect(tricky.records.map((record) => record.Name)).toEqual([TRICKY_NAME]);
  });

  it('serves repeats from the cache without a connector call, and force_refresh calls again', async () => {
    const calls = await php<number[]>(`
      $calls = 0;
      add_action( 'sfwp_api_connector_call', function () use ( &$calls ) { $calls++; } );
      $args = array( 'fields' => array( 'Name' ), 'limit' => 3 );
      sfwp_query( 'Account_Directory', $args + array( 'force_refresh' => true ) );
      $counts = array( $calls );
      sfwp_query( 'Account_Directory', $args );
      sfwp_query( 'Account_Directory', $args );
      $counts[] = $calls;
      sfwp_query( 'Account_Directory', $args + array( 'force_refresh' => true ) );
      $counts[] = $calls;
      $result = $counts;
    `);
    expect(calls).toEqual([1, 1, 2]);
    const usedBefore = emulator.usage.headerValue();
    const again = await php<QueryResult>(
      "$result = sfwp_query( 'Account_Directory', array( 'fields' => array( 'Name' ), 'limit' => 3 ) );",
    );
    expect(again.records).toHaveLength(3);
    expect(emulator.usage.headerValue()).toBe(usedBefore);
  });

  it('lets sfwp_api_request_args and sfwp_api_result change a call', async () => {
    const result = await php<QueryResult & { filtered: boolean }>(`
      add_filter( 'sfwp_api_request_args', function ( $args ) { $args['limit'] = 1; return $args; } );
      add_filter( 'sfwp_api_result', function ( $result ) { $result['filtered'] = true; return $result; } );
      $result = sfwp_query( 'Account_Directory', array( 'limit' => 100, 'force_refresh' => true ) );
    `);
    expect(result.records).toHaveLength(1);
    expect(result.hasMore).toBe(true);
    expect(result.filtered).toBe(true);
  });

  it('refreshes an expired token transparently', async () => {
    emulator.faults.expireAccessTokens();
    const result = await php<QueryResult>(
      "$result = sfwp_query( 'Account_Directory', array( 'force_refresh' => true, 'limit' => 2 ) );",
    );
    expect(result.records).toHaveLength(2);
  });

  it('while Salesforce is down: the last good copy with a notice, or a friendly message', async () => {
    await php(
      "$result = sfwp_query( 'Account_Directory', array( 'force_refresh' => true, 'limit' => 10 ) ); do_shortcode( '[sfwp_records access=\"Account_Directory\" limit=\"10\"]' );",
    );
    emulator.faults.failNextRequests(1000);
    try {
      const error = await php<ApiError>(
        "$result = sfwp_t_error( sfwp_query( 'Account_Directory', array( 'force_refresh' => true, 'limit' => 10 ) ) );",
      );
      expect(error).toMatchObject({ code: 'SALESFORCE_UNAVAILABLE', data: { unavailable: true } });
      expect(error.data.cached?.records.length).toBeGreaterThan(0);
      const page = await php<string>(`
        delete_transient( 'sfwp_api_' . md5( 'query|Account_Directory|' . wp_json_encode( array( 'limit' => 10 ) ) ) );
        $result = do_shortcode( '[sfwp_records access="Account_Directory" limit="10"]' );
      `);
      expect(page).toContain('sfwp-records-notice');
      expect(page).toContain('Alpha Ltd');
      const none = await php<string>(
        '$result = do_shortcode( \'[sfwp_records access="Account_Directory" fields="BillingCity" limit="7"]\' );',
      );
      expect(none).toContain('This list is not available right now');
      expect(none).not.toContain('<table');
    } finally {
      emulator.faults.failNextRequests(0);
    }
  });
});

describe('[sfwp_records]', () => {
  it('renders an escaped table with paging', async () => {
    const first = await php<string>(
      '$result = do_shortcode( \'[sfwp_records access="Account_Directory" fields="Name,BillingCity" limit="1"]\' );',
    );
    expect(first).toContain('<th scope="col">Name</th><th scope="col">BillingCity</th>');
    expect(first).not.toContain('rel="first"');
    const next = /rel="next" href="[^"]*sfwp_after_account_directory=([A-Za-z0-9]{15,18})/.exec(
      first,
    )?.[1];
    expect(next).toBeDefined();
    const second = await php<string>(`
      $_GET['sfwp_after_account_directory'] = ${phpString(next ?? '')};
      $result = do_shortcode( '[sfwp_records access="Account_Directory" fields="Name,BillingCity" limit="1"]' );
    `);
    expect(second).toContain('rel="first"');
    expect(second).not.toBe(first);
    const all = await php<string>(
      '$result = do_shortcode( \'[sfwp_records access="Account_Directory" limit="50"]\' );',
    );
    expect(all).toContain('&lt;script&gt;document.title=&quot;pwned&quot;&lt;/script&gt;Acme');
    expect(all).toContain('&lt;b&gt;Nice&lt;/b&gt;');
    expect(all).not.toContain('<script>');
    expect(all).not.toContain('<b>Nice</b>');
  });

  it('shows nothing to anonymous visitors unless the entry allows it', async () => {
    const anonymous = await php<string>(
      '$result = do_shortcode( \'[sfwp_records access="Private_Directory"]\' );',
    );
    expect(anonymous).toBe('');
    const loggedIn = await php<string>(
      'wp_set_current_user( 1 ); $result = do_shortcode( \'[sfwp_records access="Private_Directory"]\' );',
    );
    expect(loggedIn).toContain('Alpha Ltd');
  });
});

describe('sfwp_apex and sfwp_describe', () => {
  it('GETs and POSTs the sample Apex REST path', async () => {
    const got = await php<{ data: unknown }>(
      "$result = sfwp_apex( 'Sample_Get', array( 'query' => array( 'city' => 'Paris' ) ) );",
    );
    expect(got.data).toEqual({
      service: 'WPSyncApiSample',
      method: 'GET',
      path: '/sfwp/sample',
      params: { city: 'Paris' },
    });
    const posted = await php<{ data: unknown }>(
      "$result = sfwp_apex( 'Sample_Post', array( 'body' => array( 'name' => 'Zoë \\\\ \"q\"' ) ) );",
    );
    expect(posted.data).toEqual({
      service: 'WPSyncApiSample',
      method: 'POST',
      path: '/sfwp/sample',
      received: { name: 'Zoë \\ "q"' },
    });
  });

  it('maps a missing Apex path to NOT_FOUND and refuses paths and kinds not allowed', async () => {
    const missing = await php<ApiError>("$result = sfwp_t_error( sfwp_apex( 'Missing_Apex' ) );");
    expect(missing).toMatchObject({ code: 'NOT_FOUND', data: { status: 404 } });
    const otherPath = await php<ApiError>(
      "$result = sfwp_t_error( sfwp_apex( 'Sample_Get', array( 'path' => '/sfwp/admin' ) ) );",
    );
    expect(otherPath.code).toBe('APEX_PATH_NOT_ALLOWED');
    const otherMethod = await php<ApiError>(
      "$result = sfwp_t_error( sfwp_apex( 'Sample_Get', array( 'method' => 'POST' ) ) );",
    );
    expect(otherMethod.code).toBe('APEX_PATH_NOT_ALLOWED');
    const wrongKind = await php<ApiError>(
      "$result = sfwp_t_error( sfwp_apex( 'Account_Directory' ) );",
    );
    expect(wrongKind.code).toBe('ACCESS_KIND_MISMATCH');
  });

  it('describes the allowed fields only', async () => {
    const described = await php<{ fields: { name: string }[] }>(
      "$result = sfwp_describe( 'Account_Directory' );",
    );
    expect(described.fields.map((field) => field.name).sort()).toEqual([
      'BillingCity',
      'Id',
      'Name',
      'Website',
    ]);
  });
});

describe('the connector route', () => {
  const target = '/wordpress/api/query';
  const body = JSON.stringify({ access: 'Account_Directory', limit: 1 });

  it('refuses an unsigned call and a replayed one', async () => {
    const url = `http://127.0.0.1:${String(port)}${target}`;
    const unsigned = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
    });
    expect(unsigned.status).toBe(401);
    const headers = signedHeaders('POST', target, body);
    const first = await fetch(url, { method: 'POST', body, headers });
    expect(first.status).toBe(200);
    const replayed = await fetch(url, { method: 'POST', body, headers });
    expect(replayed.status).toBe(401);
  });
});
