/**
 * The Salesforce org emulator, in-process: the org (schema from force-app, OAuth, REST,
 * Composite, the package's behaviour) plus the event bus and its Pub/Sub gRPC server.
 * docs/EMULATOR.md describes it.
 */
import { fileURLToPath } from 'node:url';
import type { EventBus, PubSubFaults, PubSubServerHandle } from './contracts.js';
import { ADMIN_USER_ID, defaultOrgConfig, generateJwtKeyPair } from './default-org-config.js';
import { FaultState, type OrgFaults } from './faults/org-faults.js';
import { EmulatorServer } from './http/emulator-server.js';
import { Router } from './http/router.js';
import { createSelfSignedCertificate } from './tls.js';
import { AuthorizationCodes } from './oauth/authorization-codes.js';
import { addOAuthRoutes } from './oauth/oauth-routes.js';
import { TokenGrants } from './oauth/token-grants.js';
import { TokenStore } from './oauth/token-store.js';
import type { OrgConfig } from './org-config.js';
import { EmulatedOrg } from './org.js';
import { createEventBus, startPubSubServer } from './pubsub/index.js';
import { ApiUsage, DEVELOPER_EDITION_DAILY_API_REQUESTS } from './rest/api-usage.js';
import { QueryCursors } from './rest/query-cursors.js';
import {
  newCollectionCalls,
  type CollectionCalls,
  type CollectionErrorKey,
} from './rest/rest-context.js';
import { RestApi } from './rest/rest-api.js';
import { RollingCounter } from './rest/rolling-counter.js';

export const DEFAULT_PACKAGE_DIR = fileURLToPath(new URL('../../force-app', import.meta.url));
/** Access token life; Salesforce's default session timeout is 2 hours (unverified here). */
export const DEFAULT_ACCESS_TOKEN_TTL_MS = 2 * 60 * 60 * 1000;

export interface StartEmulatorOptions {
  /** @defaultValue '127.0.0.1' */
  host?: string;
  /** HTTP port; 0 or absent picks a free one. */
  port?: number;
  /** Pub/Sub gRPC port; 0 or absent picks a free one. */
  pubSubPort?: number;
  /** Start the Pub/Sub server. @defaultValue true */
  pubSub?: boolean;
  /**
   * Serve the org over HTTPS with a self-signed certificate (`httpsCertificatePem`), as real
   * instance URLs are; the Pub/Sub client accepts only https instance URLs. @defaultValue false
   */
  https?: boolean;
  /** The Salesforce package the schema comes from. @defaultValue the repository's force-app */
  packageDir?: string;
  /** Events and records persist here across restarts when given (custom metadata and users are rebuilt from the package and the config at every start). */
  dataDir?: string;
  /** Event retention; the bus defaults to 72 h. */
  retentionMs?: number;
  /** @defaultValue 2 hours */
  accessTokenTtlMs?: number;
  /** @defaultValue 15,000 (Developer Edition) */
  dailyApiLimit?: number;
  /** Key of per-record errors in sObject Collections results. @defaultValue 'statusCode' */
  collectionErrorKey?: CollectionErrorKey;
  /** PEM certificate (or public key) for JWT bearer; absent: a key pair is generated. */
  jwtCertificatePem?: string;
  /** Redirect URIs allowed in the web server flow. */
  callbackUrls?: string[];
  /** Change users or the connected app before the org starts. */
  configure?: (config: OrgConfig) => void;
  /** An existing bus to use instead of creating one. */
  bus?: EventBus;
  now?: () => number;
}

export interface EmulatorCredentials {
  orgId: string;
  clientId: string;
  clientSecret: string;
  callbackUrls: string[];
  admin: { username: string; password: string; securityToken: string };
  integration: { username: string; password: string; securityToken: string };
  /** Private key matching the JWT certificate, when the emulator generated it. */
  jwtPrivateKeyPem?: string;
}

export interface EmulatorFaults extends OrgFaults {
  /** Pub/Sub stream faults; undefined when the Pub/Sub server is not started. */
  pubSub?: PubSubFaults;
}

export interface RunningEmulator {
  /** `http(s)://127.0.0.1:PORT`: login URL and instance URL at once. */
  instanceUrl: string;
  /** The self-signed certificate of the org's HTTPS server, when `https` is set. */
  httpsCertificatePem?: string;
  loginUrl: string;
  tokenUrl: string;
  pubSub?: PubSubServerHandle;
  credentials: EmulatorCredentials;
  org: EmulatedOrg;
  bus: EventBus;
  tokens: TokenStore;
  usage: ApiUsage;
  faults: EmulatorFaults;
  /** How many sObject Collections calls the org has served. */
  stats: { collectionCalls: CollectionCalls };
  stop(): Promise<void>;
}

function credentialsOf(config: OrgConfig, privateKeyPem: string | undefined): EmulatorCredentials {
  const [admin, integration] = config.users;
  if (!admin || !integration) throw new Error('the org needs an admin and an integration user');
  const login = (user: typeof admin) => ({
    username: user.username,
    password: user.password,
    securityToken: user.securityToken,
  });
  const credentials: EmulatorCredentials = {
    orgId: config.orgId,
    clientId: config.connectedApp.clientId,
    clientSecret: config.connectedApp.clientSecret,
    callbackUrls: config.connectedApp.callbackUrls,
    admin: login(admin),
    integration: login(integration),
  };
  if (privateKeyPem !== undefined) credentials.jwtPrivateKeyPem = privateKeyPem;
  return credentials;
}

function seedUsers(org: EmulatedOrg, now: string): void {
  for (const user of org.config.users) {
    org.store.put('User', {
      Id: user.id,
      IsDeleted: false,
      Username: user.username,
      FirstName: user.firstName,
      LastName: user.lastName,
      Name: `${user.firstName} ${user.lastName}`,
      Email: user.email,
      Alias: user.username.slice(0, 8),
      IsActive: true,
      TimeZoneSidKey: 'GMT',
      LanguageLocaleKey: 'en_US',
      CreatedDate: now,
      CreatedById: ADMIN_USER_ID,
      LastModifiedDate: now,
      LastModifiedById: ADMIN_USER_ID,
      SystemModstamp: now,
    });
  }
}

export async function startEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  const now = options.now ?? Date.now;
  const generated = options.jwtCertificatePem === undefined ? generateJwtKeyPair() : undefined;
  const config = defaultOrgConfig(
    options.jwtCertificatePem ?? generated?.publicKeyPem ?? '',
    options.callbackUrls,
  );
  options.configure?.(config);
  const bus =
    options.bus ??
    createEventBus({
      ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}),
      ...(options.retentionMs !== undefined ? { retentionMs: options.retentionMs } : {}),
      now,
    });
  let baseUrl = '';
  const org = new EmulatedOrg({
    packageDir: options.packageDir ?? DEFAULT_PACKAGE_DIR,
    config,
    bus,
    instanceUrl: () => baseUrl,
    now,
    ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}),
  });
  seedUsers(org, new Date(now()).toISOString().replace('Z', '+0000'));
  const tokens = new TokenStore({
    orgId: config.orgId,
    accessTokenTtlMs: options.accessTokenTtlMs ?? DEFAULT_ACCESS_TOKEN_TTL_MS,
    now,
  });
  const usage = new ApiUsage(options.dailyApiLimit ?? DEVELOPER_EDITION_DAILY_API_REQUESTS, now);
  const faultState = new FaultState(tokens, usage);
  const codes = new AuthorizationCodes(now);
  const grants = new TokenGrants({ config, tokens, codes, baseUrl: () => baseUrl, now });
  const oauth = new Router();
  addOAuthRoutes(oauth, {
    grants,
    tokens,
    codes,
    baseUrl: () => baseUrl,
    callbackUrls: () => config.connectedApp.callbackUrls,
    clientId: () => config.connectedApp.clientId,
    metadata: { org, tokens },
  });
  const collectionCalls = newCollectionCalls();
  const publishedEvents = new RollingCounter(60 * 60 * 1000, now);
  const stopCountingEvents = bus.onPublish(() => {
    publishedEvents.add(1);
  });
  const rest = new RestApi(
    {
      org,
      usage,
      cursors: new QueryCursors(),
      collectionErrorKey: options.collectionErrorKey ?? 'statusCode',
      collectionCalls,
      publishedEventsLastHour: () => publishedEvents.count(),
      recordFaults: faultState.records,
    },
    now,
  );
  const tls = options.https === true ? await createSelfSignedCertificate(host) : undefined;
  const server = new EmulatorServer({
    oauth,
    rest,
    tokens,
    usage,
    faults: faultState,
    apexRest: () => config.apexRest ?? [],
    ...(tls ? { tls } : {}),
  });
  const port = await server.listen(host, options.port ?? 0);
  baseUrl = `${tls ? 'https' : 'http'}://${host}:${port}`;
  let pubSub: PubSubServerHandle | undefined;
  try {
    if (options.pubSub !== false) {
      pubSub = await startPubSubServer({
        host,
        port: options.pubSubPort ?? 0,
        bus,
        schema: org.schema,
        tokens,
      });
    }
  } catch (error) {
    await server.close();
    org.close();
    stopCountingEvents();
    if (options.bus === undefined) await bus.close();
    throw error;
  }
  const faults: EmulatorFaults = Object.assign(faultState, pubSub ? { pubSub: pubSub.faults } : {});
  const emulator: RunningEmulator = {
    instanceUrl: baseUrl,
    loginUrl: baseUrl,
    tokenUrl: `${baseUrl}/services/oauth2/token`,
    credentials: credentialsOf(config, generated?.privateKeyPem),
    org,
    bus,
    tokens,
    usage,
    faults,
    stats: { collectionCalls },
    async stop() {
      await pubSub?.stop();
      await server.close();
      org.close();
      stopCountingEvents();
      if (options.bus === undefined) await bus.close();
    },
  };
  if (pubSub) emulator.pubSub = pubSub;
  if (tls) emulator.httpsCertificatePem = tls.certificatePem;
  return emulator;
}

export type { EmulatedOrg } from './org.js';
export type { OrgFaults } from './faults/org-faults.js';
