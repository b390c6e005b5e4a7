import assert from "node:assert/strict";
import type { RequestRecord } from "../../../runtime/core/data_plane.ts";
import { RuntimeMetrics } from "../../../runtime/metrics/runtime_metrics.ts";
import { mergedWorkerMetricsText } from "../../../runtime/metrics/worker_metrics.ts";

function record(ms: number): RequestRecord {
  return { door: "modzy", model: "m", operation: "run", ms, items: 2, failedItems: 0 };
}

Deno.test("workers' counters and histograms sum exactly; process figures stay per worker with a total", async () => {
  const one = new RuntimeMetrics();
  const two = new RuntimeMetrics();
  for (let i = 0; i < 3; i++) one.observeRequest(record(2));
  for (let i = 0; i < 5; i++) two.observeRequest(record(40));
  const text = await mergedWorkerMetricsText([
    { worker: 1, metrics: await one.snapshot() },
    { worker: 2, metrics: await two.snapshot() },
  ]);
  const value = (line: string) =>
    Number(text.split("\n").find((each) => each.startsWith(`${line} `))?.split(" ")[1]);
  const labels = 'door="modzy",model="m",operation="run"';
  assert.equal(value(`model_runtime_requests_total{${labels}}`), 8);
  assert.equal(value('model_runtime_items_total{door="modzy",model="m"}'), 16);
  assert.equal(value(`model_runtime_request_duration_seconds_count{${labels}}`), 8);
  assert.equal(value(`model_runtime_request_duration_seconds_bucket{le="0.0025",${labels}}`), 3);
  assert.equal(value(`model_runtime_request_duration_seconds_bucket{le="0.05",${labels}}`), 8);
  const rss1 = value('process_resident_memory_bytes{worker="1"}');
  const rss2 = value('process_resident_memory_bytes{worker="2"}');
  assert.ok(rss1 > 0 && rss2 > 0);
  assert.equal(value('process_resident_memory_bytes{worker="total"}'), rss1 + rss2);
});
