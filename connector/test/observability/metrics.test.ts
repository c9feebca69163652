import { register as globalRegistry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { ConnectorMetrics } from '../../src/observability/metrics.js';
import { connectorStatus } from '../server/status-fixture.js';

/** The sample lines of one metric, e.g. `sfwp_events_total{mapping="x",outcome="applied"} 2`. */
function samples(text: string, name: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));
}

describe('ConnectorMetrics', () => {
  it('counts events by mapping and outcome', async () => {
    const metrics = new ConnectorMetrics({ defaultMetrics: false });
    metrics.recordEvent('Contact_User', 'received');
    metrics.recordEvent('Contact_User', 'received');
    metrics.recordEvent('Contact_User', 'applied');
    metrics.recordEvent('Account_Organization', 'failed', 3);
    const text = await metrics.render();
    expect(samples(text, 'sfwp_events_total').sort()).toEqual([
      'sfwp_events_total{org="default",mapping="Account_Organization",outcome="failed"} 3',
      'sfwp_events_total{org="default",mapping="Contact_User",outcome="applied"} 1',
      'sfwp_events_total{org="default",mapping="Contact_User",outcome="received"} 2',
    ]);
  });

  it('counts WordPress requests by purpose, method and status, with durations and batch sizes', async () => {
    const metrics = new ConnectorMetrics({ defaultMetrics: false });
    metrics.recordWordPressRequest({
      method: 'post',
      route: '/batch/v1',
      status: 207,
      durationMs: 120,
      purpose: 'batch',
      batchSize: 25,
    });
    metrics.recordWordPressRequest({
      method: 'GET',
      route: '/wp/v2/users/7',
      status: undefined,
      durationMs: 30_000,
      purpose: 'read',
    });
    const text = await metrics.render();
    expect(samples(text, 'sfwp_wordpress_requests_total').sort()).toEqual([
      'sfwp_wordpress_requests_total{purpose="batch",method="POST",status="207"} 1',
      'sfwp_wordpress_requests_total{purpose="read",method="GET",status="none"} 1',
    ]);
    expect(samples(text, 'sfwp_wordpress_batched_writes_total')).toEqual([
      'sfwp_wordpress_batched_writes_total 25',
    ]);
    expect(text).toContain('sfwp_wordpress_request_duration_seconds_sum{purpose="batch"} 0.12');
    expect(text).toContain('sfwp_wordpress_request_duration_seconds_count{purpose="read"} 1');
  });

  it('sets the gauges from the connector status', async () => {
    const metrics = new ConnectorMetrics({ defaultMetrics: false });
    metrics.setStatus(connectorStatus());
    const text = await metrics.render();
    expect(samples(text, 'sfwp_connector_state')).toContain(
      'sfwp_connector_state{org="default",state="running"} 1',
    );
    expect(samples(text, 'sfwp_connector_state')).toContain(
      'sfwp_connector_state{org="default",state="paused"} 0',
    );
    expect(samples(text, 'sfwp_connector_info')).toEqual([
      'sfwp_connector_info{version="0.1.0"} 1',
    ]);
    expect(samples(text, 'sfwp_salesforce_api_requests_used')).toEqual([
      'sfwp_salesforce_api_requests_used{org="default"} 1200',
    ]);
    expect(samples(text, 'sfwp_salesforce_api_requests_limit')).toEqual([
      'sfwp_salesforce_api_requests_limit{org="default"} 15000',
    ]);
    expect(samples(text, 'sfwp_dead_letters_open')).toEqual([
      'sfwp_dead_letters_open{org="default"} 2',
    ]);
    expect(samples(text, 'sfwp_events_in_flight')).toEqual([
      'sfwp_events_in_flight{org="default"} 3',
    ]);
    expect(samples(text, 'sfwp_lag_seconds')).toEqual(['sfwp_lag_seconds{org="default"} 1.5']);
    expect(samples(text, 'sfwp_replay_position_info')).toEqual([
      'sfwp_replay_position_info{org="default",topic="/event/WP_Sync_Event__e",replay_id="00000000000004d2"} 1',
    ]);
    expect(samples(text, 'sfwp_mappings').sort()).toEqual([
      'sfwp_mappings{org="default",status="loaded"} 2',
      'sfwp_mappings{org="default",status="skipped"} 1',
    ]);
    expect(samples(text, 'sfwp_connector_start_time_seconds')).toEqual([
      `sfwp_connector_start_time_seconds ${String(Date.parse('2026-11-22T09:00:00.000Z') / 1000)}`,
    ]);
  });

  it('replaces old replay positions and reports unknown lag and API usage as NaN', async () => {
    const metrics = new ConnectorMetrics({ defaultMetrics: false });
    metrics.setStatus(connectorStatus());
    const base = connectorStatus();
    metrics.setStatus({
      ...base,
      state: 'authentication-failed',
      salesforce: {
        ...base.salesforce,
        replayPositions: { '/event/WP_Sync_Event__e': '00000000000004d9' },
        apiUsage: undefined,
      },
      intake: { inFlight: 0, lagMs: undefined, eventsApplied: 0 },
    });
    const text = await metrics.render();
    expect(samples(text, 'sfwp_replay_position_info')).toEqual([
      'sfwp_replay_position_info{org="default",topic="/event/WP_Sync_Event__e",replay_id="00000000000004d9"} 1',
    ]);
    // prom-client writes `Nan`; Prometheus parses NaN case-insensitively.
    expect(samples(text, 'sfwp_lag_seconds')).toEqual([
      expect.stringMatching(/^sfwp_lag_seconds\{org="default"\} nan$/i),
    ]);
    expect(samples(text, 'sfwp_salesforce_api_requests_used')).toEqual([
      expect.stringMatching(/^sfwp_salesforce_api_requests_used\{org="default"\} nan$/i),
    ]);
    expect(samples(text, 'sfwp_connector_state')).toContain(
      'sfwp_connector_state{org="default",state="authentication-failed"} 1',
    );
    expect(samples(text, 'sfwp_connector_state')).toContain(
      'sfwp_connector_state{org="default",state="running"} 0',
    );
  });

  it('labels each org of a connector serving several', async () => {
    const metrics = new ConnectorMetrics({ defaultMetrics: false });
    const base = connectorStatus();
    metrics.recordEvent('Lead_To_Service', 'applied', 2, 'sales');
    metrics.setStatus({
      ...base,
      orgs: {
        sales: base,
        service: { ...base, state: 'authentication-failed', deadLetters: { open: 7 } },
      },
    });
    const text = await metrics.render();
    expect(samples(text, 'sfwp_events_total')).toEqual([
      'sfwp_events_total{org="sales",mapping="Lead_To_Service",outcome="applied"} 2',
    ]);
    expect(samples(text, 'sfwp_dead_letters_open').sort()).toEqual([
      'sfwp_dead_letters_open{org="sales"} 2',
      'sfwp_dead_letters_open{org="service"} 7',
    ]);
    expect(samples(text, 'sfwp_connector_state')).toEqual(
      expect.arrayContaining([
        'sfwp_connector_state{org="sales",state="running"} 1',
        'sfwp_connector_state{org="service",state="authentication-failed"} 1',
        'sfwp_connector_state{org="service",state="running"} 0',
      ]),
    );
  });

  it('collects process metrics on its own registry, not the global one', async () => {
    const before = (await globalRegistry.metrics()).length;
    const first = new ConnectorMetrics();
    const second = new ConnectorMetrics();
    first.recordEvent('Contact_User', 'applied');
    const text = await first.render();
    expect(text).toContain('process_cpu_seconds_total');
    expect(text).toContain('nodejs_heap_size_used_bytes');
    expect(await second.render()).not.toContain('sfwp_events_total{');
    expect((await globalRegistry.metrics()).length).toBe(before);
    expect(first.contentType).toContain('text/plain');
  });
});
