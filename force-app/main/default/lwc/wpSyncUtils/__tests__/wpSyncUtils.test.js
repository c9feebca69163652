import { reduceErrors, COMMAND_LABELS } from 'c/wpSyncUtils';

describe('reduceErrors', () => {
  it('reduces every error shape to its messages', () => {
    const messages = reduceErrors([
      'plain text',
      { body: { message: 'Apex said no' } },
      { body: [{ message: 'first' }, { message: 'second' }] },
      { body: { pageErrors: [{ message: 'page error' }] } },
      new Error('JS error'),
      { statusText: 'Server Error' },
      {},
      null,
    ]);

    expect(messages).toEqual([
      'plain text',
      'Apex said no',
      'first',
      'second',
      'page error',
      'JS error',
      'Server Error',
      'Unknown error',
    ]);
  });

  it('accepts a single error and nothing', () => {
    expect(reduceErrors({ body: { message: 'one' } })).toEqual(['one']);
    expect(reduceErrors(undefined)).toEqual([]);
  });

  it('labels every connector command', () => {
    expect(Object.keys(COMMAND_LABELS).sort()).toEqual(
      ['Pause', 'ReloadMappings', 'ResyncMapping', 'ResyncRecord', 'Resume', 'RetryFailed'].sort(),
    );
  });
});
