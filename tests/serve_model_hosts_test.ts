/**
 * Every model a server started with `serveModel` hosts — the default bundle,
 * repository folders and models trained over the TrainingService — is built
 * the same way: it gets the caller's batching options, and its batch sizes
 * and queue times (one per request) go to the caller's `metrics`, not the
 * process-wide ones.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ModzyClient } from "../runtime/client/modzy_client.ts";
import { TrainingClient } from "../runtime/client/training_client.ts";
import { createLogger } from "../runtime/base/log.ts";
import { RuntimeMetrics } from "../runtime/metrics/runtime_metrics.ts";
import { sharedMetrics } from "../runtime/metrics/shared_metrics.ts";
import { serveModel } from "../runtime/server/serve_model.ts";
import { PROJECT_ROOT } from "./support/cli.ts";
import { numericCsv } from "./support/training_data.ts";

const log = createLogger("silent");

/** The value of the sample `series` in Prometheus text, or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** Copies the embedded bundle's version folder to `dir` (a repository model folder). */
async function copyEmbeddedBundle(dir: string): Promise<void> {
  const source = join(PROJECT_ROOT, "asset_bundle", "0.1.0");
  await Deno.mkdir(dir, { recursive: true });
  for await (const entry of Deno.readDir(source)) {
    if (entry.isFile) await Deno.copyFile(join(source, entry.name), join(dir, entry.name));
  }
}

Deno.test("a model trained over the TrainingService gets the server's batching (off)", async () => {
  const dir = await Deno.makeTempDir({ prefix: "serve_hosts_training_" });
  const server = await serveModel({
    port: 0,
    httpPort: null,
    trainingDir: dir,
    batching: { enabled: false },
    log,
  });
  const training = new TrainingClient(`127.0.0.1:${server.port}`);
  try {
    const job = await training.train({
      modelName: "blobs",
      model: "linear",
      csvBytes: new TextEncoder().encode(numericCsv(["a", "b"], 20)),
    });
    const done = await training.follow(job.training_id);
    assert.equal(done.state, "COMPLETED", done.error);
    const registry = server.dataPlane.registry;
    assert.equal(registry.get().host.batching, false, "the default model");
    assert.equal(registry.get("blobs").host.batching, false, "the trained model");
  } finally {
    training.close();
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("batch metrics of the default and repository models go to the caller's metrics", async () => {
  const dir = await Deno.makeTempDir({ prefix: "serve_hosts_metrics_" });
  await copyEmbeddedBundle(join(dir, "iris-copy"));
  const metrics = new RuntimeMetrics();
  const server = await serveModel({ port: 0, httpPort: null, models: dir, metrics, log });
  const modzy = new ModzyClient(`127.0.0.1:${server.port}`);
  try {
    const input = await Deno.readFile(
      join(PROJECT_ROOT, "asset_bundle/0.1.0/test_cases/setosa-line-4/input.json"),
    );
    const items = [{ "input.json": input }, { "input.json": input }];
    assert.equal((await modzy.run(items)).outputs.length, 2);
    assert.equal((await modzy.run(items, {}, { modelId: "iris-copy" })).outputs.length, 2);
    const own = await metrics.text();
    const shared = await sharedMetrics.text();
    for (const model of ["iris-classifier", "iris-copy"]) {
      const batches = `model_runtime_batch_size_sum{model="${model}"}`;
      const waits = `model_runtime_queue_seconds_count{model="${model}"}`;
      assert.equal(sample(own, batches), 2, `${model}: batch sizes in the caller's metrics`);
      assert.equal(sample(own, waits), 1, `${model}: queue times in the caller's metrics`);
      assert.equal(sample(shared, batches), undefined, `${model}: none in the process metrics`);
    }
  } finally {
    modzy.close();
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
