/**
 * Prometheus metrics at `/metrics` on the HTTP port, scraped after real
 * requests through the Modzy gRPC door and the OIP REST door: requests,
 * errors and latency per door and model, Modzy items, models loaded, queue
 * time and batch sizes (as the batcher reports them), training jobs by state
 * (as the trainer sets them) and process figures.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ModzyClient } from "../runtime/client/modzy_client.ts";
import { createLogger } from "../runtime/base/log.ts";
import { RuntimeMetrics } from "../runtime/metrics/runtime_metrics.ts";
import { serveModel } from "../runtime/server/serve_model.ts";
import { PROJECT_ROOT } from "./support/cli.ts";

const log = createLogger("silent");

/** The value of the sample `name{labels}` in Prometheus text, or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

Deno.test("/metrics counts requests, errors, latency, items and models after real requests", async () => {
  const metrics = new RuntimeMetrics();
  const server = await serveModel({ port: 0, httpPort: 0, log, metrics });
  const modzy = new ModzyClient(`127.0.0.1:${server.port}`);
  const baseUrl = `http://127.0.0.1:${server.http?.port}`;
  try {
    const input = await Deno.readFile(
      join(PROJECT_ROOT, "asset_bundle/0.1.0/test_cases/setosa-line-4/input.json"),
    );
    await modzy.status();
    await modzy.run([{ "input.json": input }, { "input.json": input }, { "wrong.json": input }]);
    const missing = await fetch(`${baseUrl}/v2/models/no-such-model/infer`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ inputs: [] }),
    });
    assert.equal(missing.status, 404);
    await missing.body?.cancel();
    metrics.setTrainingJobs("running", 2);
    metrics.setTrainingJobs("succeeded", 5);

    const response = await fetch(`${baseUrl}/metrics`, { headers: { "x-request-id": "scrape-1" } });
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
    assert.equal(response.headers.get("x-request-id"), "scrape-1");
    const text = await response.text();

    const modzyRun = 'door="modzy",model="iris-classifier",operation="run"';
    assert.equal(sample(text, `model_runtime_requests_total{${modzyRun}}`), 1);
    assert.equal(sample(text, `model_runtime_request_duration_seconds_count{${modzyRun}}`), 1);
    assert.equal(
      sample(
        text,
        `model_runtime_requests_total{door="modzy",model="iris-classifier",operation="status"}`,
      ),
      1,
    );
    assert.equal(
      sample(text, 'model_runtime_items_total{door="modzy",model="iris-classifier"}'),
      3,
    );
    assert.equal(
      sample(text, 'model_runtime_item_errors_total{door="modzy",model="iris-classifier"}'),
      1,
    );
    assert.equal(
      sample(
        text,
        'model_runtime_request_errors_total{door="oip-rest",model="",operation="infer",kind="not_found"}',
      ),
      1,
    );
    assert.equal(sample(text, "model_runtime_models_loaded"), 1);
    assert.equal(sample(text, 'model_runtime_models{state="ready"}'), 1);
    // The run's two valid items went to the model in one batch, after one wait in the queue.
    assert.equal(sample(text, 'model_runtime_queue_seconds_count{model="iris-classifier"}'), 1);
    assert.equal(
      sample(text, 'model_runtime_batch_size_bucket{le="1",model="iris-classifier"}'),
      0,
    );
    assert.equal(
      sample(text, 'model_runtime_batch_size_bucket{le="2",model="iris-classifier"}'),
      1,
    );
    assert.equal(sample(text, 'model_runtime_training_jobs{state="running"}'), 2);
    assert.equal(sample(text, 'model_runtime_training_jobs{state="succeeded"}'), 5);
    assert.ok((sample(text, "process_resident_memory_bytes") ?? 0) > 0);
    assert.ok((sample(text, "process_cpu_seconds_total") ?? 0) > 0);
    assert.match(text, /# TYPE model_runtime_request_duration_seconds histogram/);
  } finally {
    modzy.close();
    await server.stop();
  }
});
