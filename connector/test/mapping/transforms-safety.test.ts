import { describe, expect, it } from 'vitest';
import {
  applyTransform,
  HTML_TRANSFORMS,
  textToHtml,
  URL_TRANSFORMS,
} from '../../src/mapping/transforms.js';

describe('TextToHtml: plain Salesforce text into an HTML field shows as written', () => {
  it.each([
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['<a href="x" onclick=\'y\'>', '&lt;a href="x" onclick=\'y\'&gt;'],
    ['Tom & Jerry', 'Tom &#038; Jerry'],
    ['&lt;script&gt;', '&#038;lt;script&#038;gt;'],
    ['&#60;script&#62;', '&#038;#60;script&#038;#62;'],
    ['a < b > c', 'a &lt; b &gt; c'],
    ['line one\nline two', 'line one\nline two'],
  ])('%j → %j', (input, expected) => {
    expect(applyTransform('TextToHtml', input)).toEqual({ ok: true, value: expected });
    expect(textToHtml(input)).toBe(expected);
  });

  it('keeps null and refuses non-text', () => {
    expect(applyTransform('TextToHtml', null)).toEqual({ ok: true, value: null });
    expect(applyTransform('TextToHtml', 3)).toMatchObject({ ok: false });
  });
});

describe('Url: only http and https addresses', () => {
  it.each([
    [' https://acme.example/a%20b ', 'https://acme.example/a%20b'],
    ['http://acme.example', 'http://acme.example'],
    ['www.acme.example', 'www.acme.example'],
    ['acme.example:8080/path', 'acme.example:8080/path'],
    ['', ''],
  ])('keeps %j as %j', (input, expected) => {
    expect(applyTransform('Url', input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    'javascript:alert(1)',
    ' JavaScript:alert(1)',
    'java\tscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
  ])('refuses %j with a message naming the scheme', (input) => {
    const result = applyTransform('Url', input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/^Url accepts http and https addresses only/);
  });
});

describe('Html', () => {
  it('passes HTML through for WordPress to filter, and is declared HTML', () => {
    expect(applyTransform('Html', '<p>Hi</p>')).toEqual({ ok: true, value: '<p>Hi</p>' });
    expect([...HTML_TRANSFORMS].sort()).toEqual(['Html', 'TextToHtml']);
    expect([...URL_TRANSFORMS]).toEqual(['Url']);
  });
});
