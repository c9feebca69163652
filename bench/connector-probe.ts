/**
 * Loaded into the benchmark's connector process with `--import` (never part of the connector):
 * on SIGUSR2 it writes `process.memoryUsage()` and V8's heap space statistics, then a heap
 * snapshot, into SFWP_BENCH_PROBE_DIR. memory.json is written last, so its presence means the
 * snapshot is complete.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getHeapSpaceStatistics, writeHeapSnapshot } from 'node:v8';

const dir = process.env.SFWP_BENCH_PROBE_DIR;
if (dir) {
  process.on('SIGUSR2', () => {
    // Read before the snapshot: writing one allocates a great deal outside the heap.
    const memory = process.memoryUsage();
    const spaces = getHeapSpaceStatistics().map((space) => ({
      name: space.space_name,
      usedBytes: space.space_used_size,
    }));
    const snapshot = writeHeapSnapshot(join(dir, 'connector.heapsnapshot'));
    const file = join(dir, 'memory.json');
    writeFileSync(`${file}.tmp`, JSON.stringify({ memory, spaces, snapshot }));
    renameSync(`${file}.tmp`, file);
  });
}
