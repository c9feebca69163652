/** How the benchmark's tables write figures: dashes for what was not measured. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '–';
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

export function text(value: number | string | null | undefined, suffix = ''): string {
  if (value === null || value === undefined) return '–';
  return `${typeof value === 'number' ? value.toLocaleString('en-US') : value}${suffix}`;
}

export function percent(value: number | null): string {
  return value === null ? '–' : `${Math.round(value * 100)} %`;
}

/** A Markdown table with aligned columns (numbers right-aligned). */
export function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  // A column whose cells all start with a figure (or are blank) is right-aligned.
  const numeric = header.map((_, column) => rows.every((row) => /^[\d–]/.test(row[column] ?? '')));
  const line = (cells: string[]): string =>
    `| ${cells
      .map((cell, column) =>
        numeric[column] ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join(' | ')} |`;
  const rule = `| ${widths
    .map((width, column) => (numeric[column] ? `${'-'.repeat(width - 1)}:` : '-'.repeat(width)))
    .join(' | ')} |`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}
