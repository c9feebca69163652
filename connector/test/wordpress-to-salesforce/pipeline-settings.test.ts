import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/app/runtime.js';
import { companionSettingsFor } from '../../src/wordpress-to-salesforce/companion-settings.js';
import { startWordPressSync } from '../../src/wordpress-to-salesforce/pipeline.js';
import type { CompanionSettings, CompanionStatus } from '../../src/wordpress/companion-plugin.js';
import { accountToOrganization, contactToUser } from '../mapping/fixtures.js';

const STATUS: CompanionStatus = {
  version: '1.0.0',
  latestCursor: 0,
  ackedCursor: 0,
  pending: 0,
  postTypes: [],
  webhookUrl: null,
  sharedSecretSet: false,
  sharedSecretSource: null,
  unfilteredHtml: false,
  warnings: [],
};

class StopStart extends Error {}

/** A runtime whose plugin records what it is told and then stops the start there. */
function runtimeWith(
  me: { id: number },
  secretSource: CompanionStatus['sharedSecretSource'],
  secret?: string,
) {
  const pushed: CompanionSettings[] = [];
  const runtime = {
    config: {
      changeFeed: { enabled: true, configurePlugin: true, webhookUrl: undefined },
      wordpress: {
        sharedSecret: secret === undefined ? undefined : { reveal: () => secret },
      },
    },
    logger: pino({ level: 'silent' }),
    mappings: () => new Map([[contactToUser.name, contactToUser]]),
    wordpress: {
      currentUser: () => Promise.resolve({ ...me, name: 'sfwp', url: '', description: '' }),
      companion: {
        status: () => Promise.resolve({ ...STATUS, sharedSecretSource: secretSource }),
        configure: (settings: CompanionSettings) => {
          pushed.push(settings);
          return Promise.reject(new StopStart());
        },
      },
    },
  } as unknown as Runtime;
  return { runtime, pushed };
}

describe('settings the connector pushes to the companion plugin', () => {
  it('names the connector’s own WordPress user, read from users/me', async () => {
    const { runtime, pushed } = runtimeWith({ id: 42 }, null);
    await expect(startWordPressSync(runtime, () => undefined)).rejects.toBeInstanceOf(StopStart);
    expect(pushed).toHaveLength(1);
    expect(pushed[0]).toMatchObject({ connector_user_id: 42, post_types: [] });
  });

  it('clears the user when a secret signs the connector’s requests, so people using that account still sync', async () => {
    const { runtime, pushed } = runtimeWith({ id: 7 }, 'option', 's'.repeat(32));
    await expect(startWordPressSync(runtime, () => undefined)).rejects.toBeInstanceOf(StopStart);
    expect(pushed[0]?.connector_user_id).toBe(0);
    expect(pushed[0]?.shared_secret).toBe('s'.repeat(32));
  });

  it('leaves a secret fixed in wp-config.php alone and still clears the user', async () => {
    const { runtime, pushed } = runtimeWith({ id: 7 }, 'constant', 's'.repeat(32));
    await expect(startWordPressSync(runtime, () => undefined)).rejects.toBeInstanceOf(StopStart);
    expect(pushed[0]?.connector_user_id).toBe(0);
    expect(pushed[0]).not.toHaveProperty('shared_secret');
  });

  it('builds the key lists, and leaves the user out when none is given', () => {
    const settings = companionSettingsFor([contactToUser, accountToOrganization], {
      webhookUrl: undefined,
      sharedSecret: undefined,
    });
    expect(settings).not.toHaveProperty('connector_user_id');
    expect(settings.post_types).toEqual(['organization']);
    expect(settings.meta).toEqual({ organization: ['billing_city', 'founded'] });
    expect(
      companionSettingsFor([contactToUser], {
        webhookUrl: 'https://connector.example/wake',
        sharedSecret: 's'.repeat(32),
        connectorUserId: 3,
      }),
    ).toMatchObject({
      webhook_url: 'https://connector.example/wake',
      shared_secret: 's'.repeat(32),
      connector_user_id: 3,
    });
  });
});
