/**
 * Caikit JSON through the derived messages and back: every kind of value of
 * the test-only module (int, float, bool, bytes, datetime, dict, lists,
 * enums, union members picked by their value, optional fields left out
 * when unset, nested data objects) survives encoding to protobuf bytes
 * and decoding again; a request that arrives before the surface's
 * definitions are installed keeps its bytes until then.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import type * as grpc from "@grpc/grpc-js";
import {
  buildCaikitDefinitions,
  mergeNested,
} from "../../../../runtime/protocols/caikit/caikit_definitions.ts";
import { deriveCaikitSchema } from "../../../../runtime/protocols/caikit/caikit_schema.ts";
import {
  caikitSurface,
  isPendingRequest,
} from "../../../../runtime/protocols/caikit/caikit_surface.ts";
import {
  fieldsFromWire,
  fieldsToWire,
} from "../../../../runtime/protocols/caikit/caikit_values.ts";
import { CAIKIT_0_18_1 } from "../../../../runtime/protocols/caikit/caikit_wire_version.ts";
import { MMESH_JSON } from "../../../../runtime/protocols/caikit/mmesh_schema.ts";
import { RULES_TEST_FACE, SUMMARY } from "./rules_test_face.ts";

const schema = deriveCaikitSchema([RULES_TEST_FACE], CAIKIT_0_18_1);
const definitions = await buildCaikitDefinitions(mergeNested(schema.json, MMESH_JSON));
const predict = definitions.service("caikit.runtime.RulesTest.RulesTestService")
  .MeasureTaskPredict as grpc.MethodDefinition<object, object>;
const task = RULES_TEST_FACE.task;

const measurement = (value: unknown) => ({
  label: "a",
  count: 3,
  ratio: 0.25,
  ok: true,
  raw: Buffer.from("hi").toString("base64"),
  taken_at: "2024-01-02T03:04:05.678Z",
  extra: { number: 1.5, text: "x", list: [1, null, "y"], nested: { flag: true } },
  tags: ["t1", "t2"],
  points: [{ x: 1, y: 2 }],
  color: "GREEN",
  size: "LARGE",
  value,
  note: "optional note",
  origin: { x: 0.5, y: 0 },
});

for (const value of [7, "seven", { x: 3, y: 4 }]) {
  Deno.test(`caikit values: a request with union member ${JSON.stringify(value)} round-trips`, () => {
    const json = { measurement: measurement(value), scale: 2, labels: ["l"] };
    const bytes = predict.requestSerialize(fieldsToWire(task.parameters, json, "request"));
    const decoded = predict.requestDeserialize(Buffer.from(bytes)) as Record<string, unknown>;
    assert.deepEqual(fieldsFromWire(task.parameters, decoded), json);
  });
}

Deno.test("caikit values: unset optional parameters and fields stay absent, unset messages null", () => {
  const json = { measurement: { ...measurement(1), note: undefined }, labels: [] };
  const bytes = predict.requestSerialize(fieldsToWire(task.parameters, json, "request"));
  const back = fieldsFromWire(
    task.parameters,
    predict.requestDeserialize(Buffer.from(bytes)) as Record<string, unknown>,
  );
  assert.equal("scale" in back, false);
  assert.equal("limit" in back, false);
  assert.equal("note" in (back.measurement as object), false);
  const empty = fieldsFromWire(
    task.parameters,
    predict.requestDeserialize(Buffer.alloc(0)) as Record<string, unknown>,
  );
  assert.deepEqual(empty, { measurement: null, labels: [] });
});

Deno.test("caikit values: the output data object round-trips", () => {
  const json = { total: 12.5, colors: ["RED", "GREEN"], latest: "2025-06-07T08:09:10.000Z" };
  const bytes = predict.responseSerialize(fieldsToWire(SUMMARY.fields, json, "Summary"));
  const decoded = predict.responseDeserialize(Buffer.from(bytes)) as Record<string, unknown>;
  assert.deepEqual(fieldsFromWire(SUMMARY.fields, decoded), json);
});

Deno.test("caikit surface: a request before the install keeps its bytes; after it, it decodes", () => {
  const surface = caikitSurface([RULES_TEST_FACE], CAIKIT_0_18_1);
  const early = surface.definition("caikit.runtime.RulesTest.RulesTestService")
    .MeasureTaskPredict as grpc.MethodDefinition<object, object>;
  assert.equal(
    surface.definition("caikit.runtime.RulesTest.RulesTestService").MeasureTaskPredict,
    early,
    "one definition object from start to end",
  );
  const bytes = predict.requestSerialize({ labels: ["x"] });
  const pending = early.requestDeserialize(Buffer.from(bytes));
  assert.ok(isPendingRequest(pending));
  surface.install(schema, definitions);
  assert.deepEqual(early.requestDeserialize(Buffer.from(bytes)), predict.requestDeserialize(bytes));
  assert.deepEqual(
    surface.services.map((service) => [service.name, service.adminMethods]),
    [
      ["caikit.runtime.RulesTest.RulesTestService", []],
      ["caikit.runtime.RulesTest.RulesTestTrainingService", ["MeasureTaskMeasureModuleTrain"]],
      ["caikit.runtime.training.TrainingManagement", ["CancelTraining"]],
      ["mmesh.ModelRuntime", ["loadModel", "unloadModel"]],
    ],
  );
});
