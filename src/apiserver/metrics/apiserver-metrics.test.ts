import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { APIServerMetrics, LATENCY_BUCKETS, objectCounter } from './apiserver-metrics.js';
import type { RequestLabels } from './labels.js';

const list: RequestLabels = {
  verb: 'LIST',
  dry_run: '',
  group: '',
  version: 'v1',
  resource: 'pods',
  subresource: '',
  scope: 'namespace',
  component: 'apiserver',
};

function lines(text: string, name: string): string[] {
  return text.split('\n').filter((l) => l.startsWith(name));
}

describe('APIServerMetrics', () => {
  it('keeps each server in its own registry', async () => {
    const a = new APIServerMetrics({ processMetrics: false });
    const b = new APIServerMetrics({ processMetrics: false });
    a.observeRequest(list, 200, 0.01);
    const textB = (await b.exposition()).body;
    assert.deepEqual(lines(textB, 'apiserver_request_total{'), []);
    const textA = (await a.exposition()).body;
    assert.deepEqual(lines(textA, 'apiserver_request_total{'), [
      'apiserver_request_total{code="200",component="apiserver",dry_run="",group="",resource="pods",scope="namespace",subresource="",verb="LIST",version="v1"} 1',
    ]);
  });

  it('histograms use upstream buckets and labels', async () => {
    const m = new APIServerMetrics({ processMetrics: false });
    m.observeRequest(list, 200, 0.03);
    m.observeRequest(list, 500, 100);
    const text = (await m.exposition()).body;
    const buckets = lines(text, 'apiserver_request_duration_seconds_bucket');
    assert.equal(buckets.length, LATENCY_BUCKETS.length + 1);
    assert.match(
      buckets[0]!,
      /\{le="0\.005",component="apiserver",dry_run="",group="",resource="pods",scope="namespace",subresource="",verb="LIST",version="v1"\} 0$/,
    );
    assert.match(buckets[2]!, /le="0\.05".*\} 1$/);
    assert.match(buckets.at(-1)!, /le="\+Inf".*\} 2$/);
    assert.match(text, /apiserver_request_total\{code="500",[^}]*\} 1/);
  });

  it('counts long-running requests while open', async () => {
    const m = new APIServerMetrics({ processMetrics: false });
    const watch = { ...list, verb: 'WATCH' };
    const close1 = m.longRunningStarted(watch);
    const close2 = m.longRunningStarted(watch);
    close1();
    close1();
    const text = (await m.exposition()).body;
    assert.deepEqual(lines(text, 'apiserver_longrunning_requests{'), [
      'apiserver_longrunning_requests{component="apiserver",group="",resource="pods",scope="namespace",subresource="",verb="WATCH",version="v1"} 1',
    ]);
    close2();
    assert.match((await m.exposition()).body, /apiserver_longrunning_requests\{[^}]*\} 0/);
  });

  it('reports in-flight watermarks, terminations and storage calls', async () => {
    const m = new APIServerMetrics({ processMetrics: false });
    m.setInflight(3, 1);
    m.observeTermination({ ...list, verb: 'POST', scope: 'resource' }, 429);
    m.observeStore('get', 'pods', 0.001, false);
    m.observeStore('get', 'pods', 0.002, true);
    const text = (await m.exposition()).body;
    assert.deepEqual(lines(text, 'apiserver_current_inflight_requests{'), [
      'apiserver_current_inflight_requests{request_kind="readOnly"} 3',
      'apiserver_current_inflight_requests{request_kind="mutating"} 1',
    ]);
    assert.match(text, /apiserver_request_terminations_total\{code="429",[^}]*verb="POST",[^}]*\} 1/);
    assert.match(text, /etcd_request_duration_seconds_count\{operation="get",type="pods"\} 2/);
    assert.match(text, /etcd_requests_total\{operation="get",type="pods"\} 2/);
    assert.match(text, /etcd_request_errors_total\{operation="get",type="pods"\} 1/);
  });

  it('counts stored objects at scrape time, -1 for a failed count', async () => {
    let pods = 2;
    const count = async (prefix: string) => {
      if (prefix === '/registry/broken/') throw new Error('down');
      return prefix === '/registry/pods/' ? pods : 0;
    };
    const m = new APIServerMetrics({
      processMetrics: false,
      countObjects: objectCounter(count, [
        { prefix: '/registry/pods/', label: 'pods' },
        { prefix: '/registry/broken/', label: 'broken' },
      ]),
    });
    assert.match((await m.exposition()).body, /apiserver_storage_objects\{resource="pods"\} 2/);
    pods = 5;
    const text = (await m.exposition()).body;
    assert.match(text, /apiserver_storage_objects\{resource="pods"\} 5/);
    assert.match(text, /apiserver_storage_objects\{resource="broken"\} -1/);
  });

  it('exports process metrics by default, in the Prometheus text format', async () => {
    const { contentType, body } = await new APIServerMetrics().exposition();
    assert.match(contentType, /^text\/plain; version=0\.0\.4/);
    assert.match(body, /^# TYPE process_cpu_seconds_total counter$/m);
    assert.match(body, /^process_resident_memory_bytes \d+/m);
    assert.match(body, /^process_start_time_seconds \d+/m);
  });
});
