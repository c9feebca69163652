/**
 * The org's default users and connected app. Two users: an administrator (System Administrator
 * profile, WP_Sync_Admin permission set), and the connector's integration user (minimum-access
 * profile, WP_Sync_Integration_User permission set; pre-authorised for JWT bearer and the
 * client credentials run-as user).
 */
import { generateKeyPairSync } from 'node:crypto';
import { toId18 } from './ids.js';
import {
  INTEGRATION_PERMISSION_SET,
  TOPICS_ENABLED_AT_ORG_CREATION,
  type OrgConfig,
} from './org-config.js';
import { SAMPLE_APEX_REST_CLASS } from './rest/apex-rest.js';

export const DEFAULT_ORG_ID = toId18('00D5g000000Emul');
export const ADMIN_USER_ID = toId18('0055g000001Admn');
export const INTEGRATION_USER_ID = toId18('0055g000002Intg');
export const DEFAULT_CALLBACK_URL = 'http://127.0.0.1/oauth/callback';

export interface GeneratedKeyPair {
  privateKeyPem: string;
  publicKeyPem: string;
}

/** An RSA key pair for JWT bearer; the public half stands in for the uploaded certificate. */
export function generateJwtKeyPair(): GeneratedKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export function defaultOrgConfig(
  jwtCertificatePem: string,
  callbackUrls: string[] = [DEFAULT_CALLBACK_URL],
): OrgConfig {
  return {
    orgId: DEFAULT_ORG_ID,
    users: [
      {
        id: ADMIN_USER_ID,
        username: 'admin@sfwp.emulator',
        password: 'admin-password-1',
        securityToken: 'AdminSecurityToken',
        email: 'admin@sfwp.emulator',
        firstName: 'Ada',
        lastName: 'Admin',
        profile: {
          name: 'System Administrator',
          // The standard System Administrator profile holds the topic permissions (our reading).
          userPermissions: [
            'ApiEnabled',
            'CustomizeApplication',
            'ModifyAllData',
            'ViewAllData',
            'AssignTopics',
            'CreateTopics',
            'EditTopics',
            'DeleteTopics',
          ],
        },
        permissionSets: ['WP_Sync_Admin'],
        customPermissions: [],
      },
      {
        id: INTEGRATION_USER_ID,
        username: 'integration@sfwp.emulator',
        password: 'integration-password-1',
        securityToken: 'IntegrationSecurityToken',
        email: 'integration@sfwp.emulator',
        firstName: 'Sync',
        lastName: 'Integration',
        // A minimum-access profile: everything the connector may do comes from its permission set.
        profile: {
          name: 'Minimum Access - API Only Integrations',
          userPermissions: ['ApiEnabled'],
        },
        permissionSets: [INTEGRATION_PERMISSION_SET],
        customPermissions: [],
      },
    ],
    connectedApp: {
      clientId: '3MVG9EmulatorConsumerKey.sfwp',
      clientSecret: 'EMULATOR0CONSUMER0SECRET0000000000000000000000000000000000000000',
      jwtCertificatePem,
      preAuthorizedUsernames: ['integration@sfwp.emulator'],
      clientCredentialsUsername: 'integration@sfwp.emulator',
      callbackUrls,
      rotateRefreshTokens: false,
    },
    apexRest: [SAMPLE_APEX_REST_CLASS],
    topicsEnabledFor: [...TOPICS_ENABLED_AT_ORG_CREATION],
  };
}
