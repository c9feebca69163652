/**
 * Paths outside the REST data API that Salesforce serves and the emulator does not: they answer
 * 400 UNSUPPORTED_IN_EMULATOR (rest/unsupported.ts) naming the feature; any other unknown path is 404 NOT_FOUND
 * naming the path (docs/EMULATOR.md, "Fidelity").
 */
import type { EmulatorRequest, EmulatorResponse } from './http-types.js';
import { jsonResponse } from './http-types.js';

const SURFACES: readonly (readonly [RegExp, string])[] = [
  [
    /^\/services\/data\/latest(\/|$)/,
    'The version alias /services/data/latest (name a version, e.g. v66.0)',
  ],
  [/^\/cometd(\/|$)/, 'The Streaming API over CometD (/cometd); subscribe with the Pub/Sub API'],
  [/^\/services\/async(\/|$)/, 'Bulk API 1.0 (/services/async)'],
  [/^\/services\/apexrest(\/|$)/, 'Apex REST services (/services/apexrest)'],
  [/^\/services\/oauth2\//, 'This OAuth endpoint'],
  [/^\/\.well-known\//, 'OpenID Connect discovery (/.well-known)'],
  [/^\/services\/Soap(\/|$)/, 'This SOAP endpoint'],
];

export function unsupportedSurface(request: EmulatorRequest): EmulatorResponse {
  const feature = SURFACES.find(([pattern]) => pattern.test(request.path))?.[1];
  if (feature !== undefined) {
    return jsonResponse(400, [
      {
        errorCode: 'UNSUPPORTED_IN_EMULATOR',
        message: `${feature}: ${request.method} ${request.path} is not supported by the sfwp org emulator (docs/EMULATOR.md, "Fidelity").`,
      },
    ]);
  }
  return jsonResponse(404, [
    {
      errorCode: 'NOT_FOUND',
      message: `The requested resource does not exist: ${request.method} ${request.path} is not served by the sfwp org emulator (docs/EMULATOR.md, "Fidelity").`,
    },
  ]);
}
