import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { originHeaders, verifyWebhook, webhookSignature } from '../../src/wordpress/index.js';

const secret = 'a'.repeat(40);
const now = new Date('2026-11-22T12:00:00Z');
const ts = String(now.getTime() / 1000);

describe('origin and webhook signatures', () => {
  it('signs requests as the plugin expects: HMAC-SHA256 of "<ts>.connector"', () => {
    const headers = originHeaders(secret, now);
    expect(headers['X-Sfwp-Timestamp']).toBe(ts);
    expect(headers['X-Sfwp-Origin']).toBe(
      `sha256=${createHmac('sha256', secret).update(`${ts}.connector`).digest('hex')}`,
    );
  });

  it('accepts a fresh ping signed over timestamp and body', () => {
    const body = '{"latest_cursor":5,"count":1}';
    const signature = webhookSignature(secret, ts, body);
    expect(verifyWebhook(secret, { timestamp: ts, signature }, body, now)).toEqual({ ok: true });
  });

  it.each([
    ['unsigned', undefined, undefined, /unsigned/],
    ['wrong secret', ts, webhookSignature('b'.repeat(40), ts, '{}'), /wrong signature/],
    ['stale', String(Number(ts) - 301), 'sha256=00', /stale/],
    ['body changed', ts, webhookSignature(secret, ts, '{"other":1}'), /wrong signature/],
    ['malformed timestamp', '12ab', 'sha256=00', /malformed/],
  ])('refuses a %s ping', (_name, timestamp, signature, reason) => {
    const verdict = verifyWebhook(secret, { timestamp, signature }, '{}', now);
    expect(verdict.ok).toBe(false);
    expect(verdict.ok ? '' : verdict.reason).toMatch(reason);
  });

  it('refuses a captured origin header replayed as a ping (its body is not a JSON object)', () => {
    const origin = originHeaders(secret, now)['X-Sfwp-Origin'];
    const verdict = verifyWebhook(secret, { timestamp: ts, signature: origin }, 'connector', now);
    expect(verdict).toEqual({ ok: false, reason: 'body is not a JSON object' });
  });
});
