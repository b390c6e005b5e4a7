/**
 * Limits and deadlines in the data plane, through real grpc-js servers:
 * model.yaml timeout.run and timeout.status, client deadlines, admission
 * control (RESOURCE_EXHAUSTED / per-item errors), and dropping queued work
 * whose caller left.
 */
import assert from "node:assert/strict";
import * as grpc from "@grpc/grpc-js";
import type { Bundle } from "../runtime/bundle/types.ts";
import { ModzyClient } from "../runtime/client/modzy_client.ts";
import { DataPlane } from "../runtime/core/data_plane.ts";
import { ModelHost } from "../runtime/core/model_host.ts";
import { ModelRegistry } from "../runtime/core/registry.ts";
import type { Tensor, TensorModel } from "../runtime/model/tensors.ts";
import { RuntimeError } from "../runtime/base/errors.ts";
import { createLogger } from "../runtime/base/log.ts";
import type { InputFiles, ModelWrapper, OutputFiles } from "../runtime/model/contract.ts";
import { ModelServer } from "../runtime/server/model_server.ts";
import { testBundle } from "./support/test_bundle.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const FLAGS = { detectDrift: false, explain: false };

/** A model that takes `delayMs` per call and counts the items it saw. */
class SlowModel implements ModelWrapper {
  seen: string[] = [];
  constructor(readonly delayMs: number, readonly initMs = 0) {}
  async initialize(): Promise<void> {
    await new Promise((r) => setTimeout(r, this.initMs));
  }
  async handleInput(input: InputFiles): Promise<OutputFiles> {
    const text = decoder.decode(input.get("input.json"));
    this.seen.push(text);
    await new Promise((r) => setTimeout(r, this.delayMs));
    return new Map([["results.json", encoder.encode(text)]]);
  }
  tensorModel(): TensorModel {
    return {
      inputs: [{ name: "x", datatype: "FP32", shape: [1] }],
      outputs: [{ name: "y", datatype: "FP32", shape: [1] }],
      infer: async (inputs: readonly Tensor[]) => {
        this.seen.push("tensor");
        await new Promise((r) => setTimeout(r, this.delayMs));
        return [{ ...inputs[0], name: "y" }];
      },
    };
  }
}

function bundleWithTimeouts(runMs: number, statusMs = 20_000): Bundle {
  const bundle = testBundle(1);
  return {
    ...bundle,
    spec: {
      ...bundle.spec,
      timeout: { status: `${statusMs}ms`, run: `${runMs}ms`, statusMs, runMs },
    },
  };
}

function planeOf(
  model: ModelWrapper,
  bundle: Bundle,
  limits: { maxConcurrentRequests?: number; maxQueuedRequests?: number } = {},
): DataPlane {
  const registry = new ModelRegistry();
  const host = new ModelHost(bundle, model, {}, { batching: { enabled: false } });
  registry.add({ name: "slow", version: "1.0.0", host, origin: "bundle" });
  return new DataPlane(registry, {}, limits);
}

const item = (text: string) => new Map([["input.json", encoder.encode(text)]]);
const tensorRequest = {
  inputs: [{ name: "x", datatype: "FP32" as const, shape: [1], data: new Float32Array([1]) }],
};

Deno.test("timeout.run: unanswered items get a per-item timeout error naming the limit", async () => {
  const model = new SlowModel(300);
  const plane = planeOf(model, bundleWithTimeouts(50));
  await plane.initialize(undefined, "test");
  const results = await plane.run(undefined, [item("a")], FLAGS, "test");
  assert.ok(results[0] instanceof RuntimeError);
  assert.equal(results[0].kind, "timeout");
  assert.match(results[0].message, /timeout\.run 50ms/);
  await assert.rejects(plane.infer("slow", undefined, tensorRequest, "test"), (e: RuntimeError) => {
    assert.equal(e.kind, "timeout");
    return true;
  });
  await new Promise((r) => setTimeout(r, 400)); // let the abandoned calls end
});

Deno.test("timeout.status: a load slower than the limit answers a timeout failure", async () => {
  const plane = planeOf(new SlowModel(0, 300), bundleWithTimeouts(1000, 50));
  const { outcome } = await plane.initialize(undefined, "test");
  assert.equal(outcome.ok, false);
  assert.equal(!outcome.ok && outcome.error.kind, "timeout");
  assert.match(!outcome.ok ? outcome.error.message : "", /timeout\.status 50ms/);
  await new Promise((r) => setTimeout(r, 350));
  assert.equal((await plane.initialize(undefined, "test")).outcome.ok, true);
});

Deno.test("admission: beyond the bound a Modzy run gets per-item resource_exhausted, infer throws it", async () => {
  const model = new SlowModel(200);
  const plane = planeOf(model, bundleWithTimeouts(10_000), {
    maxConcurrentRequests: 1,
    maxQueuedRequests: 1,
  });
  await plane.initialize(undefined, "test");
  const first = plane.run(undefined, [item("1")], FLAGS, "test");
  const second = plane.run(undefined, [item("2")], FLAGS, "test");
  const third = await plane.run(undefined, [item("3"), item("4")], FLAGS, "test");
  assert.ok(third.every((r) => r instanceof RuntimeError && r.kind === "resource_exhausted"));
  await assert.rejects(
    plane.infer("slow", undefined, tensorRequest, "test"),
    (e: RuntimeError) => e.kind === "resource_exhausted",
  );
  await Promise.all([first, second]);
  assert.deepEqual(model.seen, ["1", "2"]);
  assert.deepEqual(plane.load, { working: 0, waiting: 0 });
});

Deno.test("client deadlines over gRPC: waiting work is dropped, DEADLINE_EXCEEDED, server fine", async () => {
  const model = new SlowModel(600);
  const plane = planeOf(model, bundleWithTimeouts(10_000), {
    maxConcurrentRequests: 1,
    maxQueuedRequests: 8,
  });
  const server = await ModelServer.start({
    dataPlane: plane,
    port: 0,
    log: createLogger("silent"),
  });
  const client = new ModzyClient(`127.0.0.1:${server.port}`);
  try {
    await client.status();
    const busy = client.run([{ "input.json": encoder.encode("busy") }]);
    while (plane.load.working === 0) await new Promise((r) => setTimeout(r, 5));
    // This one waits behind "busy" and its deadline passes while it waits.
    await assert.rejects(
      client.run([{ "input.json": encoder.encode("late") }], {}, { timeoutMs: 150 }),
      (e: grpc.ServiceError) => e.code === grpc.status.DEADLINE_EXCEEDED,
    );
    const answer = await busy;
    assert.equal(answer.outputs[0].success, true);
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(model.seen, ["busy"]); // "late" never reached the model
    assert.deepEqual(plane.load, { working: 0, waiting: 0 });
    const after = await client.run([{ "input.json": encoder.encode("after") }]);
    assert.equal(decoder.decode(after.outputs[0].output["results.json"]), "after");
  } finally {
    client.close();
    await server.stop();
  }
});
