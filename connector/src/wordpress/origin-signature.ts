import { createHmac, timingSafeEqual } from 'node:crypto';

/** Signed requests and pings older or newer than this are refused (replay window). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

function hmacHex(secret: string, message: string): string {
  return createHmac('sha256', secret).update(message).digest('hex');
}

function unixSeconds(now: Date): number {
  return Math.floor(now.getTime() / 1000);
}

/**
 * Headers that mark a request as the connector's own, so the companion plugin records the
 * changes it causes with `origin=connector` (`X-Sfwp-Origin: sha256=HMAC(secret, "<ts>.connector")`).
 */
export function originHeaders(secret: string, now = new Date()): Record<string, string> {
  const timestamp = String(unixSeconds(now));
  return {
    'X-Sfwp-Timestamp': timestamp,
    'X-Sfwp-Origin': `sha256=${hmacHex(secret, `${timestamp}.connector`)}`,
  };
}

/** The signature the plugin puts on a webhook ping: `sha256=HMAC(secret, "<ts>.<raw body>")`. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${hmacHex(secret, `${timestamp}.${body}`)}`;
}

export type WebhookVerdict = { ok: true } | { ok: false; reason: string };

/** Checks a webhook ping: signature present, fresh, and made with the shared secret. */
export function verifyWebhook(
  secret: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  rawBody: string,
  now = new Date(),
): WebhookVerdict {
  const { timestamp, signature } = headers;
  if (timestamp === undefined || signature === undefined)
    return { ok: false, reason: 'unsigned (X-Sfwp-Timestamp and X-Sfwp-Signature required)' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'malformed timestamp' };
  const skew = Math.abs(unixSeconds(now) - Number(timestamp));
  if (skew > SIGNATURE_TOLERANCE_SECONDS)
    return { ok: false, reason: `stale or future timestamp (${skew} s off)` };
  const expected = Buffer.from(webhookSignature(secret, timestamp, rawBody));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'wrong signature' };
  // The plugin's pings are JSON objects; this also keeps a captured origin header (which signs
  // "<ts>.connector") from passing as a ping.
  if (!isJsonObject(rawBody)) return { ok: false, reason: 'body is not a JSON object' };
  return { ok: true };
}

function isJsonObject(text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

/**
 * The signature on a call the companion plugin makes to one of the connector's WordPress routes:
 * `sha256=HMAC(secret, "<ts>.<nonce>.<METHOD>.<path?query>.<raw body>")`. Method and target are
 * signed so a captured call cannot be replayed against another route, and the nonce lets the
 * connector refuse the same call twice.
 */
export function signedRequestSignature(
  secret: string,
  parts: { timestamp: string; nonce: string; method: string; target: string; body: string },
): string {
  const message = [
    parts.timestamp,
    parts.nonce,
    parts.method.toUpperCase(),
    parts.target,
    parts.body,
  ];
  return `sha256=${hmacHex(secret, message.join('.'))}`;
}

/** Headers for a signed call to a connector route (what the plugin sends; tests use it too). */
export function signedRequestHeaders(
  secret: string,
  request: { method: string; target: string; body: string; nonce: string },
  now = new Date(),
): Record<string, string> {
  const timestamp = String(unixSeconds(now));
  return {
    'X-Sfwp-Timestamp': timestamp,
    'X-Sfwp-Nonce': request.nonce,
    'X-Sfwp-Signature': signedRequestSignature(secret, { timestamp, ...request }),
  };
}
