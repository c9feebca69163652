import { describe, expect, it } from 'vitest';
import { applyTransform, contentHash, htmlToText } from '../../src/mapping/index.js';

describe('transforms', () => {
  it('applies the named transform and leaves null alone', () => {
    expect(applyTransform('Trim', '  x ')).toEqual({ ok: true, value: 'x' });
    expect(applyTransform('Lowercase', 'AbC')).toEqual({ ok: true, value: 'abc' });
    expect(applyTransform('DateOnly', '2026-01-31')).toEqual({ ok: true, value: '2026-01-31' });
    expect(applyTransform('Trim', null)).toEqual({ ok: true, value: null });
    expect(applyTransform('None', 42)).toEqual({ ok: true, value: 42 });
  });

  it('refuses wrong input types rather than coercing them', () => {
    expect(applyTransform('Lowercase', 5)).toEqual({
      ok: false,
      message: 'Lowercase needs text, got number',
    });
  });

  it('turns HTML into text without script bodies and with entities decoded', () => {
    expect(
      htmlToText(
        '<p>Fish &amp; chips&nbsp;&#8211; <b>hot</b></p><script>alert("x")</script><p>Line&#x21;</p>',
      ),
    ).toBe('Fish & chips – hot\nLine!');
  });
});

describe('contentHash', () => {
  it('ignores key order and treats blank, null and absent alike', () => {
    expect(contentHash({ a: 'x', b: '', c: null })).toBe(contentHash({ a: 'x' }));
    expect(contentHash({ b: 1, a: 2 })).toBe(contentHash({ a: 2, b: 1 }));
  });

  it('changes when a value changes', () => {
    expect(contentHash({ a: 'x' })).not.toBe(contentHash({ a: 'y' }));
    expect(contentHash({ meta: { city: 'Paris' } })).not.toBe(
      contentHash({ meta: { city: 'Lyon' } }),
    );
  });
});
