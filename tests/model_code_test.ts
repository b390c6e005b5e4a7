/**
 * Model code in bundles (model.yaml `module.code`), served from a model
 * repository through real clients:
 *
 * - a class wrapper, a lifecycle module and a wrapper that opens an ONNX
 *   model through mod.ts answer over Modzy (files in and out, `mm-model-id`
 *   naming a capitalised model) and over the Open Inference Protocol (REST
 *   and gRPC: a wrapper's files as BYTES `[1]` tensors, the tensor face when
 *   the code has one); errors keep their kind across the worker boundary
 *   (bad_request -> per-item error / 400 / INVALID_ARGUMENT; a plain Error
 *   -> INTERNAL with its message) and are RuntimeErrors of the server;
 * - code that fails to import is contained: that model is not ready with
 *   file, line and message in the repository index, the log, the REST
 *   model-ready body and every Run and ModelInfer error; Modzy Status keeps
 *   the contract's fixed text; the other models keep serving;
 * - `timeout.run` cuts a never-settling promise, and a wrapper that blocks
 *   its thread (model code runs in a worker) is cut and its worker
 *   restarted, after which the model answers again.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { encodeOnnxModel } from "../runtime/backends/onnx/model_writer.ts";
import { RuntimeError } from "../runtime/base/errors.ts";
import { createLogger } from "../runtime/base/log.ts";
import { ModzyClient } from "../runtime/client/modzy_client.ts";
import { grpcObject } from "../runtime/protocols/wire/proto_loader.ts";
import type { ModelServer } from "../runtime/server/model_server.ts";
import { serveModel } from "../runtime/server/serve_model.ts";
import {
  ADDER_SOURCE,
  GREETER_SOURCE,
  greetHelper,
  MODULE_SOURCE,
  writeCodeBundle,
} from "./support/code_bundles.ts";
import { repositoryClient, unary } from "./support/ops_clients.ts";
import { addModel } from "./fixtures/onnx/models.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const json = (value: unknown) => encoder.encode(JSON.stringify(value));

interface Served {
  readonly server: ModelServer;
  readonly modzy: ModzyClient;
  readonly baseUrl: string;
  readonly lines: string[];
  oip<T>(method: string, request: unknown): Promise<T>;
  close(): Promise<void>;
}

/** Serves the repository `dir` in-process; log lines (JSON) are kept. */
async function serve(dir: string): Promise<Served> {
  const lines: string[] = [];
  const log = createLogger("info", "json", (line) => lines.push(line));
  const server = await serveModel({ port: 0, hostname: "127.0.0.1", models: dir, log });
  const target = `127.0.0.1:${server.port}`;
  const inference = grpcObject("grpc_predict_v2.proto").inference as grpc.GrpcObject;
  const Service = inference.GRPCInferenceService as grpc.ServiceClientConstructor;
  const client = new Service(target, grpc.credentials.createInsecure());
  const modzy = new ModzyClient(target);
  return {
    server,
    modzy,
    baseUrl: `http://127.0.0.1:${server.http!.port}`,
    lines,
    oip: (method, request) => unary(client, method, request),
    async close() {
      client.close();
      modzy.close();
      await server.stop();
    },
  };
}

function itemText(item: { output: Record<string, Uint8Array> }): string {
  return decoder.decode(Object.values(item.output)[0]);
}

async function restInfer(baseUrl: string, model: string, inputs: unknown[]) {
  const response = await fetch(`${baseUrl}/v2/models/${model}/infer`, {
    method: "POST",
    body: JSON.stringify({ inputs }),
  });
  return { status: response.status, body: await response.json() };
}

const fileTensor = (name: string, value: unknown) => ({
  name,
  datatype: "BYTES",
  shape: [1],
  data: [JSON.stringify(value)],
});

Deno.test("model code serves over Modzy and OIP; errors keep their kind across the worker", async () => {
  const dir = await Deno.makeTempDir({ prefix: "model_code_" });
  await writeCodeBundle(join(dir, "Greeter"), {
    files: { "model.ts": GREETER_SOURCE, "lib/greet.ts": greetHelper("!") },
  });
  await writeCodeBundle(join(dir, "greeter-module"), { files: { "model.ts": MODULE_SOURCE } });
  await writeCodeBundle(join(dir, "Adder"), {
    files: { "model.ts": ADDER_SOURCE, "add.onnx": encodeOnnxModel(addModel()) },
  });
  const served = await serve(dir);
  const { modzy, baseUrl } = served;
  try {
    // Modzy: files in and out; a failing item fails alone, with its message.
    const run = await modzy.run(
      [
        { "input.json": json({ name: "World" }) },
        { "input.json": json({ mode: "bad" }) },
        { "input.json": json({ mode: "oops" }) },
        { "input.json": json({ check: true }) },
      ],
      {},
      { modelId: "Greeter" },
    );
    assert.deepEqual(run.outputs.map((item) => item.success), [true, false, false, true]);
    assert.equal(
      itemText(run.outputs[0]),
      '{"data":{"result":{"greeting":"Hello World!"},"explanation":null,"drift":null}}',
    );
    assert.equal(JSON.parse(itemText(run.outputs[1])).error_message, "bad mode");
    assert.equal(JSON.parse(itemText(run.outputs[2])).error_message, "oops");
    assert.deepEqual(
      JSON.parse(itemText(run.outputs[3])).data.result,
      { sameClass: true },
      "model code and the worker share one runtime: mod.ts's RuntimeError is the runtime's",
    );
    // On the server's side the error is the server's RuntimeError, kind kept.
    const host = served.server.dataPlane.model("Greeter").host;
    const [failed] = await host.run([new Map([["input.json", json({ mode: "bad" })]])], {
      detectDrift: false,
      explain: false,
    });
    assert.ok(failed instanceof RuntimeError, "a RuntimeError of the server's own module");
    assert.equal(failed.kind, "bad_request");

    const module = await modzy.run([{ "input.json": json({ name: "Ada" }) }], {}, {
      modelId: "greeter-module",
    });
    assert.deepEqual(JSON.parse(itemText(module.outputs[0])).data.result, { greeting: "Hi Ada" });
    const adder = await modzy.run([{ "input.json": json({ x: [1, 2, 3] }) }], {}, {
      modelId: "Adder",
    });
    assert.deepEqual(JSON.parse(itemText(adder.outputs[0])).data.result, { y: [11, 22, 33] });

    // OIP REST: a wrapper's files are BYTES [1] tensors named after the files.
    const metadata = await (await fetch(`${baseUrl}/v2/models/Greeter`)).json();
    assert.deepEqual(metadata.inputs, [{ name: "input.json", datatype: "BYTES", shape: [1] }]);
    assert.deepEqual(metadata.outputs, [{ name: "results.json", datatype: "BYTES", shape: [1] }]);
    const ok = await restInfer(baseUrl, "Greeter", [fileTensor("input.json", { name: "OIP" })]);
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.body.outputs[0].name, "results.json");
    assert.equal(JSON.parse(ok.body.outputs[0].data[0]).data.result.greeting, "Hello OIP!");
    const bad = await restInfer(baseUrl, "Greeter", [fileTensor("input.json", { mode: "bad" })]);
    assert.deepEqual([bad.status, bad.body], [400, { error: "bad mode" }]);
    const oops = await restInfer(baseUrl, "Greeter", [fileTensor("input.json", { mode: "oops" })]);
    assert.deepEqual([oops.status, oops.body], [500, { error: "oops" }]);
    // A module with a tensor face is served by it.
    const sum = await restInfer(baseUrl, "Adder", [
      { name: "x", datatype: "FP32", shape: [2, 3], data: [1, 2, 3, 4, 5, 6] },
    ]);
    assert.equal(sum.status, 200, JSON.stringify(sum.body));
    assert.deepEqual(sum.body.outputs[0].data, [11, 22, 33, 14, 25, 36]);

    // OIP gRPC: the same kinds, as gRPC codes.
    const bytesTensor = (value: unknown) => ({
      name: "input.json",
      datatype: "BYTES",
      shape: [1],
      contents: { bytes_contents: [json(value)] },
    });
    const answer = await served.oip<{ outputs: { contents: { bytes_contents: Uint8Array[] } }[] }>(
      "ModelInfer",
      { model_name: "Greeter", inputs: [bytesTensor({ name: "gRPC" })] },
    );
    assert.match(decoder.decode(answer.outputs[0].contents.bytes_contents[0]), /Hello gRPC!/);
    await assert.rejects(
      served.oip("ModelInfer", { model_name: "Greeter", inputs: [bytesTensor({ mode: "bad" })] }),
      (error: grpc.ServiceError) =>
        error.code === grpc.status.INVALID_ARGUMENT && error.details === "bad mode",
    );
    await assert.rejects(
      served.oip("ModelInfer", { model_name: "Greeter", inputs: [bytesTensor({ mode: "oops" })] }),
      (error: grpc.ServiceError) => error.code === grpc.status.INTERNAL && error.details === "oops",
    );
    // Metrics label the model by its name, as given.
    const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
    assert.match(metrics, /model="Greeter"/);
  } finally {
    await served.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("code that fails to import leaves its model not ready, saying where, and the rest serving", async () => {
  const dir = await Deno.makeTempDir({ prefix: "model_code_broken_" });
  const broken: Record<string, Record<string, string>> = {
    syntax: { "model.ts": "export default {\n  handleInput() { return 1 +; },\n};\n" },
    "missing-file": { "model.ts": 'import { x } from "./lib/gone.ts";\nexport default x;\n' },
    "missing-package": { "model.ts": 'import pad from "left-pad";\nexport default pad;\n' },
    "no-default": { "model.ts": "export const wrapper = {};\n" },
    "throws-on-import": { "model.ts": 'export default {};\nthrow new Error("boom");\n' },
  };
  for (const [name, files] of Object.entries(broken)) {
    await writeCodeBundle(join(dir, name), { files });
  }
  await writeCodeBundle(join(dir, "Greeter"), {
    files: { "model.ts": GREETER_SOURCE, "lib/greet.ts": greetHelper() },
  });
  const served = await serve(dir);
  const { modzy, baseUrl } = served;
  const expected: Record<string, RegExp> = {
    syntax:
      /^model code model\.ts failed to import: model\.ts:2:29: SyntaxError: Expression expected$/,
    "missing-file":
      /^model code model\.ts failed to import: model\.ts:1:19: Module not found "file:\/\/.*\/lib\/gone\.ts"$/,
    "missing-package":
      /^model code model\.ts failed to import: model\.ts:1:17: Import "left-pad" not a dependency/,
    "no-default":
      /^model code model\.ts has no default export \(it exports: wrapper\); `export default` a ModelWrapper/,
    "throws-on-import": /^model code model\.ts failed to import: model\.ts:2:7: boom$/,
  };
  const repository = repositoryClient(`127.0.0.1:${served.server.port}`);
  try {
    const index = await unary<{ models: { name: string; state: string; reason: string }[] }>(
      repository,
      "RepositoryIndex",
      {},
    );
    for (const [name, reason] of Object.entries(expected)) {
      const state = index.models.find((model) => model.name === name);
      assert.equal(state?.state, "UNAVAILABLE", name);
      assert.match(state!.reason, reason, `${name}: ${state!.reason}`);
      // The log says it too, under the model's name.
      const logged = served.lines.map((line) => JSON.parse(line)).find((line) =>
        line.msg === "model failed to initialize" && line.model === name
      );
      assert.match(logged?.reason ?? "", reason, `log of ${name}`);
      // REST model-ready: 503 with the reason.
      const ready = await fetch(`${baseUrl}/v2/models/${name}/ready`);
      const body = await ready.json();
      assert.equal(ready.status, 503);
      assert.match(body.reason, reason);
      // Every Run item and every ModelInfer carries it.
      const run = await modzy.run([{ "input.json": json({}) }], {}, { modelId: name });
      assert.equal(run.outputs[0].success, false);
      assert.match(
        JSON.parse(itemText(run.outputs[0])).error_message,
        new RegExp(`^the model failed to initialize: ${reason.source.slice(1)}`),
      );
      const infer = await restInfer(baseUrl, name, [fileTensor("input.json", {})]);
      assert.equal(infer.status, 503);
      assert.match(infer.body.error, new RegExp(reason.source.slice(1)));
      await assert.rejects(
        served.oip("ModelInfer", { model_name: name, inputs: [] }),
        (error: grpc.ServiceError) =>
          error.code === grpc.status.UNAVAILABLE &&
          reason.test(error.details.split(": ").slice(1).join(": ")),
      );
      // Modzy Status keeps the contract's fixed text; ModelReady answers false.
      const status = await modzy.status({ modelId: name });
      assert.deepEqual([status.status_code, status.message], [500, "Model Failed to Initialize."]);
      assert.deepEqual(await served.oip("ModelReady", { name }), { ready: false });
    }
    // The other models keep serving.
    const run = await modzy.run([{ "input.json": json({ name: "still" }) }], {}, {
      modelId: "Greeter",
    });
    assert.equal(JSON.parse(itemText(run.outputs[0])).data.result.greeting, "Hello still");
  } finally {
    repository.close();
    await served.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("timeout.run cuts a never-settling wrapper; a blocked worker is restarted", async () => {
  const dir = await Deno.makeTempDir({ prefix: "model_code_timeout_" });
  await writeCodeBundle(join(dir, "slow"), {
    run: "1s",
    files: { "model.ts": GREETER_SOURCE, "lib/greet.ts": greetHelper() },
  });
  const served = await serve(dir);
  const { modzy } = served;
  const ask = async (document: unknown) => {
    const started = performance.now();
    const run = await modzy.run([{ "input.json": json(document) }], {}, { modelId: "slow" });
    return { ms: performance.now() - started, item: run.outputs[0] };
  };
  try {
    const hung = await ask({ mode: "hang" });
    assert.equal(hung.item.success, false);
    assert.match(itemText(hung.item), /timeout\.run 1s\) did not finish within 1 s/);
    assert.ok(hung.ms < 5_000, `cut after ${hung.ms} ms`);
    assert.equal(
      JSON.parse(itemText((await ask({ name: "a" })).item)).data.result.greeting,
      "Hello a",
    );

    const blocked = await ask({ mode: "block" });
    assert.equal(blocked.item.success, false);
    assert.ok(blocked.ms < 5_000, `cut after ${blocked.ms} ms`);
    // The blocked worker is found out and replaced; the model answers again.
    let after = await ask({ name: "b" });
    for (let attempt = 0; !after.item.success && attempt < 20; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      after = await ask({ name: "b" });
    }
    assert.equal(JSON.parse(itemText(after.item)).data.result.greeting, "Hello b");
    assert.ok(
      served.lines.some((line) => JSON.parse(line).msg === "model code worker restarted"),
      "the restart is logged",
    );
  } finally {
    await served.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("errors model code raises outside any call are logged; the model keeps serving", async () => {
  const dir = await Deno.makeTempDir({ prefix: "model_code_stray_" });
  await writeCodeBundle(join(dir, "stray"), {
    files: {
      "model.ts": `
import { successOutput } from "@model-runtime/runtime";
export default {
  initialize() {
    setTimeout(() => { throw new Error("stray timer"); }, 0);
    void Promise.reject(new Error("stray rejection"));
    return Promise.resolve();
  },
  handleInput() {
    return Promise.resolve(new Map([["results.json", successOutput({ result: "fine" })]]));
  },
};
`,
    },
  });
  const served = await serve(dir);
  try {
    const strays = () =>
      served.lines.map((line) => JSON.parse(line))
        .filter((line) => line.msg === "model code raised an error outside a call")
        .map((line) => line.reason).sort();
    for (let attempt = 0; strays().length < 2 && attempt < 50; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.deepEqual(strays(), ["stray rejection", "stray timer"]);
    const run = await served.modzy.run([{ "input.json": json({}) }], {}, { modelId: "stray" });
    assert.equal(JSON.parse(itemText(run.outputs[0])).data.result, "fine");
  } finally {
    await served.close();
    await Deno.remove(dir, { recursive: true });
  }
});
