import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection } from 'jsforce';
import { findApexRestClass, type ApexRestClass } from './apex-rest.js';
import { startEmulator, type RunningEmulator } from '../index.js';

function restClass(urlMapping: string): ApexRestClass {
  return { name: urlMapping, urlMapping, methods: { GET: () => urlMapping } };
}

describe('findApexRestClass', () => {
  const classes = [
    restClass('/a/*'),
    restClass('/a/b/*'),
    restClass('/a/b/c'),
    restClass('/x/*/y'),
  ];

  it('prefers an exact mapping, then the longest wildcard mapping', () => {
    expect(findApexRestClass(classes, '/a/b/c')?.urlMapping).toBe('/a/b/c');
    expect(findApexRestClass(classes, '/a/b/d')?.urlMapping).toBe('/a/b/*');
    expect(findApexRestClass(classes, '/a/z')?.urlMapping).toBe('/a/*');
    expect(findApexRestClass(classes, '/x/1/y')?.urlMapping).toBe('/x/*/y');
  });

  it('is case-sensitive and finds nothing for an unmapped path', () => {
    expect(findApexRestClass(classes, '/A/b')).toBeUndefined();
    expect(findApexRestClass(classes, '/nothing')).toBeUndefined();
  });
});

describe('Apex REST on the emulator', () => {
  let emulator: RunningEmulator;
  let connection: Connection;

  beforeAll(async () => {
    emulator = await startEmulator({ pubSub: false });
    const { username, password, securityToken } = emulator.credentials.integration;
    connection = new Connection({
      loginUrl: emulator.loginUrl,
      oauth2: {
        loginUrl: emulator.loginUrl,
        clientId: emulator.credentials.clientId,
        clientSecret: emulator.credentials.clientSecret,
      },
    });
    await connection.login(username, password + securityToken);
  });

  afterAll(async () => {
    await emulator.stop();
  });

  it('answers GET and POST of the sample class and counts them against the API allowance', async () => {
    const before = emulator.usage.headerValue();
    await expect(connection.apex.get('/sfwp/sample?city=Paris')).resolves.toEqual({
      service: 'WPSyncApiSample',
      method: 'GET',
      path: '/sfwp/sample',
      params: { city: 'Paris' },
    });
    await expect(connection.apex.post('/sfwp/sample/echo', { a: 'ü"\\' })).resolves.toEqual({
      service: 'WPSyncApiSample',
      method: 'POST',
      path: '/sfwp/sample/echo',
      received: { a: 'ü"\\' },
    });
    expect(emulator.usage.headerValue()).not.toBe(before);
    expect(connection.limitInfo.apiUsage).toBeDefined();
  });

  it('answers a path no class maps with 404 NOT_FOUND', async () => {
    await expect(connection.apex.get('/sfwp/missing')).rejects.toMatchObject({
      errorCode: 'NOT_FOUND',
      message: 'Could not find a match for URL /sfwp/missing',
    });
  });

  it('answers a method the class does not define with 405', async () => {
    await expect(connection.apex.delete('/sfwp/sample')).rejects.toMatchObject({
      errorCode: 'METHOD_NOT_ALLOWED',
    });
  });

  it('refuses a call without a session', async () => {
    const response = await fetch(`${emulator.instanceUrl}/services/apexrest/sfwp/sample`);
    expect(response.status).toBe(401);
  });
});
