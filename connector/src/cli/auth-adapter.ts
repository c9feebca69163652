import { openSalesforceSession } from '../salesforce/session.js';
import { webLogin } from '../salesforce/web-login.js';
import type { AuthOperations } from './commands/auth.js';

/** `sfwp auth login|test` on the connector's Salesforce session and web-server login. */
export const authOperations: AuthOperations = {
  async login(config, options) {
    return webLogin(config, {
      ...(options.port === undefined ? {} : { port: options.port }),
      print: options.print,
    });
  },
  async test(config) {
    if (!config.salesforce.verifyTls) {
      process.stderr.write(
        'warning: TLS VERIFICATION IS OFF for Salesforce (salesforce.verifyTls: false). Use this only against a local emulator.\n',
      );
    }
    const session = await openSalesforceSession(config.salesforce);
    return {
      instanceUrl: session.instanceUrl(),
      organizationId: session.organizationId,
      userId: session.userId,
    };
  },
};
