import type { DeadLetter } from '../../store/index.js';

function record(entry: DeadLetter): string {
  return [
    entry.salesforceId,
    entry.wordpressId === undefined ? undefined : `wp:${String(entry.wordpressId)}`,
  ]
    .filter((part) => part !== undefined)
    .join(' ');
}

function clip(text: string, width: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > width ? `${line.slice(0, width - 1)}…` : line;
}

/** A fixed-width table of dead letters, one per line, newest failure time shown. */
export function formatDeadLetters(entries: readonly DeadLetter[]): string {
  if (entries.length === 0) return 'No dead letters.\n';
  const rows = entries.map((entry) => [
    String(entry.id),
    entry.status,
    entry.mapping,
    entry.operation,
    record(entry),
    String(entry.attempts),
    entry.lastFailedAt,
    clip(`${entry.errorCode}: ${entry.errorMessage}`, 80),
  ]);
  const header = ['ID', 'STATUS', 'MAPPING', 'OP', 'RECORD', 'TRIES', 'LAST FAILED', 'ERROR'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]): string =>
    cells
      .map((cell, column) =>
        column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ');
  return `${[header, ...rows].map(line).join('\n')}\n`;
}
