import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../api-error.js';
import { startEmulator, type RunningEmulator } from '../index.js';
import { restClient, type RestClient } from '../testing/rest-client.js';

const LEVEL = 'WP_Member_Level__c';

type SaveResult = { success: boolean; errors: { statusCode: string; message: string }[] };

describe('multi-select picklists (Contact.WP_Member_Level__c from force-app)', () => {
  let emulator: RunningEmulator;
  let client: RestClient;

  beforeAll(async () => {
    emulator = await startEmulator({ pubSub: false });
    client = await restClient(emulator, 'integration');
  });
  afterAll(async () => {
    await emulator.stop();
  });

  it('reads the field from the package as a restricted multi-select picklist', async () => {
    const { body } = await client.call('GET', '/sobjects/Contact/describe');
    const field = (body as { fields: Record<string, unknown>[] }).fields.find(
      (candidate) => candidate.name === LEVEL,
    );
    expect(field).toMatchObject({ type: 'multipicklist', restrictedPicklist: true });
    expect((field?.picklistValues as { value: string }[]).map((entry) => entry.value)).toEqual([
      'Bronze',
      'Silver',
      'Gold',
      'Platinum',
    ]);
  });

  it('stores values joined with ; and refuses an unknown one, naming it', () => {
    const id = emulator.org.insert('Contact', { LastName: 'Member', [LEVEL]: 'Gold;Silver' });
    expect(emulator.org.get('Contact', id)?.[LEVEL]).toBe('Gold;Silver');
    let refusal: unknown;
    try {
      emulator.org.update('Contact', id, { [LEVEL]: 'Gold;Diamond' });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(ApiError);
    expect(refusal).toMatchObject({
      status: 400,
      errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
      message: 'Member Level: bad value for restricted picklist field: Diamond',
      fields: [LEVEL],
    });
    expect(emulator.org.get('Contact', id)?.[LEVEL]).toBe('Gold;Silver');
    emulator.org.update('Contact', id, { [LEVEL]: null });
    expect(emulator.org.get('Contact', id)?.[LEVEL]).toBeNull();
  });

  it('fails only the record with the bad value in a collections call', async () => {
    const { body } = await client.call('POST', '/composite/sobjects', {
      allOrNone: false,
      records: [
        { attributes: { type: 'Contact' }, LastName: 'Good', [LEVEL]: 'Bronze' },
        { attributes: { type: 'Contact' }, LastName: 'Bad', [LEVEL]: 'Bronze;gold' },
        { attributes: { type: 'Contact' }, LastName: 'Unicode', [LEVEL]: 'Or★' },
      ],
    });
    const results = body as SaveResult[];
    expect(results.map((result) => result.success)).toEqual([true, false, false]);
    expect(results[1]?.errors[0]).toMatchObject({
      statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
      message: 'Member Level: bad value for restricted picklist field: gold',
    });
    expect(results[2]?.errors[0]?.message).toContain('Or★');
  });

  it('filters with INCLUDES and EXCLUDES', () => {
    const ids = {
      gold: emulator.org.insert('Contact', { LastName: 'Filter', [LEVEL]: 'Gold' }),
      goldSilver: emulator.org.insert('Contact', { LastName: 'Filter', [LEVEL]: 'Silver;Gold' }),
      bronze: emulator.org.insert('Contact', { LastName: 'Filter', [LEVEL]: 'Bronze' }),
      none: emulator.org.insert('Contact', { LastName: 'Filter' }),
    };
    const matching = (condition: string) =>
      emulator.org
        .query(`SELECT Id FROM Contact WHERE LastName = 'Filter' AND ${condition}`)
        .records.map((record) => record.Id)
        .sort();
    expect(matching(`${LEVEL} INCLUDES ('gold')`)).toEqual([ids.gold, ids.goldSilver].sort());
    expect(matching(`${LEVEL} INCLUDES ('Gold;Silver')`)).toEqual([ids.goldSilver]);
    expect(matching(`${LEVEL} INCLUDES ('Gold;Silver', 'Bronze')`)).toEqual(
      [ids.goldSilver, ids.bronze].sort(),
    );
    expect(matching(`${LEVEL} EXCLUDES ('Gold')`)).toEqual([ids.bronze, ids.none].sort());
    expect(() =>
      emulator.org.query(`SELECT Id FROM Contact WHERE LastName INCLUDES ('Filter')`),
    ).toThrow(/includes operator only valid on multipicklist field: LastName/);
  });
});
