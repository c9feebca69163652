import type { CompanionPlugin } from './companion-plugin.js';

/**
 * One change feed read by several readers (one per org, each with its own cursor). The plugin
 * keeps a single acknowledged cursor and prunes the rows behind it once their retention has
 * passed, so it may only hear of the lowest cursor every reader has reached: were each reader
 * to acknowledge its own, an org down for longer than the retention would find the rows the
 * others had read pruned before it read them. A reader that has acknowledged nothing yet holds
 * the cursor at 0, so nothing is pruned for it until it has read.
 */
export class JointAcknowledgement {
  private readonly reached: Map<string, number>;
  private told = 0;

  constructor(readers: readonly string[]) {
    if (readers.length === 0) throw new Error('JointAcknowledgement needs at least one reader');
    this.reached = new Map(readers.map((reader) => [reader, 0]));
  }

  /** The lowest cursor every reader has acknowledged. */
  get cursor(): number {
    return Math.min(...this.reached.values());
  }

  /**
   * The plugin as `reader`'s intake should see it: everything passes through but
   * `acknowledge`, which tells the plugin only what every reader has reached.
   */
  for(reader: string, plugin: CompanionPlugin): CompanionPlugin {
    if (!this.reached.has(reader)) {
      throw new Error(`'${reader}' is not one of this feed's readers`);
    }
    const heartbeat = plugin.heartbeat?.bind(plugin);
    return {
      changes: (after, limit) => plugin.changes(after, limit),
      acknowledge: (cursor) => this.acknowledge(reader, cursor, plugin),
      status: () => plugin.status(),
      configure: (settings) => plugin.configure(settings),
      ...(heartbeat ? { heartbeat } : {}),
    };
  }

  private async acknowledge(reader: string, cursor: number, plugin: CompanionPlugin) {
    this.reached.set(reader, Math.max(this.reached.get(reader) ?? 0, cursor));
    const lowest = this.cursor;
    if (lowest <= this.told) return;
    await plugin.acknowledge(lowest);
    this.told = Math.max(this.told, lowest);
  }
}
