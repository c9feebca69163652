import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { RESULT_MESSAGE_LENGTH, ResultPublisher } from '../../src/salesforce/result-publisher.js';

const result = (message: string) => ({
  mapping: 'Contact_User',
  recordId: '003000000000001AAA',
  wordpressId: 7,
  direction: 'SalesforceToWordPress' as const,
  status: 'Success' as const,
  message,
  sourceEvent: '1',
});

function recordingClient(refuse: boolean) {
  const published: string[] = [];
  return {
    published,
    publish(
      _topic: string,
      payload: Record<string, unknown>,
    ): Promise<{ replayId: number; correlationKey: string }> {
      if (refuse) {
        const refused = new Error('16 UNAUTHENTICATED: An authentication exception occurred.');
        return Promise.reject(new Error('Failed to publish event', { cause: refused }));
      }
      const message = payload.Message__c as { string: string } | null;
      published.push(message?.string ?? '');
      return Promise.resolve({ replayId: published.length, correlationKey: 'key' });
    },
  };
}

describe('ResultPublisher', () => {
  it("cuts a message to Message__c's 32,768 characters, which the org refuses beyond", async () => {
    const client = recordingClient(false);
    const publisher = new ResultPublisher(client, '005000000000001AAA', pino({ level: 'silent' }), {
      flushMs: 10_000,
    });
    publisher.add(result('m'.repeat(RESULT_MESSAGE_LENGTH + 100)));
    await publisher.flush();
    publisher.close();
    expect(client.published.map((message) => message.length)).toEqual([RESULT_MESSAGE_LENGTH]);
  });

  it('renews its client when Pub/Sub refuses the token, and sends the results again', async () => {
    const stale = recordingClient(true);
    const fresh = recordingClient(false);
    let renewals = 0;
    const publisher = new ResultPublisher(stale, '005000000000001AAA', pino({ level: 'silent' }), {
      flushMs: 10_000,
      renewClient: () => {
        renewals++;
        return Promise.resolve(fresh);
      },
    });
    publisher.add(result('first'));
    publisher.add(result('second'));
    await publisher.flush();
    expect(renewals).toBe(1);
    expect(publisher.queued).toBe(2);
    await publisher.flush();
    publisher.close();
    expect(fresh.published).toEqual(['first', 'second']);
    expect(publisher.queued).toBe(0);
  });

  it('keeps results queued without renewing on other failures', async () => {
    const failing = {
      publish: () => Promise.reject(new Error('14 UNAVAILABLE: connection refused')),
    };
    let renewals = 0;
    const publisher = new ResultPublisher(
      failing,
      '005000000000001AAA',
      pino({ level: 'silent' }),
      {
        flushMs: 10_000,
        renewClient: () => {
          renewals++;
          return Promise.resolve(failing);
        },
      },
    );
    publisher.add(result('kept'));
    await publisher.flush();
    publisher.close();
    expect(renewals).toBe(0);
    expect(publisher.queued).toBe(1);
  });
});
