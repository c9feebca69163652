/** Salesforce authentication methods `sfwp init` can set up. */
export const AUTH_METHODS = ['jwt', 'client-credentials', 'refresh-token', 'password'] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

/** Where a credential is read from; `sfwp init` never writes a credential's value. */
export type CredentialSource = { env: string } | { file: string };

/** Everything `sfwp init` writes. */
export interface InitAnswers {
  loginUrl: string;
  authMethod: AuthMethod;
  clientId: string;
  /** jwt, password. */
  username?: string;
  /** jwt: PEM file. */
  privateKey?: CredentialSource;
  /** client-credentials, password (required); refresh-token (optional). */
  clientSecret?: CredentialSource;
  /** password. */
  password?: CredentialSource;
  /** refresh-token. */
  refreshToken?: CredentialSource;
  wordpressUrl: string;
  wordpressUsername: string;
  applicationPassword: CredentialSource;
  storePath: string;
}

/** Environment variable names suggested for credentials: the ones the connector reads anyway. */
export const DEFAULT_CREDENTIAL_ENV = {
  clientSecret: 'SF_CLIENT_SECRET',
  password: 'SF_PASSWORD',
  refreshToken: 'SF_REFRESH_TOKEN',
  applicationPassword: 'WP_APP_PASSWORD',
} as const;

export const DEFAULT_STORE_PATH = '.sfwp/state.sqlite';

/** Where `sfwp init` offers to create the JWT key: beside the state, readable by the service. */
export const DEFAULT_JWT_KEY_FILE = '.sfwp/jwt.key';

export function needsUsername(method: AuthMethod): boolean {
  return method === 'jwt' || method === 'password';
}

export function needsClientSecret(method: AuthMethod): boolean {
  return method === 'client-credentials' || method === 'password';
}
