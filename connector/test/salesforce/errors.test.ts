import { Connection } from 'jsforce';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  salesforceCall,
  SalesforceApiError,
  SalesforceRequestLimitError,
  REFRESH_FAILED_CODE,
  SalesforceSessionError,
  toSalesforceError,
} from '../../src/salesforce/errors.js';
import { classifyFailure } from '../../src/engine/retry-policy.js';
import { SalesforceRecordGateway } from '../../src/salesforce/record-gateway.js';
import { startEmulator, type RunningEmulator } from '../../../test/emulator/index.js';

/** What jsforce's HttpApiError looks like: name and errorCode are Salesforce's code. */
function jsforceError(message: string, errorCode: string, data?: unknown): Error {
  return Object.assign(new Error(message), { name: errorCode, errorCode, data });
}

describe('toSalesforceError', () => {
  it('types a Salesforce answer, keeping its message, code, fields and the original as cause', () => {
    const original = jsforceError('No such column', 'INVALID_FIELD', {
      message: 'No such column',
      errorCode: 'INVALID_FIELD',
      fields: ['Nope__c'],
    });
    const typed = toSalesforceError(original);
    expect(typed).toBeInstanceOf(SalesforceApiError);
    expect(typed).toMatchObject({
      name: 'SalesforceApiError',
      message: 'No such column',
      errorCode: 'INVALID_FIELD',
      httpStatus: undefined,
      fields: ['Nope__c'],
      cause: original,
    });
  });

  it('has a type for a refused session and for a spent API allowance', () => {
    for (const code of ['INVALID_SESSION_ID', 'INVALID_AUTH_HEADER']) {
      const typed = toSalesforceError(jsforceError('Session expired or invalid', code));
      expect(typed).toBeInstanceOf(SalesforceSessionError);
      expect(typed).toBeInstanceOf(SalesforceApiError);
      expect((typed as Error).name).toBe('SalesforceSessionError');
    }
    const limit = toSalesforceError(
      jsforceError('TotalRequests Limit exceeded.', 'REQUEST_LIMIT_EXCEEDED'),
    );
    expect(limit).toBeInstanceOf(SalesforceRequestLimitError);
    expect(limit).toMatchObject({ errorCode: 'REQUEST_LIMIT_EXCEEDED' });
  });

  it('reads the HTTP status jsforce puts in the code of a body that is not Salesforce’s', () => {
    expect(
      toSalesforceError(jsforceError('<html>Bad gateway</html>', 'ERROR_HTTP_502')),
    ).toMatchObject({ errorCode: 'ERROR_HTTP_502', httpStatus: 502 });
  });

  it('collects the fields of every error when Salesforce answered several', () => {
    const typed = toSalesforceError(
      jsforceError('Multiple errors returned.', 'MULTIPLE_API_ERRORS', [
        { errorCode: 'INVALID_FIELD', message: 'a', fields: ['A__c'] },
        { errorCode: 'INVALID_FIELD', message: 'b', fields: ['B__c', 'A__c'] },
      ]),
    );
    expect(typed).toMatchObject({ errorCode: 'MULTIPLE_API_ERRORS', fields: ['A__c', 'B__c'] });
  });

  it('leaves everything that is not a Salesforce answer as it is', () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const typed = new SalesforceApiError('x', { errorCode: 'X' });
    for (const error of [reset, typed, new Error('bug'), 'text', undefined, { errorCode: 'X' }])
      expect(toSalesforceError(error)).toBe(error);
  });

  it('salesforceCall rethrows typed and passes results through', async () => {
    await expect(salesforceCall(Promise.resolve(7))).resolves.toBe(7);
    await expect(
      salesforceCall(Promise.reject(jsforceError('gone', 'REQUEST_LIMIT_EXCEEDED'))),
    ).rejects.toBeInstanceOf(SalesforceRequestLimitError);
  });
});

describe('what the salesforce/ modules throw for the org’s refusals', () => {
  let emulator: RunningEmulator;
  let connection: Connection;
  let gateway: SalesforceRecordGateway;

  beforeAll(async () => {
    emulator = await startEmulator({ pubSub: false });
  });
  afterAll(async () => {
    await emulator.stop();
  });
  beforeEach(async () => {
    emulator.faults.reset();
    connection = new Connection({
      oauth2: {
        loginUrl: emulator.loginUrl,
        clientId: emulator.credentials.clientId,
        clientSecret: emulator.credentials.clientSecret,
      },
      version: '65.0',
    });
    await connection.authorize({ grant_type: 'client_credentials' });
    gateway = new SalesforceRecordGateway(connection);
  });

  const write = () => gateway.upsert('Contact', 'WP_Id__c', [{ WP_Id__c: '1', LastName: 'Ada' }]);

  it('a spent API allowance', async () => {
    emulator.faults.exhaustApiLimit();
    await expect(write()).rejects.toBeInstanceOf(SalesforceRequestLimitError);
  });

  it('a session whose token expired, on a connection that cannot renew it', async () => {
    const withoutRenewal = new Connection({
      instanceUrl: connection.instanceUrl,
      accessToken: connection.accessToken ?? '',
      version: '65.0',
    });
    emulator.faults.expireAccessTokens();
    await expect(
      new SalesforceRecordGateway(withoutRenewal).upsert('Contact', 'WP_Id__c', [
        { WP_Id__c: '1', LastName: 'Ada' },
      ]),
    ).rejects.toBeInstanceOf(SalesforceSessionError);
  });

  /** A connection whose token expired and whose refresh fails as `refreshError` says. */
  function refreshingWith(refreshError: Error): SalesforceRecordGateway {
    emulator.faults.expireAccessTokens();
    return new SalesforceRecordGateway(
      new Connection({
        instanceUrl: connection.instanceUrl,
        accessToken: connection.accessToken ?? '',
        version: '65.0',
        refreshFn: (_conn, callback) => {
          callback(refreshError);
        },
      }),
    );
  }
  const upsertWith = (gateway: SalesforceRecordGateway) =>
    gateway.upsert('Contact', 'WP_Id__c', [{ WP_Id__c: '1', LastName: 'Ada' }]);

  it('a token refresh the login server refuses: the credentials need fixing', async () => {
    const refused = new Error('invalid_grant: user hasn’t approved this consumer');
    const failure = await upsertWith(refreshingWith(refused)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SalesforceSessionError);
    expect(failure).toMatchObject({ errorCode: REFRESH_FAILED_CODE });
    expect((failure as Error).message).toContain('invalid_grant');
    expect(classifyFailure(failure)).toBe('authentication');
  });

  it('a token refresh that cannot reach the login server: an outage, not a record error', async () => {
    const unreachable = new Error(
      `request to ${emulator.loginUrl}/services/oauth2/token failed, reason: connect ECONNREFUSED 127.0.0.1:9`,
    );
    const failure = await upsertWith(refreshingWith(unreachable)).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'ECONNREFUSED' });
    expect(classifyFailure(failure)).toBe('unavailable');
  });

  it('a server that says it is unavailable (a PATCH, which jsforce does not retry)', async () => {
    emulator.faults.failNextRequests(1, 503);
    await expect(write()).rejects.toMatchObject({
      name: 'SalesforceApiError',
      errorCode: 'SERVER_UNAVAILABLE',
    });
  });
});
