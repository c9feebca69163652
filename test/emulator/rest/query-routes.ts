/** `GET /query?q=`, `GET /queryAll?q=` and queryMore (`GET /query/{locator}-{offset}`). */
import { ApiError } from '../api-error.js';
import { jsonResponse, type EmulatorRequest } from '../http/http-types.js';
import type { Router } from '../http/router.js';
import { batchSizeFrom, DEFAULT_QUERY_BATCH_SIZE } from './query-cursors.js';
import { sessionOf, type RestContext } from './rest-context.js';

const V = '/services/data/v(\\d+\\.\\d+)';

export function addQueryRoutes(router: Router, context: RestContext): void {
  const runQuery = (request: EmulatorRequest, version: string, includeDeleted: boolean) => {
    const soql = request.query.get('q');
    if (soql === null || soql.trim() === '') {
      throw new ApiError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
    }
    const result = context.org.query(soql, {
      apiVersion: version,
      includeDeleted,
      session: sessionOf(request),
    });
    if (result.aggregate) {
      // Aggregate queries have no query locator (SOQL and SOSL Reference, "Considerations for
      // GROUP BY"): the whole result comes in one answer whatever the batch size, and more than
      // one batch is refused (code and message are the platform's, not in the docs: our reading).
      if (result.records.length > DEFAULT_QUERY_BATCH_SIZE) {
        throw new ApiError(
          400,
          'EXCEEDED_ID_LIMIT',
          'Aggregate query does not support queryMore(), use LIMIT to restrict the results to a single batch',
        );
      }
      return jsonResponse(200, {
        totalSize: result.totalSize,
        done: true,
        records: result.records,
      });
    }
    const page = context.cursors.firstPage(
      result.records,
      result.totalSize,
      batchSizeFrom(request.headers['sforce-query-options']),
      version,
    );
    return jsonResponse(200, page);
  };
  router.add('GET', new RegExp(`^${V}/query/?$`), (request, [version = '']) =>
    runQuery(request, version, false),
  );
  // queryAll: the same, with deleted records in the recycle bin (IsDeleted = true).
  router.add('GET', new RegExp(`^${V}/queryAll/?$`), (request, [version = '']) =>
    runQuery(request, version, true),
  );

  router.add(
    'GET',
    new RegExp(`^${V}/query/([\\w-]+)$`),
    (_request, [version = '', locator = '']) =>
      jsonResponse(200, context.cursors.nextPage(locator, version)),
  );
}
