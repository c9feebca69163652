/**
 * OAuth endpoint errors: JSON `{error, error_description}` with HTTP 400, as RFC 6749 and
 * RFC 7523 specify (platform-facts "JWT bearer": errors are standard RFC 7523 JSON).
 */
export class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
    readonly status = 400,
  ) {
    super(description);
    this.name = 'OAuthError';
  }
}

export const authenticationFailure = (): OAuthError =>
  new OAuthError('invalid_grant', 'authentication failure');
