import { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../index.js';
import { passwordToken } from '../testing/rest-client.js';

/** Unmodified jsforce's Metadata API client, as the connector calls it. */
async function connectionAs(emulator: RunningEmulator, who: 'admin' | 'integration') {
  return new Connection({
    instanceUrl: emulator.instanceUrl,
    accessToken: await passwordToken(emulator, who),
    version: '65.0',
  });
}

describe('Metadata API readMetadata() of TopicsForObjects', () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator({
      pubSub: false,
      configure: (config) => {
        config.topicsEnabledFor = ['Contact'];
      },
    });
  });
  afterAll(async () => {
    await emulator.stop();
  });

  it('answers enableTopics per object from the org settings, in the order asked', async () => {
    const connection = await connectionAs(emulator, 'admin');
    const records = await connection.metadata.read('TopicsForObjects', ['Contact', 'Lead']);
    expect(records).toEqual([
      { fullName: 'Contact', enableTopics: true, entityApiName: 'Contact' },
      { fullName: 'Lead', enableTopics: false, entityApiName: 'Lead' },
    ]);
    const single = await connection.metadata.read('TopicsForObjects', 'contact');
    expect(single).toEqual({ fullName: 'Contact', enableTopics: true, entityApiName: 'Contact' });
  });

  it('follows a change of the setting at once', async () => {
    const connection = await connectionAs(emulator, 'admin');
    emulator.org.config.topicsEnabledFor = ['Contact', 'Lead'];
    try {
      const lead = await connection.metadata.read('TopicsForObjects', 'Lead');
      expect(lead).toMatchObject({ enableTopics: true });
    } finally {
      emulator.org.config.topicsEnabledFor = ['Contact'];
    }
  });

  it('refuses a user without Modify Metadata or Modify All Data', async () => {
    const connection = await connectionAs(emulator, 'integration');
    await expect(connection.metadata.read('TopicsForObjects', 'Contact')).rejects.toMatchObject({
      errorCode: 'sf:INSUFFICIENT_ACCESS',
    });
  });

  it('answers the integration user once it is granted Modify Metadata', async () => {
    const permissions = emulator.org.user(emulator.credentials.integration.username).profile
      .userPermissions;
    permissions.push('ModifyMetadata');
    try {
      const connection = await connectionAs(emulator, 'integration');
      const contact = await connection.metadata.read('TopicsForObjects', 'Contact');
      expect(contact).toMatchObject({ enableTopics: true });
    } finally {
      permissions.pop();
    }
  });

  it('names what it does not emulate', async () => {
    const connection = await connectionAs(emulator, 'admin');
    await expect(connection.metadata.read('CustomObject', 'Contact')).rejects.toThrow(
      /readMetadata\(\) of CustomObject is not supported/,
    );
    await expect(connection.metadata.list([{ type: 'CustomObject' }])).rejects.toThrow(
      /listMetadata\(\) is not supported/,
    );
  });
});
