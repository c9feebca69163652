import type { Connection } from 'jsforce';
import { salesforceCall, SalesforceApiError } from './errors.js';
import type { SalesforceRecord } from './record-gateway.js';

/** Query subrequests one Composite request takes (REST API "Composite": at most 5). */
export const COMPOSITE_QUERIES = 5;

interface QueryBody {
  records?: SalesforceRecord[];
  done?: boolean;
  nextRecordsUrl?: string;
}

interface SubResponse {
  body: unknown;
  httpStatusCode: number;
  referenceId: string;
}

function subrequestError(response: SubResponse): SalesforceApiError {
  const entry = (Array.isArray(response.body) ? response.body[0] : response.body) as
    { errorCode?: string; message?: string; fields?: string[] } | undefined;
  return new SalesforceApiError(entry?.message ?? `HTTP ${response.httpStatusCode}`, {
    errorCode: entry?.errorCode ?? `ERROR_HTTP_${response.httpStatusCode}`,
    httpStatus: response.httpStatusCode,
    fields: entry?.fields ?? [],
  });
}

/**
 * Runs several SOQL statements in one Composite request per five (one API call for all of
 * them), answering each statement's rows in order; a result longer than one batch is read on
 * with queryMore. A failed subrequest throws as ./errors.ts types it.
 */
export async function queryTogether(
  connection: Connection,
  statements: readonly string[],
): Promise<SalesforceRecord[][]> {
  const answers: SalesforceRecord[][] = [];
  for (let start = 0; start < statements.length; start += COMPOSITE_QUERIES) {
    const chunk = statements.slice(start, start + COMPOSITE_QUERIES);
    const base = `/services/data/v${connection.version}`;
    const answer = await salesforceCall(
      connection.requestPost<{ compositeResponse: SubResponse[] }>(`${base}/composite`, {
        allOrNone: false,
        compositeRequest: chunk.map((soql, index) => ({
          method: 'GET',
          url: `${base}/query?q=${encodeURIComponent(soql)}`,
          referenceId: `q${index}`,
        })),
      }),
    );
    for (const [index] of chunk.entries()) {
      const response = answer.compositeResponse.find((sub) => sub.referenceId === `q${index}`);
      if (!response) throw new Error(`Composite answered no result for query ${index}`);
      if (response.httpStatusCode >= 400) throw subrequestError(response);
      const body = response.body as QueryBody;
      const rows = [...(body.records ?? [])];
      let next = body.done === false ? body.nextRecordsUrl : undefined;
      while (next !== undefined) {
        const more = await salesforceCall(connection.queryMore<SalesforceRecord>(next));
        rows.push(...more.records);
        next = more.done ? undefined : more.nextRecordsUrl;
      }
      answers.push(rows);
    }
  }
  return answers;
}
