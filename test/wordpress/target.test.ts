import { describe, expect, it } from 'vitest';
import { wordPressTargetFromEnv } from './target.js';

describe('wordPressTargetFromEnv', () => {
  it('is undefined when no WP_* variable is set, so the run starts its own WordPress', () => {
    expect(wordPressTargetFromEnv({})).toBeUndefined();
  });

  it('uses an existing WordPress when all three are set', () => {
    expect(
      wordPressTargetFromEnv({
        WP_URL: 'https://blog.example.test/',
        WP_USERNAME: 'sync',
        WP_APP_PASSWORD: 'pw',
      }),
    ).toEqual({ url: 'https://blog.example.test', username: 'sync', applicationPassword: 'pw' });
  });

  it('names the missing variables when only some are set', () => {
    expect(() => wordPressTargetFromEnv({ WP_URL: 'https://x.test' })).toThrow(
      /missing: WP_USERNAME, WP_APP_PASSWORD/,
    );
  });
});
