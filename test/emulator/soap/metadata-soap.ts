/**
 * The Metadata API SOAP endpoint `/services/Soap/m/{version}`: readMetadata() of
 * TopicsForObjects only, which is how a client learns whether an object takes topics.
 * - readMetadata() (Metadata API Developer Guide, "readMetadata()"): "Your client application
 *   must be logged in with the Modify Metadata Through Metadata API Functions or Modify All Data
 *   permission"; without either the call is refused with the fault INSUFFICIENT_ACCESS (the
 *   guide names no code; our reading). A dead session is INVALID_SESSION_ID.
 * - The answer is a ReadResult whose `records` are TopicsForObjects components (Metadata API
 *   "TopicsForObjects": `entityApiName`, `enableTopics`; `fullName` is the object's name), in
 *   the order asked, from the org's `topicsEnabledFor` setting. An object the org does not have
 *   answers an empty record (our reading).
 * Any other call or metadata type is refused with UNSUPPORTED_IN_EMULATOR naming it.
 */
import type { EmulatorRequest, EmulatorResponse } from '../http/http-types.js';
import type { TokenStore } from '../oauth/token-store.js';
import type { EmulatedOrg } from '../org.js';
import { isSupportedVersion } from '../rest/api-versions.js';
import {
  elements,
  faultResponse,
  parseSoapCall,
  SoapFault,
  xmlEscape,
  type SoapCall,
} from './soap-envelope.js';

export interface MetadataSoapDependencies {
  org: EmulatedOrg;
  tokens: TokenStore;
}

/** User permissions readMetadata() accepts (API names of the two the guide names). */
export const METADATA_READ_PERMISSIONS = ['ModifyMetadata', 'ModifyAllData'];

const METADATA_NAMESPACE = 'http://soap.sforce.com/2006/04/metadata';

function fullNamesOf(call: SoapCall): string[] {
  const raw = call.body.fullNames;
  const list: unknown[] = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list.filter((name): name is string => typeof name === 'string');
}

function topicsForObjectsRecord(org: EmulatedOrg, fullName: string): string {
  const object = org.schema.getObject(fullName);
  if (!object) return '<records xsi:type="TopicsForObjects"/>';
  return (
    '<records xsi:type="TopicsForObjects">' +
    elements([
      ['fullName', object.name],
      ['enableTopics', org.topicsEnabled(object.name)],
      ['entityApiName', object.name],
    ]) +
    '</records>'
  );
}

function readMetadata(deps: MetadataSoapDependencies, call: SoapCall): EmulatorResponse {
  const session = deps.tokens.verify(call.sessionId ?? '');
  if (!session) {
    throw new SoapFault(
      'INVALID_SESSION_ID',
      'Invalid Session ID found in SessionHeader: Illegal Session',
    );
  }
  const user = deps.org.config.users.find((candidate) => candidate.id === session.userId);
  const allowed =
    user !== undefined &&
    METADATA_READ_PERMISSIONS.some((name) => deps.org.access.hasUserPermission(user, name));
  if (!allowed) {
    throw new SoapFault(
      'INSUFFICIENT_ACCESS',
      'readMetadata() needs the Modify Metadata Through Metadata API Functions or the Modify All Data permission',
    );
  }
  const type = typeof call.body.type === 'string' ? call.body.type : '';
  if (type !== 'TopicsForObjects') {
    throw new SoapFault(
      'UNSUPPORTED_IN_EMULATOR',
      `readMetadata() of ${xmlEscape(type)} is not supported by the sfwp org emulator; only TopicsForObjects is (docs/EMULATOR.md, "Topics").`,
    );
  }
  const records = fullNamesOf(call).map((name) => topicsForObjectsRecord(deps.org, name));
  return {
    status: 200,
    text: {
      contentType: 'text/xml;charset=UTF-8',
      body:
        '<?xml version="1.0" encoding="UTF-8"?>' +
        '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" ' +
        `xmlns="${METADATA_NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
        `<soapenv:Body><readMetadataResponse><result>${records.join('')}</result>` +
        '</readMetadataResponse></soapenv:Body></soapenv:Envelope>',
    },
  };
}

export function handleMetadataSoap(
  deps: MetadataSoapDependencies,
  request: EmulatorRequest,
  version: string,
): EmulatorResponse {
  try {
    if (!isSupportedVersion(version)) {
      throw new SoapFault('UNSUPPORTED_API_VERSION', `API version ${version} is not supported`);
    }
    const call = parseSoapCall(request.body);
    if (call.operation !== 'readMetadata') {
      throw new SoapFault(
        'UNSUPPORTED_IN_EMULATOR',
        `The Metadata API call ${call.operation}() is not supported by the sfwp org emulator, which implements only readMetadata() of TopicsForObjects (docs/EMULATOR.md, "Topics").`,
      );
    }
    return readMetadata(deps, call);
  } catch (error) {
    if (error instanceof SoapFault) return faultResponse(error);
    throw error;
  }
}
