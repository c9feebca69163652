import { z } from 'zod';
import { checkOrgs } from './org-checks.js';

/** A credential as written in the file: inline, or where to read it. */
export type SecretInput = string | { env: string } | { file: string };

/** A credential not yet read; configuration loading turns it into a {@link Secret}. */
export class SecretReference {
  constructor(readonly input: SecretInput) {}
}

const secretInput = z
  .union([
    z.string().min(1),
    z.object({ env: z.string().min(1) }).strict(),
    z.object({ file: z.string().min(1) }).strict(),
  ])
  .transform((input) => new SecretReference(input));

const LOGIN_URL_ALIASES: Record<string, string> = {
  production: 'https://login.salesforce.com',
  sandbox: 'https://test.salesforce.com',
};

const loginUrl = z
  .string()
  .transform((value) => LOGIN_URL_ALIASES[value] ?? value)
  .pipe(
    z.url({
      protocol: /^https?$/,
      error: 'must be production, sandbox or an https:// My Domain URL',
    }),
  );

const salesforceAuth = z.discriminatedUnion('method', [
  z.object({
    method: z.literal('jwt'),
    clientId: z.string().min(1),
    username: z.string().min(1),
    privateKey: secretInput,
  }),
  z.object({
    method: z.literal('client-credentials'),
    clientId: z.string().min(1),
    clientSecret: secretInput,
  }),
  z.object({
    method: z.literal('refresh-token'),
    clientId: z.string().min(1),
    clientSecret: secretInput.optional(),
    refreshToken: secretInput,
  }),
  z.object({
    method: z.literal('password'),
    clientId: z.string().min(1),
    clientSecret: secretInput,
    username: z.string().min(1),
    password: secretInput,
  }),
]);

const salesforceSchema = z.object({
  /** `production`, `sandbox`, or a My Domain / emulator URL. */
  loginUrl: loginUrl.default(LOGIN_URL_ALIASES.production ?? ''),
  apiVersion: z
    .string()
    .regex(/^\d{2}\.0$/, 'must look like 65.0')
    .default('65.0'),
  auth: salesforceAuth,
  /** Pub/Sub API endpoint, host:port. */
  pubSubEndpoint: z
    .string()
    .regex(/^[\w.-]+:\d+$/, 'must be host:port')
    .default('api.pubsub.salesforce.com:7443'),
  /** Only for a local emulator with a self-signed certificate; logged loudly when false. */
  verifyTls: z.boolean().default(true),
});

/** The name state, metrics and the CLI know an org by; the single-org config's org is `default`. */
export const DEFAULT_ORG = 'default';

const orgSchema = salesforceSchema.extend({
  name: z
    .string()
    .regex(
      /^[A-Za-z][A-Za-z0-9_-]{0,39}$/,
      'must start with a letter and hold only letters, digits, _ and - (at most 40)',
    ),
});

const configObject = z.object({
  /** One org (named `default`); or `orgs`, never both. */
  salesforce: salesforceSchema.optional(),
  /** Several orgs through one connector (docs/OPERATIONS.md, several orgs). */
  orgs: z.array(orgSchema).min(1, 'must list at least one org').optional(),
  wordpress: z.object({
    url: z.url({
      protocol: /^https?$/,
      error: 'must be the site address, e.g. https://example.org',
    }),
    username: z.string().min(1),
    applicationPassword: secretInput,
    /** For sites without pretty permalinks: `https://example.org/?rest_route=`. */
    restRoot: z.url().optional(),
    verifyTls: z.boolean().default(true),
    concurrency: z.number().int().min(1).max(32).default(4),
    /**
     * Secret shared with the companion plugin (≥ 32 characters): signs the connector's requests
     * (so its own changes are not synced back) and the plugin's webhook pings. Without it the
     * connector's writes are recognised only by its WordPress user (`connector_user_id`).
     */
    sharedSecret: secretInput.optional(),
  }),
  /** WordPress → Salesforce: the companion plugin's change feed. */
  changeFeed: z
    .object({
      enabled: z.boolean().default(true),
      /** Short poll interval; a webhook ping wakes the reader sooner. */
      pollSeconds: z.number().min(0.1).max(300).default(5),
      /** Feed rows read per poll. */
      batchSize: z.number().int().min(1).max(1000).default(500),
      /**
       * After a page of fewer than 200 changes, how long to keep gathering more before applying
       * them (fewer Salesforce calls); 0 applies at once. Never waits while nothing is pending.
       */
      collectMs: z.number().int().min(0).max(10_000).default(200),
      /**
       * Where the plugin should ping the connector (its `/webhook/wordpress` route), as WordPress
       * can reach it. Unset: no webhook, polling only.
       */
      webhookUrl: z.url({ protocol: /^https?$/ }).optional(),
      /** Tell the plugin which post types and meta keys the mappings use, and the webhook, at start. */
      configurePlugin: z.boolean().default(true),
    })
    .prefault({}),
  sync: z
    .object({
      /**
       * Pub/Sub flow control: events requested but not yet applied. The API caps the events
       * requested and not yet delivered at 100; the window may be larger (delivered events wait
       * in memory, a few KB each), so that while one bulk request of 200 records is being
       * written the next 200 are already here.
       */
      maxInFlightEvents: z.number().int().min(1).max(1000).default(400),
      /**
       * Different records worked on at once; events of one record stay in order. 200 lets one
       * full bulk request (the companion plugin's, 200 items) be gathered from records applied
       * together; without the bulk route the batches are split to what WordPress takes.
       */
      recordConcurrency: z.number().int().min(1).max(1000).default(200),
      /** How far before the last checkpoint a reconciliation query looks, in hours. */
      reconciliationLookbackHours: z
        .number()
        .min(0)
        .max(24 * 30)
        .default(24),
      heartbeatSeconds: z.number().int().min(10).max(3600).default(60),
      maxAttempts: z.number().int().min(1).max(50).default(8),
      /**
       * Seconds to wait before trying Salesforce again after REQUEST_LIMIT_EXCEEDED (the org's
       * rolling 24-hour API allowance is spent); WordPress → Salesforce intake holds meanwhile.
       */
      throttleRetrySeconds: z.number().int().min(1).max(3600).default(60),
    })
    .prefault({}),
  store: z
    .object({
      /**
       * sqlite (one process, the default) or postgres (replicas with leader election); a
       * `url` alone selects postgres. Read it with `storeKind`.
       */
      kind: z.enum(['sqlite', 'postgres']).optional(),
      path: z.string().min(1).default('.sfwp/state.sqlite'),
      /** postgres://user:password@host:5432/database; a credential, so env or file works too. */
      url: secretInput.optional(),
      /** How long a leader's lease lasts unrenewed (10 s when unset): a crashed leader's work moves after this. */
      leaseSeconds: z.number().min(2).max(300).optional(),
    })
    .prefault({})
    .refine((store) => store.kind !== 'postgres' || store.url !== undefined, {
      message: 'store.kind postgres needs store.url (or SFWP_DATABASE_URL)',
      path: ['url'],
    }),
  server: z
    .object({
      host: z.string().default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(9465),
      /**
       * Bearer token that `/healthz`, `/metrics` and `sfwp status` use. When unset, the connector
       * generates one at start and writes it (mode 0600) to `status-token` next to the state database.
       */
      token: secretInput.optional(),
    })
    .prefault({}),
  /** The drift audit (`sfwp audit`, the scheduled audit, the Audit command; docs/OPERATIONS.md). */
  audit: z
    .object({
      /** Run an audit of every mapping on this schedule; false turns the scheduled audit off. */
      scheduled: z.boolean().default(true),
      /** Hours between scheduled audits (24: daily); the first runs this long after start. */
      intervalHours: z
        .number()
        .min(0.01)
        .max(24 * 31)
        .default(24),
      /** Percent of the org's daily API allowance the audit leaves for the sync: it stops past 100 minus this. */
      budgetReservePercent: z.number().min(0).max(100).default(20),
    })
    .prefault({}),
  /** The developer API: `sfwp_query()`, `sfwp_apex()`, the records block (docs/DEVELOPER-API.md). */
  developerApi: z
    .object({
      /**
       * Percent of the org's daily API allowance kept for the sync: developer API calls are
       * refused (API_BUDGET_RESERVED) once the calls used pass 100 minus this percent.
       */
      budgetReservePercent: z.number().min(0).max(100).default(10),
      /** How long the connector reuses the WP_API_Access__mdt entries it read. */
      entryCacheSeconds: z.number().min(0).max(3600).default(60),
    })
    .prefault({}),
  log: z
    .object({ level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).default('info') })
    .prefault({}),
});

/**
 * The whole configuration. Whichever form the file uses, the parsed config has `orgs` (a
 * single-org file is one org named `default`) and `salesforce`, the first org, for the code
 * that serves one org at a time.
 */
export const configSchema = configObject
  .refine((config) => config.salesforce !== undefined || config.orgs !== undefined, {
    path: ['salesforce'],
    message: 'is required (or orgs, for several orgs)',
    // Said even when other settings are wrong too, like any other missing setting.
    when: (payload) => {
      const value = payload.value as Record<string, unknown> | undefined;
      return value?.salesforce === undefined && value?.orgs === undefined;
    },
  })
  .superRefine(checkOrgs)
  .transform((config) => {
    const orgs = config.orgs ?? [{ name: DEFAULT_ORG, ...(config.salesforce as SalesforceInput) }];
    const [first] = orgs;
    if (first === undefined) throw new Error('unreachable: orgs is checked non-empty');
    return { ...config, orgs, salesforce: first };
  });
type SalesforceInput = z.output<typeof salesforceSchema>;

export type ConfigInput = z.input<typeof configSchema>;
export type ParsedConfig = z.output<typeof configSchema>;

/** The state store a config selects: a database URL alone means PostgreSQL. */
export function storeKind(store: {
  kind?: 'sqlite' | 'postgres' | undefined;
  url?: unknown;
}): 'sqlite' | 'postgres' {
  return store.kind ?? (store.url === undefined ? 'sqlite' : 'postgres');
}

export const DEFAULT_LEASE_SECONDS = 5;
