/**
 * The training service through real servers: remote training from the CLI
 * (`--train --target`) prints the training_id and model_name first, the
 * trained model is registered and served under its name, and its bundle
 * serves on its own with `--serve --bundle`; a job that throws ends ERRORED
 * with its reason while serving continues; a cancelled job ends CANCELED and
 * leaves no folder; jobs beyond the concurrency bound queue; a lifecycle
 * module (hello-world) trains and serves through the same RPC.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runCli } from "./support/cli.ts";
import { startServerProcess } from "./support/server_process.ts";
import { numericCsv, textCsv } from "./support/training_data.ts";
import { ModzyClient } from "../runtime/client/modzy_client.ts";
import { TrainingClient } from "../runtime/client/training_client.ts";
import { serveModel } from "../runtime/server/serve_model.ts";
import { createLogger } from "../runtime/base/log.ts";
import { ModelRegistry } from "../runtime/core/registry.ts";
import { TrainingJobs } from "../runtime/hosting/training_jobs.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const json = (value: unknown) => encoder.encode(JSON.stringify(value));

async function entries(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  return names.sort();
}

Deno.test("service: --train --target trains remotely; the model serves by name and from its bundle", async () => {
  const dir = await Deno.makeTempDir({ prefix: "remote_training_" });
  try {
    const trainingDir = join(dir, "trained");
    await using server = await startServerProcess({ extraArgs: ["--training-dir", trainingDir] });
    const csvPath = join(dir, "topics.csv");
    await Deno.writeTextFile(csvPath, textCsv(15));
    const train = await runCli([
      "--train",
      csvPath,
      "--target",
      server.target,
      "--name",
      "Topics",
      "--model",
      "linear",
    ]);
    assert.equal(train.code, 0, train.stderr);
    const lines = train.stdout.trim().split("\n");
    assert.match(lines[0], /^training_id: [0-9a-f-]{36}$/);
    assert.equal(lines[1], "model_name: Topics", "the name is kept as given");
    assert.equal(lines[2], "state: COMPLETED");
    assert.match(lines[4], /^model: (linear|mlp|trees)$/, "the family trained");
    assert.equal(lines[5], `bundle_dir: ${join(trainingDir, "Topics", "0.1.0")}`);
    assert.deepEqual(await entries(trainingDir), ["Topics"]);

    const client = new ModzyClient(server.target);
    try {
      const status = await client.status({ modelId: "Topics" });
      assert.equal(status.status_code, 200);
      const run = await client.run(
        [{ "input.json": json({ text: "the band played loud guitars" }) }],
        {},
        { modelId: "Topics" },
      );
      const result = JSON.parse(decoder.decode(run.outputs[0].output["results.json"]));
      assert.equal(result.data.result.classPredictions[0].class, "music");
      assert.equal((await client.status()).status_code, 200, "the default model still serves");
    } finally {
      client.close();
    }

    const bundle = join(trainingDir, "Topics");
    await using alone = await startServerProcess({ bundle });
    const check = await runCli(["--check", "--bundle", bundle, "--target", alone.target]);
    assert.equal(check.code, 0, check.stdout + check.stderr);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("service: ERRORED with its reason, CANCELED leaves no folder, serving continues", async () => {
  const dir = await Deno.makeTempDir({ prefix: "training_jobs_" });
  const server = await serveModel({ port: 0, trainingDir: dir, log: createLogger("silent") });
  const training = new TrainingClient(`127.0.0.1:${server.port}`);
  const modzy = new ModzyClient(`127.0.0.1:${server.port}`);
  try {
    const bad = await training.train({
      modelName: "broken",
      csvBytes: encoder.encode("a,label\n1,x\n2,x\n"),
    });
    const failed = await training.follow(bad.training_id);
    assert.equal(failed.state, "ERRORED");
    assert.equal(
      failed.error,
      "inline.csv: label column 'label' has a single class 'x'; at least 2 classes are needed",
    );
    assert.ok(failed.submitted_at !== "" && failed.finished_at !== "");
    const run = await modzy.run([{ "input.json": json([5.1, 3.5, 1.4, 0.2]) }]);
    assert.equal(run.outputs[0].success, true, "serving continues");

    // A large enough job to catch it running, then cancel it.
    const big = await training.train({
      modelName: "big",
      csvBytes: encoder.encode(numericCsv(["a", "b", "c", "d"], 500, 64)),
      model: "mlp",
    });
    let state = (await training.status(big.training_id)).state;
    while (state === "QUEUED") state = (await training.status(big.training_id)).state;
    const cancelled = await training.cancel(big.training_id);
    assert.equal(cancelled.state, "CANCELED");
    assert.equal((await training.status(big.training_id)).state, "CANCELED");
    assert.deepEqual(await entries(dir), [], "no model folder and no staging folder");

    await assert.rejects(
      training.status("no-such-job"),
      (error: { code?: number; details?: string }) =>
        error.code === 5 && error.details === "no training job 'no-such-job'",
    );
    await assert.rejects(
      training.train({ modelName: "x", csvPath: "/data.csv", model: "forest" }),
      (error: { code?: number }) => error.code === 3,
    );

    // An unsafe model name is refused with the rule; a safe one is kept as given.
    await assert.rejects(
      training.train({ modelName: "../escape", csvBytes: encoder.encode("a\n1\n") }),
      (error: { code?: number; details?: string }) =>
        error.code === 3 && /one path segment/.test(error.details ?? ""),
    );
    // A lifecycle module trains and serves through the same RPC.
    const hello = await training.train({
      modelName: "Greeter_V2",
      csvBytes: encoder.encode("greeting\nHi\nHi\nHello\n"),
      model: "hello-world",
    });
    assert.equal(hello.model_name, "Greeter_V2", "the name is echoed unchanged");
    assert.equal((await training.follow(hello.training_id)).state, "COMPLETED");
    const greeting = await modzy.run([{ "input.json": json({ name: "World" }) }], {}, {
      modelId: "Greeter_V2",
    });
    const answer = JSON.parse(decoder.decode(greeting.outputs[0].output["results.json"]));
    assert.deepEqual(answer.data.result, { greeting: "Hi World" });

    const metrics = await (await fetch(`http://127.0.0.1:${server.http!.port}/metrics`)).text();
    for (const [state, count] of [["failed", 1], ["cancelled", 1], ["succeeded", 1]]) {
      assert.match(
        metrics,
        new RegExp(`model_runtime_training_jobs\\{state="${state}"\\} ${count}\n`),
      );
    }
  } finally {
    training.close();
    modzy.close();
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("service: two jobs run at once, a third queues; all complete and are registered", async () => {
  const dir = await Deno.makeTempDir({ prefix: "training_queue_" });
  const csvPath = join(dir, "data.csv");
  await Deno.writeTextFile(csvPath, numericCsv(["a", "b"], 20));
  const registry = new ModelRegistry();
  const jobs = new TrainingJobs({
    trainingDir: join(dir, "trained"),
    registry,
    concurrency: 2,
    log: createLogger("silent"),
  });
  try {
    const ids = ["one", "two", "three"].map((name) =>
      jobs.submit({ modelName: name, csvPath }).trainingId
    );
    assert.deepEqual(ids.map((id) => jobs.status(id).state), ["RUNNING", "RUNNING", "QUEUED"]);
    assert.throws(() => jobs.submit({ modelName: "one", csvPath }), /already being trained/);
    for (const id of ids) {
      while (!["COMPLETED", "ERRORED", "CANCELED"].includes(jobs.status(id).state)) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.equal(jobs.status(id).state, "COMPLETED", jobs.status(id).error ?? "");
    }
    assert.deepEqual(registry.list().map((entry) => `${entry.name}:${entry.origin}`).sort(), [
      "one:training",
      "three:training",
      "two:training",
    ]);
    assert.deepEqual(await entries(join(dir, "trained")), ["one", "three", "two"]);
  } finally {
    await jobs.close();
    for (const entry of registry.list()) await registry.remove(entry.name);
    await Deno.remove(dir, { recursive: true });
  }
});
