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

describe('Url: a web address, trimmed, for WordPress to filter', () => {
  it.each([
    [' https://acme.example/a%20b ', 'https://acme.example/a%20b'],
    ['www.acme.example', 'www.acme.example'],
    // Not refused here: one bad Website must not block a record's other fields. The plugin
    // stores "" for it (esc_url_raw) and the connector reports the difference.
    [' javascript:alert(1)', 'javascript:alert(1)'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(applyTransform('Url', input)).toEqual({ ok: true, value: expected });
  });

  it('refuses non-text', () => {
    expect(applyTransform('Url', 42)).toMatchObject({ ok: false });
  });
});

describe('Html', () => {
  it('passes HTML through for WordPress to filter, and is declared HTML', () => {
    expect(applyTransform('Html', '<p>Hi</p>')).toEqual({ ok: true, value: '<p>Hi</p>' });
    expect([...HTML_TRANSFORMS].sort()).toEqual(['Html', 'TextToHtml']);
    expect([...URL_TRANSFORMS]).toEqual(['Url']);
  });
});
