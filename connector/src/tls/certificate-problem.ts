/** Node's codes for a certificate the client does not trust (or that does not match the host). */
const CERTIFICATE_ERRORS = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * The certificate failure somewhere in an error's cause chain, as "CODE, message", or
 * undefined when the error is not about an untrusted certificate.
 */
export function certificateProblem(error: unknown): string | undefined {
  for (let cause = error, depth = 0; cause && depth < 8; depth++) {
    const { code, message } = cause as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && CERTIFICATE_ERRORS.has(code)) {
      return typeof message === 'string' && message !== '' ? `${code}, ${message}` : code;
    }
    cause = (cause as { cause?: unknown }).cause;
  }
  return undefined;
}
