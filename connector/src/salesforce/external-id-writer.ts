import type { Connection } from 'jsforce';
import type { Logger } from 'pino';
import { backoffDelay, classifyRecordError } from '../engine/retry-policy.js';
import type { ObjectMapping } from '../mapping/types.js';
import type { IdLink, StateStore } from '../store/state-store.js';
import { SalesforceRecordGateway } from './record-gateway.js';

/** sObject Collections take at most 200 records per call (platform-facts). */
const MAX_RECORDS = 200;

/**
 * Writes WordPress ids into each record's external id field with sObject Collections updates
 * (`PATCH /composite/sobjects`, up to 200 records a call, allOrNone false). What still needs
 * writing is read from the state store (links not yet marked as held by Salesforce), so a crash
 * at any point only delays the write-back. A failed call, or records refused for a transient
 * reason (a row lock), are tried again with backoff. The connector runs as the integration user:
 * these updates publish no sync event.
 */
export class ExternalIdWriter {
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> = Promise.resolve();

  constructor(
    connection: Connection,
    private readonly store: StateStore,
    private readonly mappingOf: (name: string) => ObjectMapping | undefined,
    private readonly logger: Logger,
    private readonly flushMs = 1000,
  ) {
    this.records = new SalesforceRecordGateway(connection);
  }

  private readonly records: SalesforceRecordGateway;
  private closed = false;
  /** Write-backs in a row that left something to try again: the backoff's attempt. */
  private failedRounds = 0;

  /** Asks for a write-back soon; calls within `flushMs` share one. */
  schedule(): void {
    if (this.closed) return;
    this.timer ??= setTimeout(() => void this.flush(), this.flushMs);
  }

  /** No more write-backs from this instance (the next start picks up what is left). */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.sending = this.sending.then(() => this.writePending());
    return this.sending;
  }

  /** A later write-back after a failure, backing off while failures go on. */
  private retryLater(): void {
    if (this.closed) return;
    this.failedRounds++;
    const delay = Math.max(
      this.flushMs,
      backoffDelay(this.failedRounds, { baseMs: this.flushMs, maxMs: 60_000 }),
    );
    this.timer ??= setTimeout(() => void this.flush(), delay);
  }

  private async writePending(): Promise<void> {
    const groups = new Map<string, { mapping: ObjectMapping; links: IdLink[] }>();
    for (const link of this.store.linksAwaitingWriteBack(10_000)) {
      const mapping = this.mappingOf(link.mapping);
      if (!mapping) continue;
      const key = `${mapping.salesforceObject}.${mapping.externalIdField}`;
      const group = groups.get(key) ?? { mapping, links: [] };
      group.links.push(link);
      groups.set(key, group);
    }
    let retry = false;
    for (const { mapping, links } of groups.values()) {
      for (let start = 0; start < links.length; start += MAX_RECORDS) {
        const settled = await this.writeChunk(mapping, links.slice(start, start + MAX_RECORDS));
        retry ||= !settled;
      }
    }
    if (retry) this.retryLater();
    else this.failedRounds = 0;
  }

  /** Writes one chunk; false when some of it is worth another try. */
  private async writeChunk(mapping: ObjectMapping, chunk: IdLink[]): Promise<boolean> {
    try {
      const results = await this.records.update(
        mapping.salesforceObject,
        chunk.map((link) => ({
          Id: link.salesforceId,
          [mapping.externalIdField]: String(link.wordpressId),
        })),
      );
      results.forEach((result, index) => {
        const link = chunk[index];
        if (result.success && link) {
          this.store.markWrittenBack(link.mapping, link.salesforceId, link.wordpressId);
        }
      });
      const failures = results.filter((result) => !result.success);
      if (failures.length > 0) {
        this.logger.warn(
          { object: mapping.salesforceObject, failures: failures.slice(0, 5) },
          'some WordPress ids could not be written back',
        );
      }
      return !failures.some((result) =>
        result.errors.some((error) => classifyRecordError(error.statusCode) === 'transient'),
      );
    } catch (error) {
      this.logger.warn(
        { err: error, object: mapping.salesforceObject, records: chunk.length },
        'writing WordPress ids back failed; will retry',
      );
      return false;
    }
  }
}
