import { timingSafeEqual } from 'node:crypto';
import {
  SIGNATURE_TOLERANCE_SECONDS,
  signedRequestSignature,
} from '../wordpress/origin-signature.js';
import type { ReplayGuard } from './replay-guard.js';

export interface SignedRequestParts {
  timestamp: string | undefined;
  nonce: string | undefined;
  signature: string | undefined;
  method: string;
  /** Path and query exactly as sent, e.g. `/wordpress/link-status?type=user&ids=1,2`. */
  target: string;
  body: string;
}

export type SignedRequestVerdict = { ok: true } | { ok: false; reason: string };

const NONCE = /^[A-Za-z0-9_-]{16,128}$/;

/**
 * Checks a signed call from the companion plugin: headers present, timestamp within the window,
 * signature made with the shared secret over method, target and body, and a nonce not seen
 * before (checked last, so a forged call cannot use up a real nonce).
 */
export function verifySignedRequest(
  secret: string,
  parts: SignedRequestParts,
  replays: ReplayGuard,
  now = new Date(),
): SignedRequestVerdict {
  const { timestamp, nonce, signature } = parts;
  if (timestamp === undefined || nonce === undefined || signature === undefined) {
    return {
      ok: false,
      reason: 'unsigned (X-Sfwp-Timestamp, X-Sfwp-Nonce and X-Sfwp-Signature required)',
    };
  }
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'malformed timestamp' };
  if (!NONCE.test(nonce)) return { ok: false, reason: 'malformed nonce' };
  const skew = Math.abs(Math.floor(now.getTime() / 1000) - Number(timestamp));
  if (skew > SIGNATURE_TOLERANCE_SECONDS) {
    return { ok: false, reason: `stale or future timestamp (${String(skew)} s off)` };
  }
  const expected = Buffer.from(
    signedRequestSignature(secret, {
      timestamp,
      nonce,
      method: parts.method,
      target: parts.target,
      body: parts.body,
    }),
  );
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'wrong signature' };
  }
  if (!replays.admit(nonce, now.getTime())) return { ok: false, reason: 'replayed call' };
  return { ok: true };
}
