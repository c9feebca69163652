export type { WordPressClient } from './client.js';
export { WpapiWordPressClient, type WpapiWordPressClientOptions } from './wpapi-client.js';
export { SOURCE_ORG_HEADER } from './http.js';
export { JointAcknowledgement } from './joint-acknowledgement.js';
export {
  WordPressAuthenticationError,
  WordPressError,
  WordPressNotFoundError,
  WordPressUnavailableError,
} from './errors.js';
export * from './types.js';
export * from './companion-plugin.js';
export { originHeaders, verifyWebhook, webhookSignature } from './origin-signature.js';
