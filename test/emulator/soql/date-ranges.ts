/**
 * Relative date literals (SOQL "Date Formats and Date Literals") as half-open UTC ranges
 * [start, end) in epoch milliseconds. Weeks start on Sunday (en_US locale).
 */
const DAY = 86_400_000;

function startOfDay(ms: number): number {
  return Math.floor(ms / DAY) * DAY;
}

function startOfWeek(ms: number): number {
  const day = startOfDay(ms);
  return day - new Date(day).getUTCDay() * DAY;
}

function monthStart(ms: number, monthOffset: number): number {
  const date = new Date(ms);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + monthOffset, 1);
}

function yearStart(ms: number, yearOffset: number): number {
  return Date.UTC(new Date(ms).getUTCFullYear() + yearOffset, 0, 1);
}

export function dateLiteralRange(name: string, n: number, now: number): [number, number] {
  const today = startOfDay(now);
  const week = startOfWeek(now);
  switch (name) {
    case 'TODAY':
      return [today, today + DAY];
    case 'YESTERDAY':
      return [today - DAY, today];
    case 'TOMORROW':
      return [today + DAY, today + 2 * DAY];
    case 'THIS_WEEK':
      return [week, week + 7 * DAY];
    case 'LAST_WEEK':
      return [week - 7 * DAY, week];
    case 'NEXT_WEEK':
      return [week + 7 * DAY, week + 14 * DAY];
    case 'THIS_MONTH':
      return [monthStart(now, 0), monthStart(now, 1)];
    case 'LAST_MONTH':
      return [monthStart(now, -1), monthStart(now, 0)];
    case 'NEXT_MONTH':
      return [monthStart(now, 1), monthStart(now, 2)];
    case 'THIS_YEAR':
      return [yearStart(now, 0), yearStart(now, 1)];
    case 'LAST_YEAR':
      return [yearStart(now, -1), yearStart(now, 0)];
    case 'NEXT_YEAR':
      return [yearStart(now, 1), yearStart(now, 2)];
    case 'LAST_90_DAYS':
      return [today - 90 * DAY, today + DAY];
    case 'NEXT_90_DAYS':
      return [today + DAY, today + 91 * DAY];
    case 'LAST_N_DAYS':
      return [today - n * DAY, today + DAY];
    case 'NEXT_N_DAYS':
      return [today + DAY, today + (n + 1) * DAY];
    case 'N_DAYS_AGO':
      return [today - n * DAY, today - (n - 1) * DAY];
    case 'LAST_N_WEEKS':
      return [week - 7 * n * DAY, week];
    case 'NEXT_N_WEEKS':
      return [week + 7 * DAY, week + 7 * (n + 1) * DAY];
    case 'LAST_N_MONTHS':
      return [monthStart(now, -n), monthStart(now, 0)];
    case 'NEXT_N_MONTHS':
      return [monthStart(now, 1), monthStart(now, n + 1)];
    case 'LAST_N_YEARS':
      return [yearStart(now, -n), yearStart(now, 0)];
    case 'NEXT_N_YEARS':
      return [yearStart(now, 1), yearStart(now, n + 1)];
    default:
      throw new Error(`unknown date literal ${name}`);
  }
}

/** Epoch ms of a stored date (`2026-11-22`) or datetime (`2026-11-22T08:14:47.000+0000`). */
export function toEpochMs(value: string): number {
  return Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
}
