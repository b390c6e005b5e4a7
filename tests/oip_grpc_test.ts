/**
 * The Open Inference Protocol gRPC door through a real grpc-js client built
 * from protos/grpc_predict_v2.proto: every RPC, the tabular tensor face, and
 * every error the protocol names (INVALID_ARGUMENT naming the tensor,
 * NOT_FOUND, UNAVAILABLE).
 */
import assert from "node:assert/strict";
import * as grpc from "@grpc/grpc-js";
import denoConfig from "../deno.json" with { type: "json" };
import { startOipServer } from "./support/oip_server.ts";
import { brokenModel, readyModels } from "./support/oip_models.ts";
import { fromContents, fromRaw, rawBytes, typedContents } from "./support/oip_wire.ts";

// deno-lint-ignore no-explicit-any
type Message = any;

async function rejects(promise: Promise<unknown>, code: grpc.status, pattern: RegExp) {
  await assert.rejects(promise, (error: grpc.ServiceError) => {
    assert.equal(error.code, code, `code ${error.code}: ${error.details}`);
    assert.match(error.details, pattern);
    return true;
  });
}

function addRequest(extra: Record<string, unknown> = {}) {
  return {
    model_name: "add",
    inputs: [{
      name: "x",
      datatype: "FP32",
      shape: [2, 3],
      contents: typedContents("FP32", [1, 2, 3, 4, 5, 6]),
    }],
    ...extra,
  };
}

Deno.test("OIP gRPC: health, metadata, infer, outputs, id, parameters and tabular face", async () => {
  const fixture = await startOipServer(await readyModels());
  const { call } = fixture;
  try {
    assert.deepEqual(await call("ServerLive", {}), { live: true });
    assert.deepEqual(await call("ServerReady", {}), { ready: true });
    assert.deepEqual(await call("ModelReady", { name: "add" }), { ready: true });
    assert.deepEqual(await call("ModelReady", { name: "add", version: "1" }), { ready: true });
    const server: Message = await call("ServerMetadata", {});
    assert.equal(server.name, "model-runtime");
    assert.equal(server.version, denoConfig.version);

    const metadata: Message = await call("ModelMetadata", { name: "add" });
    assert.equal(metadata.name, "add");
    assert.deepEqual(metadata.versions, ["1"]);
    assert.equal(metadata.platform, "onnx-tensor");
    assert.deepEqual(
      metadata.inputs.map((i: Message) => [i.name, i.datatype, i.shape.map(Number)]),
      [["x", "FP32", [-1, 3]]],
    );
    assert.deepEqual(
      metadata.outputs.map((o: Message) => [o.name, o.datatype, o.shape.map(Number)]),
      [["y", "FP32", [-1, 3]]],
    );

    const typed: Message = await call(
      "ModelInfer",
      addRequest({
        id: "req-1",
        parameters: { priority: { int64_param: 3 }, trace: { bool_param: true } },
      }),
    );
    assert.equal(typed.id, "req-1");
    assert.equal(typed.model_name, "add");
    assert.deepEqual(fromContents("FP32", typed.outputs[0].contents), [11, 22, 33, 14, 25, 36]);
    assert.deepEqual(typed.raw_output_contents, []);

    const fp16: Message = await call("ModelInfer", {
      model_name: "fp16",
      inputs: [{ name: "x", datatype: "FP16", shape: [1, 3] }],
      outputs: [{ name: "sum" }],
      raw_input_contents: [rawBytes("FP16", [1, 2, 3])],
    });
    assert.deepEqual(fp16.outputs.map((o: Message) => o.name), ["sum"]);
    assert.deepEqual(fromRaw("FP16", fp16.raw_output_contents[0]), [1.5, 0.75, 1027]);
    assert.equal(fp16.id, "");

    const irisMetadata: Message = await call("ModelMetadata", { name: "iris" });
    assert.deepEqual(
      irisMetadata.inputs.map((i: Message) => [i.name, i.datatype, i.shape.map(Number)]),
      [["features", "FP32", [-1, 4]]],
    );
    assert.deepEqual(
      irisMetadata.outputs.map((o: Message) => [o.name, o.datatype, o.shape.map(Number)]),
      [["probabilities", "FP32", [-1, 3]], ["label", "BYTES", [-1]]],
    );
    const iris: Message = await call("ModelInfer", {
      model_name: "iris",
      inputs: [{
        name: "features",
        datatype: "FP32",
        shape: [2, 4],
        contents: typedContents("FP32", [5.1, 3.5, 1.4, 0.2, 6.7, 3.0, 5.2, 2.3]),
      }],
    });
    const probabilities = fromContents("FP32", iris.outputs[0].contents) as number[];
    assert.deepEqual(iris.outputs[0].shape.map(Number), [2, 3]);
    for (const row of [0, 1]) {
      const sum = probabilities.slice(row * 3, row * 3 + 3).reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sum - 1) < 1e-5);
    }
    assert.deepEqual(fromContents("BYTES", iris.outputs[1].contents), ["setosa", "virginica"]);
  } finally {
    await fixture.close();
  }
});

Deno.test("OIP gRPC: every named error maps to its status and names the tensor", async () => {
  const fixture = await startOipServer([...await readyModels(), brokenModel()]);
  const { call } = fixture;
  const { INVALID_ARGUMENT, NOT_FOUND, UNAVAILABLE } = grpc.status;
  const x = (shape: number[], contents: unknown, datatype = "FP32") => ({
    model_name: "add",
    inputs: [{ name: "x", datatype, shape, contents }],
  });
  try {
    assert.deepEqual(await call("ServerReady", {}), { ready: false });
    assert.deepEqual(await call("ModelReady", { name: "broken" }), { ready: false });
    await rejects(call("ModelReady", { name: "nope" }), NOT_FOUND, /'nope' is not loaded/);
    await rejects(call("ModelReady", { name: "add", version: "9" }), NOT_FOUND, /version '9'/);
    await rejects(call("ModelMetadata", { name: "nope" }), NOT_FOUND, /nope/);
    await rejects(call("ModelMetadata", { name: "broken" }), UNAVAILABLE, /not ready/);
    await rejects(call("ModelInfer", addRequest({ model_name: "nope" })), NOT_FOUND, /nope/);
    await rejects(
      call("ModelInfer", addRequest({ model_version: "2" })),
      NOT_FOUND,
      /no version '2'/,
    );
    await rejects(call("ModelInfer", addRequest({ model_name: "broken" })), UNAVAILABLE, /broken/);
    // Shape, datatype, element count and byte size mismatches.
    await rejects(
      call("ModelInfer", x([2, 4], typedContents("FP32", [1, 2, 3, 4, 5, 6, 7, 8]))),
      INVALID_ARGUMENT,
      /input 'x': shape \[2, 4\] does not match the model's \[-1, 3\]/,
    );
    await rejects(
      call("ModelInfer", x([1, 3], typedContents("INT32", [1, 2, 3]), "INT32")),
      INVALID_ARGUMENT,
      /input 'x': datatype INT32 does not match the model's FP32/,
    );
    await rejects(
      call("ModelInfer", x([2, 3], typedContents("FP32", [1, 2, 3, 4, 5]))),
      INVALID_ARGUMENT,
      /input 'x': shape \[2, 3\] holds 6 elements, but 5 were sent/,
    );
    await rejects(
      call("ModelInfer", {
        model_name: "add",
        inputs: [{ name: "x", datatype: "FP32", shape: [1, 3] }],
        raw_input_contents: [new Uint8Array(11)],
      }),
      INVALID_ARGUMENT,
      /input 'x': raw contents hold 11 bytes, but a FP32 tensor of shape \[1, 3\] takes 12/,
    );
    await rejects(
      call("ModelInfer", x([1, 3], typedContents("INT32", [1, 2, 3]))),
      INVALID_ARGUMENT,
      /input 'x': a FP32 tensor takes fp32_contents, but int_contents were sent/,
    );
    await rejects(
      call("ModelInfer", {
        model_name: "fp16",
        inputs: [{ name: "x", datatype: "FP16", shape: [1, 3], contents: {} }],
      }),
      INVALID_ARGUMENT,
      /input 'x': FP16 has no typed contents.*raw_input_contents/,
    );
    await rejects(
      call("ModelInfer", {
        model_name: "add",
        inputs: [{ name: "x", datatype: "FP32", shape: [1, 3] }],
        raw_input_contents: [rawBytes("FP32", [1, 2, 3]), rawBytes("FP32", [1])],
      }),
      INVALID_ARGUMENT,
      /raw_input_contents holds 2 entries for 1 inputs/,
    );
    await rejects(
      call("ModelInfer", { model_name: "add", inputs: [] }),
      INVALID_ARGUMENT,
      /input 'x' is missing/,
    );
    await rejects(
      call("ModelInfer", {
        model_name: "add",
        inputs: [
          {
            name: "x",
            datatype: "FP32",
            shape: [1, 3],
            contents: typedContents("FP32", [1, 2, 3]),
          },
          { name: "z", datatype: "FP32", shape: [1], contents: typedContents("FP32", [1]) },
        ],
      }),
      INVALID_ARGUMENT,
      /unknown input 'z'/,
    );
    await rejects(
      call("ModelInfer", addRequest({ outputs: [{ name: "nope" }] })),
      INVALID_ARGUMENT,
      /unknown output 'nope'/,
    );
    await rejects(
      call("ModelInfer", x([1, 3], typedContents("FP32", [1, 2, 3]), "FP8")),
      INVALID_ARGUMENT,
      /input 'x': unknown datatype 'FP8'/,
    );
  } finally {
    await fixture.close();
  }
});
