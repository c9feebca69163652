/**
 * Unmodified jsforce 3 `conn.login(username, password)` without OAuth client credentials, which
 * is SOAP login() on the partner endpoint `/services/Soap/u/{version}`, and `conn.logout()`,
 * SOAP logout() (SOAP API Developer Guide, "login()", "LoginResult", "logout()").
 */
import { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../emulator/index.js';

/** jsforce's default API version, which is what `new Connection({ loginUrl })` logs in with. */
const JSFORCE_DEFAULT_VERSION = '50.0';

describe('jsforce SOAP login() and logout() against the emulator', () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator({ pubSub: false });
  });
  afterAll(async () => {
    await emulator.stop();
  });

  const soapEndpoint = (version: string) => `${emulator.loginUrl}/services/Soap/u/${version}`;

  async function soapCall(version: string, body: string): Promise<Response> {
    return fetch(soapEndpoint(version), {
      method: 'POST',
      headers: { 'content-type': 'text/xml', soapaction: '""' },
      body: `<se:Envelope xmlns:se="http://schemas.xmlsoap.org/soap/envelope/"><se:Header/><se:Body>${body}</se:Body></se:Envelope>`,
    });
  }

  it('logs in with username and password + security token and uses the session for REST', async () => {
    const conn = new Connection({ loginUrl: emulator.loginUrl });
    const { admin } = emulator.credentials;
    const userInfo = await conn.login(admin.username, admin.password + admin.securityToken);
    const adminUser = emulator.org.user(admin.username);
    expect(userInfo).toEqual({
      id: adminUser.id,
      organizationId: emulator.credentials.orgId,
      url: `${emulator.loginUrl}/id/${emulator.credentials.orgId}/${adminUser.id}`,
    });
    expect(conn.instanceUrl).toBe(emulator.instanceUrl);
    expect(conn.version).toBe(JSFORCE_DEFAULT_VERSION);
    const users = await conn.query<{ Username: string }>(
      'SELECT Username FROM User ORDER BY Username',
    );
    expect(users.records.map((user) => user.Username)).toContain(admin.username);
  });

  it('answers the documented LoginResult fields', async () => {
    const { integration } = emulator.credentials;
    const response = await soapCall(
      '64.0',
      `<login xmlns="urn:partner.soap.sforce.com"><username>${integration.username}</username><password>${integration.password}${integration.securityToken}</password></login>`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/xml/);
    const xml = await response.text();
    const orgId = emulator.credentials.orgId;
    for (const element of [
      `<metadataServerUrl>${emulator.instanceUrl}/services/Soap/m/64.0/${orgId}</metadataServerUrl>`,
      '<passwordExpired>false</passwordExpired>',
      '<sandbox>false</sandbox>',
      `<serverUrl>${emulator.instanceUrl}/services/Soap/u/64.0/${orgId}</serverUrl>`,
      `<userId>${emulator.org.user(integration.username).id}</userId>`,
      `<organizationId>${orgId}</organizationId>`,
      `<userName>${integration.username}</userName>`,
    ]) {
      expect(xml).toContain(element);
    }
    expect(xml).toMatch(/<sessionId>00D[^<]+<\/sessionId>/);
  });

  it('refuses bad credentials with the INVALID_LOGIN LoginFault', async () => {
    const conn = new Connection({ loginUrl: emulator.loginUrl });
    const { admin } = emulator.credentials;
    await expect(conn.login(admin.username, admin.password)).rejects.toThrow(
      'INVALID_LOGIN: Invalid username, password, security token; or user locked out.',
    );
    const response = await soapCall(
      '50.0',
      '<login xmlns="urn:partner.soap.sforce.com"><username>nobody@example.com</username><password>x</password></login>',
    );
    expect(response.status).toBe(500);
    const fault = await response.text();
    expect(fault).toContain('<faultcode>sf:INVALID_LOGIN</faultcode>');
    expect(fault).toContain('<sf:LoginFault xsi:type="sf:LoginFault">');
    expect(fault).toContain('<sf:exceptionCode>INVALID_LOGIN</sf:exceptionCode>');
  });

  it('refuses login() in API version 65.0, where Salesforce no longer offers it', async () => {
    const conn = new Connection({ loginUrl: emulator.loginUrl, version: '65.0' });
    const { admin } = emulator.credentials;
    await expect(conn.login(admin.username, admin.password + admin.securityToken)).rejects.toThrow(
      /^UNSUPPORTED_API_VERSION: login\(\) is not available in API version 65\.0/,
    );
  });

  it('logs out: the session no longer works, and a second logout is INVALID_SESSION_ID', async () => {
    const conn = new Connection({ loginUrl: emulator.loginUrl });
    const { admin } = emulator.credentials;
    await conn.login(admin.username, admin.password + admin.securityToken);
    const sessionId = conn.accessToken ?? '';
    await conn.logout();
    expect(conn.accessToken).toBeFalsy();
    const rest = await fetch(`${emulator.instanceUrl}/services/data/v50.0/limits`, {
      headers: { authorization: `Bearer ${sessionId}` },
    });
    expect(rest.status).toBe(401);
    expect(await rest.json()).toMatchObject([{ errorCode: 'INVALID_SESSION_ID' }]);
    const again = await fetch(soapEndpoint('50.0'), {
      method: 'POST',
      headers: { 'content-type': 'text/xml', soapaction: '""' },
      body: `<se:Envelope xmlns:se="http://schemas.xmlsoap.org/soap/envelope/"><se:Header><SessionHeader xmlns="urn:partner.soap.sforce.com"><sessionId>${sessionId}</sessionId></SessionHeader></se:Header><se:Body><logout xmlns="urn:partner.soap.sforce.com"/></se:Body></se:Envelope>`,
    });
    expect(again.status).toBe(500);
    expect(await again.text()).toContain('<faultcode>sf:INVALID_SESSION_ID</faultcode>');
  });

  it('names any other SOAP call as unsupported instead of answering it', async () => {
    const response = await soapCall(
      '50.0',
      '<query xmlns="urn:partner.soap.sforce.com"><queryString>SELECT Id FROM Contact</queryString></query>',
    );
    expect(response.status).toBe(500);
    const fault = await response.text();
    expect(fault).toContain('<faultcode>sf:UNSUPPORTED_IN_EMULATOR</faultcode>');
    expect(fault).toContain('The SOAP call query() is not supported by the sfwp org emulator');
  });
});
