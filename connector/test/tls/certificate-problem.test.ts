import { describe, expect, it } from 'vitest';
import { certificateProblem } from '../../src/tls/certificate-problem.js';

function withCode(message: string, code: string, cause?: unknown): Error {
  return Object.assign(new Error(message, cause === undefined ? undefined : { cause }), { code });
}

describe('certificateProblem', () => {
  it('finds an untrusted certificate deep in the cause chain', () => {
    const error = new Error('fetch failed', {
      cause: new Error('request failed', {
        cause: withCode('self-signed certificate', 'DEPTH_ZERO_SELF_SIGNED_CERT'),
      }),
    });
    expect(certificateProblem(error)).toBe('DEPTH_ZERO_SELF_SIGNED_CERT, self-signed certificate');
  });

  it('says nothing of errors that are not about certificates', () => {
    expect(certificateProblem(withCode('connection refused', 'ECONNREFUSED'))).toBeUndefined();
    expect(certificateProblem('not an error')).toBeUndefined();
    expect(certificateProblem(undefined)).toBeUndefined();
  });

  it('gives the code alone when the error has no message', () => {
    expect(certificateProblem(withCode('', 'CERT_HAS_EXPIRED'))).toBe('CERT_HAS_EXPIRED');
  });
});
