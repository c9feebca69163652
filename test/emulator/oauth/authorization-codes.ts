import { randomBytes } from 'node:crypto';

export interface AuthorizationGrant {
  userId: string;
  redirectUri: string;
  codeChallenge?: string;
  expiresAt: number;
}

/** Single-use authorization codes of the web server flow (15-minute life, unverified). */
export class AuthorizationCodes {
  private readonly codes = new Map<string, AuthorizationGrant>();

  constructor(private readonly now: () => number) {}

  issue(grant: Omit<AuthorizationGrant, 'expiresAt'>): string {
    const code = `aPrx${randomBytes(32).toString('base64url')}`;
    this.codes.set(code, { ...grant, expiresAt: this.now() + 15 * 60_000 });
    return code;
  }

  consume(code: string): AuthorizationGrant | undefined {
    const grant = this.codes.get(code);
    this.codes.delete(code);
    return grant && grant.expiresAt > this.now() ? grant : undefined;
  }
}
