/** The partner SOAP envelope: parsing, faults, and the calls that are not login()/logout(). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../index.js';
import { faultResponse, parseSoapCall, SoapFault } from './soap-envelope.js';

describe('SOAP envelopes', () => {
  it('reads the operation, its body and the SessionHeader session id', () => {
    const call = parseSoapCall(
      '<se:Envelope xmlns:se="http://schemas.xmlsoap.org/soap/envelope/"><se:Header><SessionHeader xmlns="urn:partner.soap.sforce.com"><sessionId>00Dabc!xyz</sessionId></SessionHeader></se:Header><se:Body><login xmlns="urn:partner.soap.sforce.com"><username>a&amp;b@example.com</username><password>p</password></login></se:Body></se:Envelope>',
    );
    expect(call).toEqual({
      operation: 'login',
      body: { username: 'a&b@example.com', password: 'p' },
      sessionId: '00Dabc!xyz',
    });
  });

  it('refuses a body that is no SOAP envelope', () => {
    expect(() => parseSoapCall('<html/>')).toThrow(SoapFault);
    expect(() => parseSoapCall('')).toThrow(
      expect.objectContaining({ exceptionCode: 'INVALID_XML' }) as unknown,
    );
  });

  it('writes a fault with the code, an escaped message and the fault type', () => {
    const answer = faultResponse(new SoapFault('INVALID_LOGIN', 'bad <user> & pass', 'LoginFault'));
    expect(answer.status).toBe(500);
    expect(answer.text?.body).toContain('<faultcode>sf:INVALID_LOGIN</faultcode>');
    expect(answer.text?.body).toContain(
      '<faultstring>INVALID_LOGIN: bad &lt;user&gt; &amp; pass</faultstring>',
    );
    expect(answer.text?.body).toContain('<sf:LoginFault xsi:type="sf:LoginFault">');
  });
});

describe('SOAP endpoints of the emulator', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ pubSub: false });
  });
  afterAll(async () => {
    await emulator.stop();
  });

  const post = (path: string, body: string) =>
    fetch(`${emulator.instanceUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml', soapaction: '""' },
      body,
    });

  it('names the enterprise endpoint as unsupported', async () => {
    const answer = await post('/services/Soap/c/50.0', '<x/>');
    expect(answer.status).toBe(500);
    expect(await answer.text()).toContain('The /services/Soap/c SOAP endpoint is not supported');
  });

  it('answers UNSUPPORTED_API_VERSION for a version the org does not serve', async () => {
    const answer = await post('/services/Soap/u/20.0', '<x/>');
    expect(await answer.text()).toContain('<faultcode>sf:UNSUPPORTED_API_VERSION</faultcode>');
  });

  it('answers INVALID_XML for a body that is not a SOAP envelope', async () => {
    const answer = await post('/services/Soap/u/50.0', 'not xml at all');
    expect(answer.status).toBe(500);
    expect(await answer.text()).toContain('<faultcode>sf:INVALID_XML</faultcode>');
  });

  it('does not count login() as an API call', async () => {
    const before = emulator.usage.usedCalls;
    const { admin } = emulator.credentials;
    const answer = await post(
      '/services/Soap/u/64.0',
      `<se:Envelope xmlns:se="http://schemas.xmlsoap.org/soap/envelope/"><se:Body><login xmlns="urn:partner.soap.sforce.com"><username>${admin.username}</username><password>${admin.password}${admin.securityToken}</password></login></se:Body></se:Envelope>`,
    );
    expect(answer.status).toBe(200);
    expect(emulator.usage.usedCalls).toBe(before);
  });
});
