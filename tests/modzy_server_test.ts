import assert from "node:assert/strict";
import * as grpc from "@grpc/grpc-js";
import { ModelHost } from "../runtime/core/model_host.ts";
import { DataPlane } from "../runtime/core/data_plane.ts";
import { ModelRegistry } from "../runtime/core/registry.ts";
import { ModelServer } from "../runtime/server/model_server.ts";
import { ModzyClient } from "../runtime/client/modzy_client.ts";
import { createLogger } from "../runtime/base/log.ts";
import { EchoModel } from "./support/echo_model.ts";
import { dataPlaneOf, testBundle } from "./support/test_bundle.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const log = createLogger("silent");

async function withServer(
  model: EchoModel,
  options: { lazy?: boolean; maxBatchSize?: number },
  body: (client: ModzyClient, server: ModelServer) => Promise<void>,
) {
  const host = new ModelHost(testBundle(options.maxBatchSize ?? 4), model);
  const server = await ModelServer.start({
    dataPlane: dataPlaneOf(host),
    port: 0,
    lazy: options.lazy,
    log,
  });
  const client = new ModzyClient(`localhost:${server.port}`);
  try {
    await body(client, server);
  } finally {
    client.close();
    await server.stop();
  }
}

function item(text: string) {
  return { "input.json": encoder.encode(text) };
}

function decode(bytes: Uint8Array) {
  return JSON.parse(decoder.decode(bytes));
}

Deno.test("Status: first 'Initialized Successfully', then 'Already Initialized', metadata filled", async () => {
  await withServer(new EchoModel(), {}, async (client) => {
    const first = await client.status();
    assert.equal(first.status_code, 200);
    assert.equal(first.status, "OK");
    assert.equal(first.message, "Model Initialized Successfully.");
    assert.deepEqual(first.model_info, {
      model_name: "Test Model",
      model_version: "1.0.0",
      model_author: "tests",
      model_type: "grpc",
      source: "tests",
    });
    assert.deepEqual(first.inputs, [{
      filename: "input.json",
      accepted_media_types: ["application/json"],
      max_size: "1K",
      description: "",
    }]);
    assert.equal(first.features.batch_size, 4);
    assert.deepEqual(first.timeout, { status: "20s", run: "20s" });
    const second = await client.status();
    assert.equal(second.message, "Model Already Initialized.");
  });
});

Deno.test("Run: one output per item in order, chunked past maxBatchSize, a bad item fails alone", async () => {
  const model = new EchoModel();
  await withServer(model, { maxBatchSize: 4 }, async (client) => {
    await client.status();
    const texts = ["a", "b", "bad", "d", "e", "f", "g", "h", "i", "j"];
    const answer = await client.run(texts.map(item), { explain: true });
    assert.equal(answer.status_code, 200);
    assert.equal(answer.status, "OK");
    assert.equal(answer.message, "Inference executed");
    assert.equal(answer.outputs.length, texts.length);
    answer.outputs.forEach((output, index) => {
      if (texts[index] === "bad") {
        assert.equal(output.success, false);
        assert.deepEqual(Object.keys(output.output), ["error"]);
        assert.equal(
          decoder.decode(output.output.error),
          '{"error_message":"input.json: this item is bad"}',
        );
      } else {
        assert.equal(output.success, true);
        assert.equal(
          decoder.decode(output.output["results.json"]),
          `{"data":{"result":{"echo":"${texts[index]}"},"explanation":"asked","drift":null}}`,
        );
      }
    });
    assert.deepEqual(model.batchSizes, [4, 4, 2]);
  });
});

Deno.test("Run: unknown and missing input files are per-item errors", async () => {
  await withServer(new EchoModel(), {}, async (client) => {
    const answer = await client.run([{ "other.txt": encoder.encode("x") }, item("ok")]);
    assert.deepEqual(decode(answer.outputs[0].output.error), {
      error_message: "unknown input file 'other.txt'; this model takes: input.json",
    });
    assert.equal(answer.outputs[1].success, true);
  });
});

Deno.test("Run with no items is INVALID_ARGUMENT", async () => {
  await withServer(new EchoModel(), {}, async (client) => {
    await assert.rejects(client.run([]), (error: grpc.ServiceError) => {
      assert.equal(error.code, grpc.status.INVALID_ARGUMENT);
      assert.equal(error.details, "RunRequest has no input items: send at least one InputItem");
      return true;
    });
  });
});

Deno.test("--lazy: Run before Status fails each item clearly; Status then initialises", async () => {
  await withServer(new EchoModel(), { lazy: true }, async (client) => {
    const before = await client.run([item("a"), item("b")]);
    assert.equal(before.status_code, 200);
    for (const output of before.outputs) {
      assert.equal(output.success, false);
      assert.deepEqual(decode(output.output.error), {
        error_message: "the model is not initialized yet: call Status first",
      });
    }
    assert.equal((await client.status()).message, "Model Initialized Successfully.");
    const after = await client.run([item("a")]);
    assert.equal(after.outputs[0].success, true);
  });
});

Deno.test("a model that fails to load: Status 500, items fail with the reason, server stays up", async () => {
  const model = new EchoModel();
  model.failWith = "weights missing";
  await withServer(model, {}, async (client) => {
    const status = await client.status();
    assert.equal(status.status_code, 500);
    assert.equal(status.status, "Internal Server Error");
    assert.equal(status.message, "Model Failed to Initialize.");
    assert.equal(status.model_info.model_name, "Test Model", "metadata still filled");
    const answer = await client.run([item("a")]);
    assert.deepEqual(decode(answer.outputs[0].output.error), {
      error_message: "the model failed to initialize: weights missing",
    });
    model.failWith = null;
    assert.equal((await client.status()).message, "Model Initialized Successfully.");
  });
});

Deno.test("Shutdown answers and then stops the server", async () => {
  const host = new ModelHost(testBundle(), new EchoModel());
  const server = await ModelServer.start({ dataPlane: dataPlaneOf(host), port: 0, log });
  const client = new ModzyClient(`localhost:${server.port}`);
  const answer = await client.shutdown();
  assert.deepEqual(answer, {
    status_code: 200,
    status: "OK",
    message: "Model Shutdown Successfully.",
  });
  await server.stopped;
  assert.equal(host.phase, "closed");
  client.close();
});

Deno.test("gRPC metadata mm-model-id selects the model; an unknown one is NOT_FOUND", async () => {
  const registry = new ModelRegistry();
  const first = new ModelHost(testBundle(), new EchoModel());
  const failing = new EchoModel();
  failing.failWith = "second model broken";
  const second = new ModelHost(testBundle(), failing);
  registry.add({ name: "first", version: "1.0.0", host: first, origin: "bundle" });
  registry.add({ name: "second", version: "1.0.0", host: second, origin: "repository" });
  const server = await ModelServer.start({ dataPlane: new DataPlane(registry), port: 0, log });
  const client = new ModzyClient(`localhost:${server.port}`);
  try {
    assert.equal((await client.status()).status_code, 200, "the default model is the first");
    assert.equal((await client.status({ modelId: "second" })).status_code, 500);
    const answer = await client.run([item("x")], {}, { modelId: "second" });
    assert.deepEqual(decode(answer.outputs[0].output.error), {
      error_message: "the model failed to initialize: second model broken",
    });
    await assert.rejects(
      client.run([item("x")], {}, { modelId: "nope" }),
      (error: grpc.ServiceError) => {
        assert.equal(error.code, grpc.status.NOT_FOUND);
        assert.equal(error.details, "model 'nope' is not loaded (loaded: first, second)");
        return true;
      },
    );
  } finally {
    client.close();
    await server.stop();
  }
});
