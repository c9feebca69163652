import type { IncomingHttpHeaders } from 'node:http';

/** A request as the emulator's handlers see it, already read from the socket. */
export interface EmulatorRequest {
  method: string;
  /** Path without the query string, e.g. `/services/data/v65.0/query`. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface EmulatorResponse {
  status: number;
  headers?: Record<string, string>;
  /** Serialised as JSON unless `text` is given. */
  json?: unknown;
  /** A non-JSON body with its content type (HTML pages). */
  text?: { contentType: string; body: string };
}

export type Handler = (
  request: EmulatorRequest,
  params: string[],
) => EmulatorResponse | Promise<EmulatorResponse>;

export function jsonResponse(
  status: number,
  json: unknown,
  headers?: Record<string, string>,
): EmulatorResponse {
  return headers ? { status, json, headers } : { status, json };
}

/** Parses an `application/x-www-form-urlencoded` body. */
export function formParams(request: EmulatorRequest): URLSearchParams {
  return new URLSearchParams(request.body);
}
