import assert from "node:assert/strict";
import { ModelHost } from "../../../runtime/core/model_host.ts";
import { ModelRegistry } from "../../../runtime/core/registry.ts";
import { DataPlane } from "../../../runtime/core/data_plane.ts";
import type { RuntimeError } from "../../../runtime/base/errors.ts";
import { EchoModel } from "../../support/echo_model.ts";
import { testBundle } from "../../support/test_bundle.ts";

function entry(name: string) {
  return {
    name,
    version: "1.0.0",
    host: new ModelHost(testBundle(), new EchoModel()),
    origin: "repository" as const,
  };
}

Deno.test("data plane: ready only when every model is ready and not draining", async () => {
  const registry = new ModelRegistry();
  const plane = new DataPlane(registry);
  assert.equal(plane.ready(), false, "no models: not ready");
  registry.add(entry("a"));
  assert.equal(plane.ready(), false);
  await plane.initialize("a", "test");
  assert.equal(plane.ready(), true);
  assert.equal(plane.modelReady("a"), true);
  plane.startDraining();
  assert.equal(plane.ready(), false);
  assert.equal(plane.live(), true);
});

Deno.test("data plane: tensor requests to a files-only or unready model say why", async () => {
  const registry = new ModelRegistry();
  registry.add(entry("a"));
  const records: string[] = [];
  const plane = new DataPlane(registry, {
    onRequest: (r) => records.push(`${r.door}:${r.operation}:${r.error?.kind}`),
  });
  await assert.rejects(
    plane.infer("a", undefined, { inputs: [] }, "oip-grpc"),
    (error: RuntimeError) => {
      assert.equal(error.kind, "not_ready");
      assert.equal(error.message, "model 'a' is not ready");
      return true;
    },
  );
  await plane.initialize("a", "modzy");
  await assert.rejects(
    plane.infer("a", undefined, { inputs: [] }, "oip-grpc"),
    (error: RuntimeError) => {
      assert.equal(error.kind, "bad_request");
      assert.equal(error.message, "model 'a' does not take tensor requests");
      return true;
    },
  );
  assert.deepEqual(records, [
    "oip-grpc:infer:not_ready",
    "modzy:status:undefined",
    "oip-grpc:infer:bad_request",
  ]);
});

Deno.test("data plane: tensor requests must name their model", async () => {
  const registry = new ModelRegistry();
  registry.add(entry("a"));
  const plane = new DataPlane(registry);
  await plane.initialize("a", "modzy");
  for (const call of [() => plane.modelReady(""), () => plane.tensorModel("")]) {
    assert.throws(call, (error: RuntimeError) => {
      assert.equal(error.kind, "bad_request");
      assert.equal(error.message, "the request names no model: model_name is required");
      return true;
    });
  }
});
