import { COMPANION_NAMESPACE, CompanionPluginMissingError } from './companion-plugin.js';
import { WordPressNotFoundError } from './errors.js';
import type { WordPressHttp } from './http.js';

/** Most ids one `GET sfwp/v1/form-submissions?include=` reads. */
export const FORM_SUBMISSIONS_PAGE = 100;

/** A stored form submission as the companion plugin's read route answers it (docs/FORMS.md). */
export interface FormSubmission {
  id: number;
  formId: number;
  formName: string;
  fields: Record<string, string | boolean>;
  consent: boolean;
  utm: { source: string; medium: string; campaign: string; term: string; content: string };
  pageUrl: string;
  submittedAt: string;
  status: string;
  salesforceId: string | null;
}

/** What the connector tells WordPress about a submission, so wp-admin can show it. */
export interface FormSubmissionResult {
  status: 'synced' | 'failed';
  salesforceId?: string;
  message?: string;
}

/** The two routes of the companion plugin the form pipeline uses. */
export interface FormSubmissionsRoute {
  read(ids: readonly number[]): Promise<FormSubmission[]>;
  reportResult(id: number, result: FormSubmissionResult): Promise<void>;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

function fieldsOf(value: unknown): Record<string, string | boolean> {
  const fields: Record<string, string | boolean> = {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return fields;
  for (const [name, raw] of Object.entries(value as Record<string, unknown>)) {
    if (typeof raw === 'string' || typeof raw === 'boolean') fields[name] = raw;
    else if (typeof raw === 'number') fields[name] = String(raw);
  }
  return fields;
}

export function parseFormSubmission(raw: unknown): FormSubmission {
  const row = (raw ?? {}) as Record<string, unknown>;
  const utm = (row.utm ?? {}) as Record<string, unknown>;
  return {
    id: Number(row.id),
    formId: Number(row.form_id),
    formName: text(row.form_name),
    fields: fieldsOf(row.fields),
    consent: row.consent === true,
    utm: {
      source: text(utm.source),
      medium: text(utm.medium),
      campaign: text(utm.campaign),
      term: text(utm.term),
      content: text(utm.content),
    },
    pageUrl: text(row.page_url),
    submittedAt: text(row.submitted_at),
    status: text(row.status),
    salesforceId: typeof row.salesforce_id === 'string' ? row.salesforce_id : null,
  };
}

/** {@link FormSubmissionsRoute} over the connector's WordPress transport (signed, same auth). */
export class FormSubmissionsClient implements FormSubmissionsRoute {
  constructor(private readonly http: WordPressHttp) {}

  private url(path: string): string {
    return `${this.http.restRoot}/${COMPANION_NAMESPACE}/form-submissions${path}`;
  }

  async read(ids: readonly number[]): Promise<FormSubmission[]> {
    const submissions: FormSubmission[] = [];
    for (let start = 0; start < ids.length; start += FORM_SUBMISSIONS_PAGE) {
      const chunk = ids.slice(start, start + FORM_SUBMISSIONS_PAGE);
      const response = await this.call(() =>
        this.http.request('GET', this.url(`?include=${chunk.join(',')}`), { purpose: 'read' }),
      );
      const rows = Array.isArray(response.body) ? (response.body as unknown[]) : [];
      submissions.push(...rows.map(parseFormSubmission));
    }
    return submissions;
  }

  async reportResult(id: number, result: FormSubmissionResult): Promise<void> {
    await this.call(() =>
      this.http.request('POST', this.url(`/${id}/result`), {
        purpose: 'write',
        body: {
          status: result.status,
          ...(result.salesforceId === undefined ? {} : { salesforce_id: result.salesforceId }),
          ...(result.message === undefined ? {} : { message: result.message }),
        },
      }),
    );
  }

  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      if (error instanceof WordPressNotFoundError && error.code === 'rest_no_route') {
        throw new CompanionPluginMissingError(this.http.restRoot, { cause: error });
      }
      throw error;
    }
  }
}
