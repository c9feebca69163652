import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ConnectorHealth } from '../../src/app/connector-health.js';

function healthWithLog() {
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
  return { health: new ConnectorHealth(logger), lines };
}

describe('ConnectorHealth', () => {
  it('shows a problem with its reason until it clears, logging each change once', () => {
    const { health, lines } = healthWithLog();
    health.set('running');
    health.report('WordPress unreachable', 'unavailable');
    health.report('WordPress unreachable', 'unavailable');
    expect(health.state).toBe('unavailable');
    expect(health.reason).toBe('WordPress unreachable');
    health.report(undefined);
    expect(health.state).toBe('running');
    expect(health.reason).toBeUndefined();
    expect(lines.filter((line) => line.includes('connector degraded'))).toHaveLength(1);
    expect(lines.filter((line) => line.includes('"recovered"'))).toHaveLength(1);
  });

  it('shows a pause only while nothing needs someone to act', () => {
    const { health } = healthWithLog();
    health.set('running');
    const pause = { pausedAt: '2026-12-06T12:00:00.000Z' };
    expect(health.shown(pause)).toBe('paused');
    health.report('credentials refused');
    expect(health.shown(pause)).toBe('authentication-failed');
    expect(health.shown(undefined)).toBe('authentication-failed');
  });

  it('ignores problems reported while stopping', () => {
    const { health } = healthWithLog();
    health.set('stopping');
    health.report('WordPress unreachable', 'unavailable');
    expect(health.state).toBe('stopping');
  });
});
