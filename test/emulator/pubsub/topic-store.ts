/**
 * Persistence of the event bus: one append-only JSON-lines file per topic in `dataDir`.
 *
 * Each publish is one `write` of one whole line, without fsync: a crash can lose the newest
 * events but cannot corrupt older ones. A torn last line is ignored on load, and the file is
 * rewritten (to a temporary file, then renamed) without it and without expired events.
 */
import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

const EXTENSION = '.jsonl';

/** A stored event, as one line of a topic file. */
export interface EventLine {
  topic: string;
  /** 16 hex digits. */
  replayId: string;
  eventUuid: string;
  /** Epoch milliseconds. */
  publishedAt: number;
  payload: Record<string, unknown>;
}

/** Written first when a rewrite drops the event that holds the topic's newest id. */
interface TipLine {
  topic: string;
  tip: string;
}

export interface LoadedTopic {
  topic: string;
  events: EventLine[];
  tip: string | undefined;
}

export class TopicStore {
  private readonly descriptors = new Map<string, number>();

  constructor(private readonly dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
  }

  /** Reads every topic file, keeping the events `keep` accepts, and rewrites what it dropped. */
  load(keep: (line: EventLine) => boolean): LoadedTopic[] {
    const topics: LoadedTopic[] = [];
    for (const name of readdirSync(this.dataDir)) {
      if (!name.endsWith(EXTENSION)) {
        continue;
      }
      const file = join(this.dataDir, name);
      const text = readFileSync(file, 'utf8');
      const parsed = parseLines(text);
      const kept = parsed.events.filter(keep);
      if (parsed.topic === undefined) {
        continue;
      }
      const tip = maxHex([parsed.tip, ...parsed.events.map((line) => line.replayId)]);
      const lastKept = kept.at(-1)?.replayId;
      const dirty = parsed.torn || kept.length !== parsed.events.length;
      if (dirty) {
        const lines: (EventLine | TipLine)[] = [];
        if (tip !== undefined && tip !== lastKept) {
          lines.push({ topic: parsed.topic, tip });
        }
        lines.push(...kept);
        rewrite(file, lines);
      }
      topics.push({ topic: parsed.topic, events: kept, tip });
    }
    return topics;
  }

  append(line: EventLine): void {
    writeSync(this.descriptor(line.topic), `${JSON.stringify(line)}\n`);
  }

  close(): void {
    for (const fd of this.descriptors.values()) {
      closeSync(fd);
    }
    this.descriptors.clear();
  }

  private descriptor(topic: string): number {
    let fd = this.descriptors.get(topic);
    if (fd === undefined) {
      fd = openSync(join(this.dataDir, `${encodeURIComponent(topic)}${EXTENSION}`), 'a');
      this.descriptors.set(topic, fd);
    }
    return fd;
  }
}

interface ParsedFile {
  topic: string | undefined;
  events: EventLine[];
  tip: string | undefined;
  /** The file did not end with a complete line. */
  torn: boolean;
}

function parseLines(text: string): ParsedFile {
  const result: ParsedFile = { topic: undefined, events: [], tip: undefined, torn: false };
  const lines = text.split('\n');
  const last = lines.pop();
  if (last !== undefined && last !== '') {
    result.torn = true;
  }
  for (const raw of lines) {
    const line = parseLine(raw);
    if (line === undefined) {
      result.torn = true;
      continue;
    }
    result.topic = line.topic;
    if ('tip' in line) {
      result.tip = maxHex([result.tip, line.tip]);
    } else {
      result.events.push(line);
    }
  }
  return result;
}

function parseLine(raw: string): EventLine | TipLine | undefined {
  try {
    const value: unknown = JSON.parse(raw);
    return isEventLine(value) || isTipLine(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEventLine(value: unknown): value is EventLine {
  return (
    isRecord(value) &&
    typeof value.topic === 'string' &&
    typeof value.replayId === 'string' &&
    /^[0-9a-f]{16}$/.test(value.replayId) &&
    typeof value.eventUuid === 'string' &&
    typeof value.publishedAt === 'number' &&
    isRecord(value.payload)
  );
}

function isTipLine(value: unknown): value is TipLine {
  return (
    isRecord(value) &&
    typeof value.topic === 'string' &&
    typeof value.tip === 'string' &&
    /^[0-9a-f]{16}$/.test(value.tip)
  );
}

/** Fixed-width hex strings compare like the numbers they hold. */
function maxHex(values: (string | undefined)[]): string | undefined {
  let max: string | undefined;
  for (const value of values) {
    if (value !== undefined && (max === undefined || value > max)) {
      max = value;
    }
  }
  return max;
}

function rewrite(file: string, lines: (EventLine | TipLine)[]): void {
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
  renameSync(temporary, file);
}
