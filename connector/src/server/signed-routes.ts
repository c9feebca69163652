/**
 * Routes the companion plugin calls on the connector (wp-admin screens, the developer API),
 * each signed with the shared secret. Handlers get the parsed request and answer a status and
 * a JSON body; the status server does the signature, replay, size and JSON checks first.
 */
export interface SignedRouteRequest {
  method: 'GET' | 'POST';
  /** The path under `/wordpress/`, e.g. `link-status`. */
  path: string;
  query: URLSearchParams;
  /** The parsed JSON body of a POST; `undefined` for a GET. */
  body: unknown;
}

export interface SignedRouteAnswer {
  status: number;
  body: unknown;
}

export interface SignedRoute {
  method: 'GET' | 'POST';
  /** Path under `/wordpress/` (no leading slash), e.g. `link-status`. */
  path: string;
  handle(request: SignedRouteRequest): Promise<SignedRouteAnswer>;
}

/** A handler's refusal of bad input: answered as `{ code, message }` with its status. */
export class SignedRouteInputError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'SignedRouteInputError';
  }
}

export const SIGNED_ROUTE_PREFIX = '/wordpress/';
