/** Who can sign in to the emulated org, and through which connected app. */
import type { DuplicateRuleConfig } from './behaviour/duplicate-rules.js';
import type { ApexRestClass } from './rest/apex-rest.js';

export interface OrgUser {
  id: string;
  username: string;
  password: string;
  /** Appended to the password in the username-password flow; may be empty. */
  securityToken: string;
  email: string;
  firstName: string;
  lastName: string;
  /** The user's profile: its name and the user (system) permissions it grants. */
  profile: OrgUserProfile;
  /**
   * Permission sets assigned to the user, by API name. Their grants (custom metadata type
   * access, custom permissions, user permissions) come from the package's
   * `*.permissionset-meta.xml`, so the emulator enforces what the package actually grants.
   */
  permissionSets: string[];
  /** Custom permissions granted besides those of the permission sets (for tests). */
  customPermissions: string[];
}

export interface OrgUserProfile {
  name: string;
  /** e.g. `CustomizeApplication`, which reads every custom metadata type over the API. */
  userPermissions: string[];
}

export interface ConnectedApp {
  clientId: string;
  clientSecret: string;
  /** PEM certificate (or public key) that verifies JWT bearer assertions. */
  jwtCertificatePem: string;
  /** Usernames pre-authorised for the JWT bearer flow ("Admin approved users are pre-authorized"). */
  preAuthorizedUsernames: string[];
  /** The run-as user of the client credentials flow; absent disables the flow. */
  clientCredentialsUsername?: string;
  /** Allowed redirect URIs for the web server flow. */
  callbackUrls: string[];
  /** Issue a new refresh token on every refresh (rotation; platform-facts "Web server + PKCE"). */
  rotateRefreshTokens: boolean;
}

export interface OrgConfig {
  orgId: string;
  users: OrgUser[];
  connectedApp: ConnectedApp;
  /** Active duplicate rules (none by default; `org.duplicateRules.set` changes them later). */
  duplicateRules?: DuplicateRuleConfig[];
  /** `@RestResource` classes served under /services/apexrest (rest/apex-rest.ts). */
  apexRest?: ApexRestClass[];
  /**
   * Objects whose records take topics (Metadata API TopicsForObjects `enableTopics`); absent:
   * {@link TOPICS_ENABLED_AT_ORG_CREATION}. TopicAssignments on other objects are refused.
   */
  topicsEnabledFor?: string[];
}

/**
 * Objects with topics enabled "upon org creation" (Metadata API Developer Guide,
 * TopicsForObjects: true for these, false for all remaining standard and custom objects).
 */
export const TOPICS_ENABLED_AT_ORG_CREATION: readonly string[] = [
  'Account',
  'Asset',
  'Campaign',
  'Case',
  'Contact',
  'ContentDocument',
  'Contract',
  'Event',
  'Lead',
  'Opportunity',
  'Order',
  'Solution',
  'Task',
];

/** The custom permission whose holders' changes publish no sync event (issue 4). */
export const INTEGRATION_PERMISSION = 'WP_Sync_Integration';

/** The package's permission set for the connector's integration user. */
export const INTEGRATION_PERMISSION_SET = 'WP_Sync_Integration_User';
