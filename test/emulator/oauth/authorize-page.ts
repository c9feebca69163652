/** The minimal login-and-consent page of the web server flow (`/services/oauth2/authorize`). */

const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

export const CARRIED_PARAMS = [
  'client_id',
  'redirect_uri',
  'state',
  'code_challenge',
  'code_challenge_method',
  'scope',
];

export function renderAuthorizePage(params: URLSearchParams, error?: string): string {
  const hidden = CARRIED_PARAMS.filter((name) => params.has(name))
    .map(
      (name) =>
        `<input type="hidden" name="${name}" value="${escapeHtml(params.get(name) ?? '')}">`,
    )
    .join('\n      ');
  return `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>Log in | Salesforce org emulator</title></head>
  <body>
    <h1>Log in to the Salesforce org emulator</h1>
    ${error !== undefined ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
    <form method="post" action="/services/oauth2/authorize">
      ${hidden}
      <label>Username <input name="username" autocomplete="username"></label>
      <label>Password <input name="password" type="password" autocomplete="current-password"></label>
      <label><input type="checkbox" name="consent" value="allow"> Allow access to your data</label>
      <button type="submit">Allow</button>
    </form>
  </body>
</html>
`;
}
