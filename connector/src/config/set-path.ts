/** Sets a dotted setting (`salesforce.auth.clientId`) in a config object, creating the objects on the way. */
export function setPath(target: Record<string, unknown>, setting: string, value: unknown): void {
  const keys = setting.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (next === null || typeof next !== 'object') node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1] ?? setting] = value;
}
