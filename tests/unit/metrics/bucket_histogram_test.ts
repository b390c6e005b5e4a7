import assert from "node:assert/strict";
import { Registry } from "prom-client";
import { BucketHistogram } from "../../../runtime/metrics/bucket_histogram.ts";

Deno.test("bucket histogram: prom-client exposition with cumulative buckets, edges inclusive", async () => {
  const registry = new Registry();
  const histogram = new BucketHistogram({
    name: "h_seconds",
    help: "test",
    buckets: [0.1, 1],
    registers: [registry],
  });
  const series = histogram.series({ model: 'a"b' });
  assert.equal(histogram.series({ model: 'a"b' }), series, "one series per label set");
  for (const value of [0.1, 0.5, 1, 7, Number.NaN]) histogram.observe(series, value);
  const text = await registry.metrics();
  assert.match(text, /# TYPE h_seconds histogram/);
  assert.match(text, /h_seconds_bucket\{le="0.1",model="a\\"b"\} 1\n/);
  assert.match(text, /h_seconds_bucket\{le="1",model="a\\"b"\} 3\n/);
  assert.match(text, /h_seconds_bucket\{le="\+Inf",model="a\\"b"\} 4\n/);
  assert.match(text, /h_seconds_sum\{model="a\\"b"\} 8.6\n/);
  assert.match(text, /h_seconds_count\{model="a\\"b"\} 4/);
  const [json] = await registry.getMetricsAsJSON();
  assert.deepEqual(json.values[0], {
    labels: { le: 0.1, model: 'a"b' },
    value: 1,
    metricName: "h_seconds_bucket",
  });
  registry.resetMetrics();
  assert.match(await registry.metrics(), /h_seconds_count\{model="a\\"b"\} 0/);
});
