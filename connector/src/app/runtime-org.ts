import type { Logger } from 'pino';
import { ConfigError } from '../config/config-error.js';
import type { Config } from '../config/load-config.js';
import type { ObjectMapping } from '../mapping/types.js';
import { isOrgToOrgMapping } from '../salesforce-to-salesforce/validate.js';
import type { StateStore } from '../store/state-store.js';
import type { JointAcknowledgement } from '../wordpress/joint-acknowledgement.js';

/** Which org a runtime serves, when the connector serves several. */
export interface RuntimeOrg {
  /** The org's name; `config.salesforce` holds its settings. */
  name: string;
  /**
   * The org's view of the store the connector opened (and claimed) for every org; the runtime
   * neither opens nor closes it. Absent: the runtime opens the store itself (one org).
   */
  store?: StateStore;
  /** Several orgs share the WordPress site: the runtime's writes say which org they are for. */
  severalOrgs?: boolean;
  /** The other orgs' mappings: the companion plugin's settings must cover every org's. */
  otherOrgsMappings?: () => Iterable<ObjectMapping>;
  /** The change feed's acknowledgement, shared by every org's reader. */
  sharedFeed?: JointAcknowledgement;
}

/** The mappings with WordPress, and those to other orgs (`Target_Org__c`), each by name. */
export function splitMappings(
  mappings: readonly ObjectMapping[],
): [Map<string, ObjectMapping>, Map<string, ObjectMapping>] {
  const named = (list: readonly ObjectMapping[]): Map<string, ObjectMapping> =>
    new Map(list.map((mapping) => [mapping.name, mapping]));
  return [
    named(mappings.filter((mapping) => !isOrgToOrgMapping(mapping))),
    named(mappings.filter(isOrgToOrgMapping)),
  ];
}

/**
 * Says loudly when TLS verification is off, and refuses a shared secret too short to sign
 * with; returns the secret.
 */
export function checkedStartSettings(config: Config, logger: Logger): string | undefined {
  if (!config.salesforce.verifyTls) {
    logger.warn(
      'TLS VERIFICATION IS OFF for Salesforce (salesforce.verifyTls: false). Use this only against a local emulator.',
    );
  }
  if (!config.wordpress.verifyTls) {
    logger.warn(
      'TLS VERIFICATION IS OFF for WordPress (wordpress.verifyTls: false). Use this only for local testing.',
    );
  }

  const sharedSecret = config.wordpress.sharedSecret?.reveal();
  if (sharedSecret !== undefined && sharedSecret.length < 32) {
    throw new ConfigError(
      [
        {
          setting: 'wordpress.sharedSecret',
          message: 'must be at least 32 characters (e.g. `openssl rand -hex 32`)',
        },
      ],
      'wordpress.sharedSecret',
    );
  }
  return sharedSecret;
}
