/**
 * REST calls from the preview page to the org emulator (proxied on the same origin), as the
 * admin user whose session the preview server created.
 */
const API = '/services/data/v65.0';
let sessionPromise;

function session() {
  sessionPromise ??= fetch('/admin-preview/session').then((response) => response.json());
  return sessionPromise;
}

/** An error shaped like the platform's AuraHandledException on the client: `{ body: { message } }`. */
export function auraError(message) {
  return { body: { message }, status: 500, statusText: 'Server Error' };
}

export async function rest(path, init = {}) {
  const { accessToken } = await session();
  const response = await fetch(path.startsWith('/admin-preview') ? path : `${API}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${accessToken}`,
      'content-type': 'application/json',
      ...(init.headers ?? {}),
    },
  });
  const text = await response.text();
  const body = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const first = Array.isArray(body) ? body[0] : body;
    throw auraError(first?.message ?? `${response.status} ${response.statusText}`);
  }
  return body;
}

/** Every row of a SOQL query. */
export async function query(soql) {
  let page = await rest(`/query?q=${encodeURIComponent(soql)}`);
  const records = [...page.records];
  while (!page.done && page.nextRecordsUrl) {
    page = await rest(page.nextRecordsUrl.replace(API, ''));
    records.push(...page.records);
  }
  return { records, totalSize: page.totalSize };
}

export function quote(value) {
  return `'${String(value).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

const describeCache = new Map();

export function describe(objectName) {
  if (!describeCache.has(objectName)) {
    describeCache.set(objectName, rest(`/sobjects/${objectName}/describe`));
  }
  return describeCache.get(objectName);
}
