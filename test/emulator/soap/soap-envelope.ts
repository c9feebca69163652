/**
 * SOAP 1.1 envelopes of the partner API: reading a request (operation, body, SessionHeader)
 * and writing a response or a fault. Faults follow the SOAP API Developer Guide, "Error
 * Handling": HTTP 500, `faultcode` `sf:<ExceptionCode>`, `faultstring` `<CODE>: <message>`, and
 * a `detail` holding an `ApiFault` subtype (`LoginFault`, `UnexpectedErrorFault`) with
 * `exceptionCode` and `exceptionMessage` in `urn:fault.partner.soap.sforce.com`.
 */
import { XMLParser } from 'fast-xml-parser';
import type { EmulatorResponse } from '../http/http-types.js';

const parser = new XMLParser({ removeNSPrefix: true, parseTagValue: false, trimValues: true });

export type SoapNode = Record<string, unknown>;

export interface SoapCall {
  /** The body's first element, e.g. `login`. */
  operation: string;
  body: SoapNode;
  /** `SessionHeader/sessionId`, when the request carries one. */
  sessionId?: string;
}

export type ApiFaultType = 'LoginFault' | 'UnexpectedErrorFault' | 'ApiFault';

/** A partner API fault: thrown by operations, written by {@link faultResponse}. */
export class SoapFault extends Error {
  constructor(
    readonly exceptionCode: string,
    message: string,
    readonly faultType: ApiFaultType = 'UnexpectedErrorFault',
  ) {
    super(message);
    this.name = 'SoapFault';
  }
}

export function xmlEscape(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function childNode(node: unknown, key: string): SoapNode | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const value = (node as SoapNode)[key];
  if (value === '') return {};
  return typeof value === 'object' && value !== null ? (value as SoapNode) : undefined;
}

/** The text of a child element, or undefined. */
export function childText(node: SoapNode, key: string): string | undefined {
  const value = node[key];
  return typeof value === 'string' ? value : undefined;
}

export function parseSoapCall(xml: string): SoapCall {
  let document: unknown;
  try {
    document = parser.parse(xml);
  } catch (error) {
    throw new SoapFault('INVALID_XML', `The request is not well-formed XML: ${String(error)}`);
  }
  const envelope = childNode(document, 'Envelope');
  const body = childNode(envelope, 'Body');
  const operation = body ? Object.keys(body)[0] : undefined;
  if (!envelope || !body || operation === undefined) {
    throw new SoapFault('INVALID_XML', 'The request has no SOAP Envelope with a Body element');
  }
  const call: SoapCall = { operation, body: childNode(body, operation) ?? {} };
  const sessionHeader = childNode(childNode(envelope, 'Header'), 'SessionHeader');
  const sessionId = sessionHeader ? childText(sessionHeader, 'sessionId') : undefined;
  if (sessionId !== undefined) call.sessionId = sessionId;
  return call;
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

function xmlResponse(status: number, body: string): EmulatorResponse {
  return { status, text: { contentType: 'text/xml;charset=UTF-8', body: XML_DECLARATION + body } };
}

/** A 200 response whose body holds `<{operation}Response>` with the given inner XML. */
export function soapResponse(operation: string, innerXml: string): EmulatorResponse {
  const element = `${operation}Response`;
  return xmlResponse(
    200,
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" ' +
      'xmlns="urn:partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
      `<soapenv:Body>${innerXml === '' ? `<${element}/>` : `<${element}>${innerXml}</${element}>`}` +
      '</soapenv:Body></soapenv:Envelope>',
  );
}

export function faultResponse(fault: SoapFault): EmulatorResponse {
  const code = xmlEscape(fault.exceptionCode);
  const message = xmlEscape(fault.message);
  return xmlResponse(
    500,
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" ' +
      'xmlns:sf="urn:fault.partner.soap.sforce.com" ' +
      'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><soapenv:Fault>' +
      `<faultcode>sf:${code}</faultcode><faultstring>${code}: ${message}</faultstring>` +
      `<detail><sf:${fault.faultType} xsi:type="sf:${fault.faultType}">` +
      `<sf:exceptionCode>${code}</sf:exceptionCode>` +
      `<sf:exceptionMessage>${message}</sf:exceptionMessage>` +
      `</sf:${fault.faultType}></detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>`,
  );
}

/** `<name>value</name>` for each entry, values escaped; null becomes `xsi:nil`. */
export function elements(
  values: readonly (readonly [string, string | boolean | number | null])[],
): string {
  return values
    .map(([name, value]) =>
      value === null
        ? `<${name} xsi:nil="true"/>`
        : `<${name}>${xmlEscape(String(value))}</${name}>`,
    )
    .join('');
}
