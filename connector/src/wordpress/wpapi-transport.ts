import type WPAPI from 'wpapi';
import type { WordPressHttp } from './http.js';

/**
 * wpapi's default transport is superagent 4 without keep-alive and with untyped errors; this
 * routes wpapi's requests through {@link WordPressHttp} instead and resolves to the body.
 */
export function createWpapiTransport(http: WordPressHttp): WPAPI.Transport {
  const body = async (
    method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE',
    request: WPAPI.WPRequest,
    data?: unknown,
  ): Promise<unknown> => {
    const response = await http.request(method === 'HEAD' ? 'GET' : method, request.toString(), {
      body: data,
      purpose: method === 'GET' || method === 'HEAD' ? 'read' : 'write',
    });
    return response.body;
  };
  return {
    get: (request: WPAPI.WPRequest) => body('GET', request),
    head: (request: WPAPI.WPRequest) => body('HEAD', request),
    post: (request: WPAPI.WPRequest, data: unknown) => body('POST', request, data),
    put: (request: WPAPI.WPRequest, data: unknown) => body('PUT', request, data),
    delete: (request: WPAPI.WPRequest, data?: unknown) => body('DELETE', request, data),
  };
}
