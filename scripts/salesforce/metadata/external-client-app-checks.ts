import path from 'node:path';
import type { GateIssue } from '../types.js';
import type { ProjectModel, XmlDocument } from './project-model.js';
import { text } from './xml.js';

/**
 * The External Client App the connector signs in with. What convert and the schema gate cannot see:
 * the package must never carry the org-specific or secret half of the app, its parts must name the
 * app and the permission sets that exist, and its scopes must be real scope names.
 *
 * Pages: Metadata API Developer Guide, ExternalClientApplication, ExtlClntAppOauthSettings,
 * ExtlClntAppOauthConfigurablePolicies and ExtlClntAppGlobalOauthSettings ("private and sensitive
 * OAuth consumer information that can't be packaged and must not be added to source control").
 */

const APP_ROOT = 'ExternalClientApplication';
const GLOBAL_OAUTH_ROOT = 'ExtlClntAppGlobalOauthSettings';
const GLOBAL_OAUTH_SUFFIX = '.ecaGlblOauth-meta.xml';

/** Elements that hold a secret, a certificate or a value only one org knows (a user, an id). */
const ORG_SPECIFIC_ELEMENTS = [
  'certificate',
  'clientAssertionCertificate',
  'clientCredentialsFlowUser',
  'consumerKey',
  'consumerSecret',
  'executeHandlerAs',
  'oauthLink',
  'orgScopedExternalApp',
];

/** `commaSeparatedOauthScopes` values listed on the ExtlClntAppOauthSettings page. */
const OAUTH_SCOPES = new Set(
  (
    'Basic Api Web Full Chatter CustomApplications RefreshToken OpenID Profile Email Address ' +
    'Phone OfflineAccess CustomPermissions Wave Eclair Pardot Lightning Content CDPIngest ' +
    'CDPProfile CDPQuery Chatbot CDPSegment CDPIdentityResolution CDPCalculatedInsight ' +
    'SFApiPlatform Interaction EinsteinGPT PwdlessLogin ForgotPassword UserRegistration MCP SCRT'
  ).split(' '),
);

function componentName(file: string): string {
  return path.basename(file).replace(/\.[^.]+-meta\.xml$/, '');
}

function commaSeparated(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function orgSpecificIssues(document: XmlDocument): GateIssue[] {
  return ORG_SPECIFIC_ELEMENTS.filter((element) => text(document.root, element) !== undefined).map(
    (element) => ({
      file: document.file,
      rule: 'eca-org-specific',
      message: `<${element}> is a secret or belongs to one org; the admin sets it after install, never in the package`,
    }),
  );
}

function scopeIssues(document: XmlDocument): GateIssue[] {
  const unknown = commaSeparated(text(document.root, 'commaSeparatedOauthScopes')).filter(
    (scope) => !OAUTH_SCOPES.has(scope),
  );
  return unknown.length === 0
    ? []
    : [
        {
          file: document.file,
          rule: 'eca-scope',
          message: `unknown OAuth scope(s) ${unknown.join(', ')}; scope names are Api, RefreshToken, Web, …`,
        },
      ];
}

function preauthorizationIssues(document: XmlDocument, permissionSets: Set<string>): GateIssue[] {
  const issues: GateIssue[] = [];
  const named = commaSeparated(text(document.root, 'commaSeparatedPermissionSet'));
  for (const name of named.filter((permissionSet) => !permissionSets.has(permissionSet))) {
    issues.push({
      file: document.file,
      rule: 'eca-preauthorization',
      message: `permission set ${name} is not in the package`,
    });
  }
  const preAuthorized =
    text(document.root, 'permittedUsersPolicyType') === 'AdminApprovedPreAuthorized';
  if (preAuthorized && named.length === 0 && !text(document.root, 'commaSeparatedProfile')) {
    issues.push({
      file: document.file,
      rule: 'eca-preauthorization',
      message:
        'AdminApprovedPreAuthorized needs commaSeparatedPermissionSet (or a profile) naming who may sign in',
    });
  }
  return issues;
}

/** Checks every External Client App document of the project. */
export function checkExternalClientApps(model: ProjectModel): GateIssue[] {
  const issues: GateIssue[] = model.files
    .filter((file) => file.endsWith(GLOBAL_OAUTH_SUFFIX))
    .map((file) => ({
      file,
      rule: 'eca-org-specific',
      message: `${GLOBAL_OAUTH_ROOT} holds the consumer key, secret and certificate: it cannot be packaged and must not be in source control`,
    }));
  const apps = new Set(
    model.documents
      .filter((doc) => doc.rootName === APP_ROOT)
      .map((doc) => componentName(doc.file)),
  );
  const permissionSets = new Set(
    model.documents
      .filter((doc) => doc.rootName === 'PermissionSet')
      .map((doc) => componentName(doc.file)),
  );
  const parts = model.documents.filter(
    (doc) => doc.rootName === APP_ROOT || doc.rootName.startsWith('ExtlClntApp'),
  );
  for (const document of parts) {
    issues.push(...orgSpecificIssues(document));
    if (document.rootName === APP_ROOT) continue;
    const app = text(document.root, 'externalClientApplication') ?? '';
    if (!apps.has(app)) {
      issues.push({
        file: document.file,
        rule: 'eca-reference',
        message: `externalClientApplication ${app || '(missing)'} is no External Client App of the package`,
      });
    }
    issues.push(...scopeIssues(document), ...preauthorizationIssues(document, permissionSets));
  }
  return issues;
}
