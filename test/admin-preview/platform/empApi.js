/**
 * `lightning/empApi` in the preview: the emulator's event bus as Server-Sent Events
 * (test/emulator/admin-preview-support/event-stream.ts) instead of CometD.
 */
const errorListeners = [];

export function subscribe(channel, replayId, onMessage) {
  const source = new EventSource(
    `/admin-preview/events?channel=${encodeURIComponent(channel)}&replayId=${replayId}`,
  );
  source.onmessage = (event) => onMessage(JSON.parse(event.data));
  source.onerror = (error) => errorListeners.forEach((listener) => listener(error));
  return Promise.resolve({ channel, source });
}

export function unsubscribe(subscription, callback) {
  subscription.source.close();
  if (callback) callback({ successful: true });
  return Promise.resolve(true);
}

export function onError(listener) {
  errorListeners.push(listener);
}

export function setDebugFlag() {
  return Promise.resolve();
}

export function isEmpEnabled() {
  return Promise.resolve(true);
}
