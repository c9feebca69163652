import type { Connection } from 'jsforce';
import type { Logger } from 'pino';

interface PendingStamp {
  object: string;
  field: string;
  recordId: string;
  wordpressId: number;
}

/** sObject Collections take at most 200 records per call (platform-facts). */
const MAX_RECORDS = 200;

/**
 * Writes new WordPress ids into each record's external id field with sObject Collections
 * updates (`PATCH /composite/sobjects`, up to 200 records a call, allOrNone false), grouped by
 * object and field. The connector runs as the integration user, so these updates publish no
 * sync event. Failures are logged; the result event carries the id as well.
 */
export class ExternalIdWriter {
  private pending: PendingStamp[] = [];
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> = Promise.resolve();
  written = 0;

  constructor(
    private readonly connection: Connection,
    private readonly logger: Logger,
    private readonly flushMs = 1000,
  ) {}

  add(stamp: PendingStamp): void {
    this.pending.push(stamp);
    if (this.pending.length >= MAX_RECORDS) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.flushMs);
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    this.sending = this.sending.then(() => this.write(batch));
    return this.sending;
  }

  private async write(batch: PendingStamp[]): Promise<void> {
    const groups = new Map<string, PendingStamp[]>();
    for (const stamp of batch) {
      const key = `${stamp.object}.${stamp.field}`;
      groups.set(key, [...(groups.get(key) ?? []), stamp]);
    }
    for (const stamps of groups.values()) {
      const first = stamps[0];
      if (!first) continue;
      for (let start = 0; start < stamps.length; start += MAX_RECORDS) {
        const chunk = stamps.slice(start, start + MAX_RECORDS);
        try {
          const results = await this.connection.sobject(first.object).update(
            chunk.map((stamp) => ({
              Id: stamp.recordId,
              [stamp.field]: String(stamp.wordpressId),
            })),
            { allOrNone: false },
          );
          const failures = results.filter((result) => !result.success);
          this.written += chunk.length - failures.length;
          if (failures.length > 0) {
            this.logger.warn(
              { object: first.object, failures: failures.slice(0, 5) },
              'some WordPress ids could not be written back',
            );
          }
        } catch (error) {
          this.logger.warn(
            { err: error, object: first.object, records: chunk.length },
            'writing WordPress ids back failed',
          );
        }
      }
    }
  }
}
