import type { HttpMethod } from './http.js';
import {
  IF_VERSION_HEADER,
  USER_TYPE,
  type WordPressFields,
  type WriteOperation,
} from './types.js';
import type { WpapiEndpoints } from './wpapi-endpoints.js';

/** One write as an HTTP request, ready to go alone or inside a `/batch/v1` call. */
export interface PreparedRequest {
  method: HttpMethod;
  url: string;
  body?: WordPressFields;
  headers?: Record<string, string>;
}

/**
 * Builds the request of a write. `connectorUserId` is asked only for deleting a user without a
 * `reassignTo`, whose content then goes to the connector's own user.
 */
export async function prepareWrite(
  operation: WriteOperation,
  endpoints: WpapiEndpoints,
  connectorUserId: () => Promise<number>,
): Promise<PreparedRequest> {
  const endpoint = (await endpoints.factoryFor(operation.type))();
  switch (operation.kind) {
    case 'create':
      return { method: 'POST', url: endpoint.toString(), body: operation.fields };
    case 'update':
      return {
        method: 'POST',
        url: endpoint.id(operation.id).toString(),
        body: operation.fields,
        ...(operation.ifVersion === undefined
          ? {}
          : { headers: { [IF_VERSION_HEADER]: String(operation.ifVersion) } }),
      };
    case 'delete': {
      if (operation.type === USER_TYPE) {
        // Users cannot be trashed, and deleting one without `reassign` deletes their content.
        const reassign = operation.reassignTo ?? (await connectorUserId());
        const url = endpoint.id(operation.id).param({ force: 'true', reassign }).toString();
        return { method: 'DELETE', url };
      }
      const request = endpoint.id(operation.id);
      if (operation.force === true) request.param('force', 'true');
      return { method: 'DELETE', url: request.toString() };
    }
  }
}
