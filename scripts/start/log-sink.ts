/**
 * Where the demo's connector logs go: every JSON line to the log file, and a readable line on
 * the console for the ones the live log shows. While the initial sync's progress bar is on
 * screen, record lines are counted instead of printed and warnings wait until the bar is done.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { Logger } from 'pino';
import { createLogger } from '../../connector/src/observability/logger.js';
import { formatLogRecord, levelOf, parseLogLine, type LiveLogOptions } from './live-log.js';

export class LiveLogSink {
  private readonly fd: number;
  private partial = '';
  private holding = false;
  private held: string[] = [];
  private heldRecords = 0;
  private readonly warned = new Set<string>();
  private closed = false;

  constructor(
    logFile: string,
    private readonly print: (line: string) => void,
    private readonly options: LiveLogOptions = {},
  ) {
    this.fd = openSync(logFile, 'w', 0o600);
  }

  /** pino's destination: whole JSON lines, each ending in a newline. */
  write(chunk: string): void {
    // A stopping connector may still log after the demo closed the file; those lines are dropped.
    if (this.closed) return;
    writeSync(this.fd, chunk);
    const lines = (this.partial + chunk).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.show(line);
  }

  private show(line: string): void {
    const record = parseLogLine(line);
    if (!record) return;
    const text = formatLogRecord(record, this.options);
    if (text === undefined) return;
    if (levelOf(record) === 'warn') {
      // A warning every runtime the demo opens repeats word for word (TLS checks off): once.
      const words = text.slice(text.indexOf('  '));
      if (this.warned.has(words)) return;
      this.warned.add(words);
    }
    if (!this.holding) {
      this.print(text);
      return;
    }
    if (record.msg === 'record synced') this.heldRecords++;
    else this.held.push(text);
  }

  /** Stops printing (a progress bar owns the terminal) until {@link release}. */
  hold(): void {
    this.holding = true;
  }

  /** Prints what waited (warnings, failures) and goes live; returns the record lines it hid. */
  release(): number {
    this.holding = false;
    const hidden = this.heldRecords;
    for (const text of this.held) this.print(text);
    this.held = [];
    this.heldRecords = 0;
    return hidden;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}

/** The connector's logger (its redaction included) writing into the sink. */
export function createDemoLogger(sink: LiveLogSink, level = 'info'): Logger {
  return createLogger({ level, destination: sink });
}
