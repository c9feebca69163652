/**
 * Node warns (DEP0123) whenever a TLS client names an IP address as the server, which the Pub/Sub
 * client does for the emulator on 127.0.0.1. In the demo that is expected, so only that warning
 * is dropped; every other one is printed as usual. Real orgs have host names and never see it.
 */
const QUIETED = new Set(['DEP0123']);

export function quietExpectedDemoWarnings(): void {
  const emit = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = (warning: string | Error, ...rest: unknown[]) => {
    const [typeOrOptions, code] = rest;
    const named =
      typeof typeOrOptions === 'object' && typeOrOptions !== null
        ? (typeOrOptions as { code?: unknown }).code
        : code;
    if (typeof named === 'string' && QUIETED.has(named)) return;
    emit(warning, ...rest);
  };
}
