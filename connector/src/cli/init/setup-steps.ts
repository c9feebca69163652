import type { JwtKeyOutcome } from './jwt-key-pair.js';

/**
 * Where the certificate goes in Salesforce, after Salesforce Help "Configure a JWT Bearer Flow"
 * (xcloud.configure_oauth_jwt_flow_external_client_apps.htm) and "Configure a Client Credentials
 * Flow" (xcloud.configure_client_credentials_flow_for_external_client_apps.htm).
 */
export function jwtSetupSteps(outcome: Extract<JwtKeyOutcome, { kind: 'created' }>): string {
  return `Wrote ${outcome.keyFile}: the RSA 2048 private key (mode 0600). It stays on this server;
never copy it anywhere else. A new key needs its certificate uploaded again.
Wrote ${outcome.certificateFile}: its self-signed certificate (CN=sfwp connector, valid until ${outcome.notAfter.toISOString()}):

${outcome.pem}
Upload the certificate to the sfwp External Client App (Salesforce Help: "Configure a JWT Bearer Flow"):
  1. Setup → Quick Find "External Client Apps Manager" → External Client Apps Manager.
  2. In the sfwp app's row, open the actions menu → Edit Settings.
  3. OAuth Settings: keep Enable OAuth selected, select Enable JWT Bearer Flow.
  4. Upload Files → choose ${outcome.certificateFile} → Save.
  5. Policies → Edit: under OAuth Policies, Permitted Users is "Admin approved users are
     pre-authorized" and the WP_Sync_Integration_User permission set is selected (the package
     sets both; check them). Save.
  6. Settings → OAuth Settings → Consumer Key and Secret: the consumer key is salesforce.auth.clientId.
Alternative without a certificate, the client credentials flow:
  in Edit Settings select Enable Client Credentials Flow; under Policies → Edit set the flow's
  Run As user to the integration user; then run \`sfwp init --auth-method client-credentials\` and give the
  consumer secret through SF_CLIENT_SECRET.
`;
}

export function keptKeyNote(outcome: Extract<JwtKeyOutcome, { kind: 'kept' }>): string {
  return `Kept the existing key ${outcome.keyFile}; Salesforce must hold its certificate. Pass --force
to replace it with a new key pair (and upload the new certificate).
`;
}
