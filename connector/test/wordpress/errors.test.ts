import { describe, expect, it } from 'vitest';
import {
  WordPressAuthenticationError,
  WordPressNotFoundError,
  WordPressUnavailableError,
  wordPressErrorFrom,
} from '../../src/wordpress/errors.js';

const context = { method: 'POST', route: '/wp/v2/users', username: 'connector' };

describe('wordPressErrorFrom', () => {
  it('names the invalid parameters WordPress reports', () => {
    const error = wordPressErrorFrom(
      400,
      {
        code: 'rest_invalid_param',
        message: 'Invalid parameter(s): email',
        data: { status: 400, params: { email: 'Invalid email address.' } },
      },
      context,
    );
    expect(error.message).toBe(
      'POST /wp/v2/users failed: Invalid parameter(s): email (email: Invalid email address.) ' +
        '[rest_invalid_param, HTTP 400]',
    );
    expect(error.retryable).toBe(false);
    expect(error.code).toBe('rest_invalid_param');
  });

  it('turns 401 into an authentication error that says what to check', () => {
    const error = wordPressErrorFrom(
      401,
      { code: 'incorrect_password', message: '<strong>Error:</strong> The password is wrong.' },
      context,
    );
    expect(error).toBeInstanceOf(WordPressAuthenticationError);
    expect(error.message).toContain("user 'connector'");
    expect(error.message).toContain('Error: The password is wrong.');
    expect(error.message).not.toContain('<strong>');
    expect(error.retryable).toBe(false);
  });

  it('marks 404 as not found and 5xx or 429 as retryable', () => {
    expect(
      wordPressErrorFrom(404, { code: 'rest_post_invalid_id', message: 'x' }, context),
    ).toBeInstanceOf(WordPressNotFoundError);
    for (const status of [500, 502, 503, 429]) {
      const error = wordPressErrorFrom(status, { code: 'x', message: 'busy' }, context);
      expect(error).toBeInstanceOf(WordPressUnavailableError);
      expect(error.retryable).toBe(true);
    }
  });

  it('treats WordPress refusals sent as 500 without a status of their own as permanent', () => {
    const error = wordPressErrorFrom(
      500,
      { code: 'existing_user_login', message: 'Sorry, that username already exists!' },
      context,
    );
    expect(error).not.toBeInstanceOf(WordPressUnavailableError);
    expect(error.retryable).toBe(false);
  });

  it('keeps a snippet of a body that is not a WordPress error', () => {
    const error = wordPressErrorFrom(502, '<html>Bad gateway</html>', context);
    expect(error.code).toBe('sfwp_unexpected_response');
    expect(error.message).toContain('<html>Bad gateway</html>');
    expect(error.retryable).toBe(true);
  });
});
