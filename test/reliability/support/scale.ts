/**
 * How hard the reliability suite pushes. `npm test` runs the short form; `npm run
 * test:reliability -- --long` (which sets SFWP_RELIABILITY_LONG=1) runs the full counts.
 */
export interface ReliabilityScale {
  readonly form: 'short' | 'long';
  /** SIGKILLs of the connector during the two-way crash run. */
  readonly crashes: number;
  /** Records in the two-way crash run (half start in Salesforce, half in WordPress). */
  readonly crashRecords: number;
  /** How long WordPress stays unreachable in the outage test. */
  readonly wordPressOutageMs: number;
  /** Events waiting in the Pub/Sub backlog for the backpressure test. */
  readonly backlogEvents: number;
}

export function reliabilityScale(env: NodeJS.ProcessEnv = process.env): ReliabilityScale {
  const long = env.SFWP_RELIABILITY_LONG === '1';
  return long
    ? {
        form: 'long',
        crashes: 20,
        crashRecords: 1000,
        wordPressOutageMs: 60_000,
        backlogEvents: 20_000,
      }
    : {
        form: 'short',
        crashes: 5,
        crashRecords: 1000,
        wordPressOutageMs: 20_000,
        backlogEvents: 2_500,
      };
}

/** One line of figures, prefixed so a run's output can be grepped for them. */
export function report(topic: string, figures: string): void {
  console.log(`[reliability] ${topic}: ${figures}`);
}
