/**
 * bench/results/latest.svg: throughput per mode and event-to-visible latency per mode, as
 * horizontal bars, drawn by hand (no charting dependency). Missing figures say "not measured".
 */
import type { BenchReport } from './report.js';
import { formatMs } from './report-tables.js';

interface Bar {
  label: string;
  value: number | null;
  /** Printed after the bar. */
  caption: string;
  colour: string;
}

interface Panel {
  title: string;
  bars: Bar[];
}

const WIDTH = 860;
const LABEL_WIDTH = 250;
const BAR_AREA = 380;
const BAR_HEIGHT = 18;
const BAR_GAP = 7;
const SFWP = '#1d4ed8';
const SFWP_LIGHT = '#93b4f5';
const NAIVE = '#6b7280';
const NAIVE_LIGHT = '#c3c7ce';
const WORDPRESS = '#15803d';
const WORDPRESS_LIGHT = '#86c99b';

function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function panelHeight(panel: Panel): number {
  return 30 + panel.bars.length * (BAR_HEIGHT + BAR_GAP) + 14;
}

function drawPanel(panel: Panel, top: number): string {
  const max = Math.max(0, ...panel.bars.map((bar) => bar.value ?? 0));
  const parts = [`<text x="16" y="${top + 18}" class="panel">${escapeXml(panel.title)}</text>`];
  panel.bars.forEach((bar, index) => {
    const y = top + 30 + index * (BAR_HEIGHT + BAR_GAP);
    parts.push(
      `<text x="${LABEL_WIDTH - 8}" y="${y + 13}" class="label" text-anchor="end">${escapeXml(bar.label)}</text>`,
    );
    if (bar.value === null) {
      parts.push(`<text x="${LABEL_WIDTH}" y="${y + 13}" class="missing">not measured</text>`);
      return;
    }
    const width = max > 0 ? Math.max(1, (bar.value / max) * BAR_AREA) : 1;
    parts.push(
      `<rect x="${LABEL_WIDTH}" y="${y}" width="${width.toFixed(1)}" height="${BAR_HEIGHT}" fill="${bar.colour}" rx="2"/>`,
      `<text x="${(LABEL_WIDTH + width + 6).toFixed(1)}" y="${y + 13}" class="value">${escapeXml(bar.caption)}</text>`,
    );
  });
  return parts.join('\n  ');
}

function latencyBars(keys: {
  sfwp: [number | null, number | null];
  naive: [number | null, number | null];
}): Bar[] {
  const bar = (label: string, value: number | null, colour: string): Bar => ({
    label,
    value,
    caption: formatMs(value),
    colour,
  });
  return [
    bar('sfwp p50', keys.sfwp[0], SFWP),
    bar('sfwp p99', keys.sfwp[1], SFWP_LIGHT),
    bar('naive p50', keys.naive[0], NAIVE),
    bar('naive p99', keys.naive[1], NAIVE_LIGHT),
  ];
}

export function renderChart(report: BenchReport): string {
  const s = report.sfToWp.posts;
  const records = (s.records ?? report.options.count).toLocaleString('en-US');
  const rps = (value: number | null): string =>
    value === null ? '' : `${value.toLocaleString('en-US')} records/s`;
  const ceilingModes = report.ceiling?.modes ?? [];
  const singles = ceilingModes.find((mode) => mode.mode === 'single requests');
  const throughput: Bar[] = [
    {
      label: 'sfwp (connector process)',
      value: s.recordsPerSecond,
      caption: `${rps(s.recordsPerSecond)}${s.shareOfWordPressCeiling === null ? '' : ` · ${Math.round(s.shareOfWordPressCeiling * 100)}% of ceiling`}`,
      colour: SFWP,
    },
    {
      label: 'naive (lookup + single write)',
      value: s.naiveRecordsPerSecond,
      caption: `${rps(s.naiveRecordsPerSecond)}${s.ratio === null ? '' : ` · sfwp ${s.ratio}×`}`,
      colour: NAIVE,
    },
    {
      label: 'WordPress alone: /batch/v1 ceiling',
      value: s.wordPressCeilingRecordsPerSecond,
      caption: rps(s.wordPressCeilingRecordsPerSecond),
      colour: WORDPRESS,
    },
    {
      label: 'WordPress alone: single requests',
      value: singles?.recordsPerSecond ?? null,
      caption: rps(singles?.recordsPerSecond ?? null),
      colour: WORDPRESS_LIGHT,
    },
  ];
  const pacedRate = s.sfwp?.paced?.ratePerSecond ?? s.naive?.paced?.ratePerSecond;
  const panels: Panel[] = [
    { title: `Salesforce → WordPress throughput, ${records} new Accounts`, bars: throughput },
    {
      title: `Event-to-visible latency, burst of ${records} (queueing included)`,
      bars: latencyBars({
        sfwp: [s.latencyP50Ms, s.latencyP99Ms],
        naive: [s.naiveLatencyP50Ms, s.naiveLatencyP99Ms],
      }),
    },
    {
      title: `Event-to-visible latency, paced${pacedRate ? ` at ${pacedRate} changes/s` : ''}`,
      bars: latencyBars({
        sfwp: [s.pacedLatencyP50Ms, s.pacedLatencyP99Ms],
        naive: [s.naivePacedLatencyP50Ms, s.naivePacedLatencyP99Ms],
      }),
    },
  ];
  const m = report.machine;
  const header = 52;
  const footer = 58;
  const height = header + panels.reduce((sum, panel) => sum + panelHeight(panel), 0) + footer;
  let top = header;
  const body = panels.map((panel) => {
    const drawn = drawPanel(panel, top);
    top += panelHeight(panel);
    return drawn;
  });
  const figure = (value: number | null): string =>
    value === null ? '–' : value.toLocaleString('en-US');
  const w = report.wpToSf;
  const notes = [
    `Salesforce → WordPress, WordPress HTTP requests per 1,000 records: sfwp ${figure(s.wpRequestsPer1000)}, naive ${figure(s.naiveWpRequestsPer1000)}.`,
    `WordPress → Salesforce, Salesforce API calls per 1,000 records: sfwp ${figure(w.sfApiCallsPer1000)}, naive ${figure(w.naiveSfApiCallsPer1000)}.`,
    (report.backlog.peakRssMb === null
      ? ''
      : `Connector peak RSS with a ${report.backlog.events.toLocaleString('en-US')}-event backlog: ${report.backlog.peakRssMb} MB. `) +
      'Definitions and the naive modes: docs/BENCHMARKS.md',
  ];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif">
  <style>
    .title { font-size: 16px; font-weight: 600; fill: #111827; }
    .subtitle { font-size: 11px; fill: #4b5563; }
    .panel { font-size: 13px; font-weight: 600; fill: #1f2937; }
    .label { font-size: 12px; fill: #374151; }
    .value { font-size: 12px; fill: #111827; }
    .missing { font-size: 12px; fill: #9ca3af; font-style: italic; }
    .note { font-size: 11px; fill: #4b5563; }
  </style>
  <rect width="100%" height="100%" fill="#ffffff"/>
  <text x="16" y="24" class="title">sfwp benchmark (npm run bench)</text>
  <text x="16" y="42" class="subtitle">${escapeXml(
    `${report.date.slice(0, 10)} · ${m.cpuModel}, ${m.cpus} CPUs, ${m.memoryGb} GB · Node ${m.node} · WordPress ${report.wordpress.version} · org emulator`,
  )}</text>
  ${body.join('\n  ')}
  ${notes
    .map(
      (note, index) =>
        `<text x="16" y="${height - 40 + index * 15}" class="note">${escapeXml(note)}</text>`,
    )
    .join('\n  ')}
</svg>
`;
}
