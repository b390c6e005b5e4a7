/**
 * Caikit HTTP bodies (runtime/protocols/caikit/caikit_http_body.ts) with
 * the test-only module that uses every derivation rule: `inputs` as an
 * object of several required parameters, `parameters` as the optional
 * ones, every type checked (422 naming where), proto3 defaults for fields
 * left out, unknown keys refused, data-stream sources told by their shape
 * or named, both train body shapes; and Caikit's status table for errors.
 */
import assert from "node:assert/strict";
import * as grpc from "@grpc/grpc-js";
import { RuntimeError } from "../../../../runtime/base/errors.ts";
import {
  predictParameters,
  streamSourceFromHttp,
  trainRequestFromHttp,
} from "../../../../runtime/protocols/caikit/caikit_http_body.ts";
import {
  caikitErrorAnswer,
  caikitHttpStatus,
  invalidBody,
} from "../../../../runtime/protocols/caikit/caikit_http_errors.ts";
import { deriveCaikitSchema } from "../../../../runtime/protocols/caikit/caikit_schema.ts";
import { CAIKIT_0_18_1 } from "../../../../runtime/protocols/caikit/caikit_wire_version.ts";
import { RULES_TEST_FACE } from "./rules_test_face.ts";

const schema = deriveCaikitSchema([RULES_TEST_FACE], CAIKIT_0_18_1);
const task = RULES_TEST_FACE.task;
const train = schema.trains[0];

function rejects422(work: () => unknown, message: RegExp): void {
  assert.throws(work, (error: unknown) => {
    assert.ok(error instanceof RuntimeError);
    assert.equal(caikitErrorAnswer(error).status, 422);
    assert.match(error.message, message);
    return true;
  });
}

Deno.test("predict body: several required parameters in inputs, optional ones in parameters", () => {
  const parameters = predictParameters(task, {
    inputs: {
      measurement: { label: "a", count: 3, value: "text", points: [{ x: 1, y: 2 }] },
      labels: ["x"],
    },
    parameters: { scale: 0.5 },
  });
  assert.deepEqual(parameters, {
    measurement: {
      label: "a",
      count: 3,
      ratio: 0,
      ok: false,
      raw: "",
      taken_at: null,
      extra: null,
      tags: [],
      points: [{ x: 1, y: 2 }],
      color: "PLACEHOLDER_UNSET",
      size: "SMALL",
      value: "text",
      origin: null,
    },
    labels: ["x"],
    scale: 0.5,
  });
});

Deno.test("predict body: every type is checked, naming where", () => {
  const body = (measurement: Record<string, unknown>) => ({ inputs: { measurement, labels: [] } });
  rejects422(
    () => predictParameters(task, body({ count: 1.5 })),
    /inputs\.measurement\.count: expected an integer/,
  );
  rejects422(() => predictParameters(task, body({ ok: "yes" })), /\.ok: expected true or false/);
  rejects422(
    () => predictParameters(task, body({ color: "BLUE" })),
    /\.color: expected one of RED, GREEN/,
  );
  rejects422(
    () => predictParameters(task, body({ taken_at: "soon" })),
    /\.taken_at: expected an RFC 3339/,
  );
  rejects422(() => predictParameters(task, body({ raw: "not base64!" })), /\.raw: expected base64/);
  rejects422(
    () => predictParameters(task, body({ value: [1] })),
    /\.value: expected a value of one of/,
  );
  rejects422(
    () => predictParameters(task, body({ points: [{ x: "1" }] })),
    /points\[0\]\.x: expected a number/,
  );
  rejects422(() => predictParameters(task, body({ extra: [1] })), /\.extra: expected an object/);
  rejects422(() => predictParameters(task, body({ nope: 1 })), /unknown field\(s\) nope/);
  rejects422(
    () => predictParameters(task, { inputs: { labels: [] }, parameters: { limit: "9" } }),
    /parameters\.limit: expected an integer/,
  );
  rejects422(() => predictParameters(task, {}), /inputs: field required/);
});

Deno.test("data stream sources: told by their shape, or named", () => {
  const source = (json: unknown) => streamSourceFromHttp(train, json, "training_data");
  assert.deepEqual(source(undefined), { kind: "empty" });
  assert.deepEqual(source({ data_stream: { filename: "a.csv" } }), {
    kind: "file",
    filename: "a.csv",
  });
  assert.deepEqual(source({ data_stream: { files: ["a.csv"] } }), {
    kind: "listoffiles",
    files: ["a.csv"],
  });
  assert.deepEqual(source({ data_stream: { dirname: "d" } }), {
    kind: "directory",
    dirname: "d",
    extension: "",
  });
  assert.deepEqual(source({ data_stream: { files: [], bucket: "b" } }), { kind: "s3files" });
  assert.deepEqual(source({ list_of_files: { files: ["b.csv"] } }), {
    kind: "listoffiles",
    files: ["b.csv"],
  });
  const inline = source({ jsondata: { data: [{ label: "x" }] } });
  assert.equal(inline.kind, "jsondata");
  rejects422(() => source({ data_stream: { what: 1 } }), /expected \{data\}, \{filename\}/);
  rejects422(() => source({ file: { filename: "a" }, directory: { dirname: "b" } }), /not several/);
  rejects422(
    () => source({ data_stream: { data: [{ count: "x" }] } }),
    /data\[0\]\.count: expected an integer/,
  );
});

Deno.test("train bodies: 0.18.1's inputs (or bare) and the newest's nested parameters", () => {
  const old = trainRequestFromHttp(train, {
    inputs: { model_name: "m", training_data: { data_stream: { filename: "a.csv" } }, rate: 0.1 },
  }, false);
  assert.deepEqual(old, {
    modelName: "m",
    outputPath: null,
    source: { kind: "file", filename: "a.csv" },
    parameters: { rate: 0.1 },
  });
  assert.deepEqual(trainRequestFromHttp(train, { model_name: "m", epochs: 2 }, false).parameters, {
    epochs: 2,
    rate: 0,
  });
  const nested = trainRequestFromHttp(train, {
    model_name: "n",
    output_path: { path: "s3://x" },
    parameters: { training_data: { data_stream: { files: ["a"] } }, epochs: 3 },
  }, true);
  assert.deepEqual(nested, {
    modelName: "n",
    outputPath: { path: "s3://x" },
    source: { kind: "listoffiles", files: ["a"] },
    parameters: { epochs: 3, rate: 0 },
  });
  rejects422(
    () => trainRequestFromHttp(train, { model_name: "n", rate: 1 }, true),
    /unknown field\(s\) rate/,
  );
  rejects422(
    () => trainRequestFromHttp(train, { inputs: { model_name: 5 } }, false),
    /inputs\.model_name: expected a string/,
  );
});

Deno.test("errors: Caikit's status for each gRPC code, 422 for a body, {details, code, id}", async () => {
  const table: [grpc.status, number][] = [
    [grpc.status.INVALID_ARGUMENT, 400],
    [grpc.status.FAILED_PRECONDITION, 400],
    [grpc.status.OUT_OF_RANGE, 400],
    [grpc.status.UNAUTHENTICATED, 401],
    [grpc.status.PERMISSION_DENIED, 403],
    [grpc.status.NOT_FOUND, 404],
    [grpc.status.ALREADY_EXISTS, 409],
    [grpc.status.ABORTED, 409],
    [grpc.status.RESOURCE_EXHAUSTED, 429],
    [grpc.status.CANCELLED, 499],
    [grpc.status.UNKNOWN, 500],
    [grpc.status.DATA_LOSS, 500],
    [grpc.status.UNIMPLEMENTED, 501],
    [grpc.status.UNAVAILABLE, 501],
    [grpc.status.DEADLINE_EXCEEDED, 504],
    [grpc.status.INTERNAL, 500],
  ];
  for (const [code, status] of table) assert.equal(caikitHttpStatus(code), status, String(code));
  const kinds: [RuntimeError, number][] = [
    [new RuntimeError("not_ready", "x"), 501],
    [new RuntimeError("timeout", "x"), 504],
    [new RuntimeError("resource_exhausted", "x"), 429],
    [invalidBody("x"), 422],
  ];
  for (const [error, status] of kinds) assert.equal(caikitErrorAnswer(error).status, status);
  const answer = caikitErrorAnswer(new RuntimeError("bad_request", "nope"), 405);
  const body = await answer.json();
  assert.equal(answer.status, 405);
  assert.equal(body.details, "nope");
  assert.equal(body.code, 405);
  assert.match(body.id, /^[0-9a-f]{32}$/);
});
