/**
 * Property-based tests (fast-check) over every decoder and validator that
 * reads caller- or user-supplied bytes: whatever the input, each either
 * answers or throws a RuntimeError with a message — never another exception,
 * never a hang, never a crash.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseModelSpec } from "../runtime/bundle/model_yaml.ts";
import { parseDockerMetadata } from "../runtime/bundle/docker_metadata.ts";
import { parseByteSize } from "../runtime/bundle/sizes.ts";
import { parseDuration } from "../runtime/bundle/durations.ts";
import { readFeatureRow } from "../runtime/modules/tabular_input.ts";
import { parseCsvText } from "../runtime/train/csv_records.ts";
import { buildTrainingTable } from "../runtime/train/training_table.ts";
import { parseCommandLine } from "../runtime/cli/flags.ts";
import { parseConfigFile } from "../runtime/cli/flags/config_file.ts";
import { SERVE_MODE } from "../runtime/cli/flags/serve_flags.ts";
import { tensorFromRaw, tensorToRaw } from "../runtime/protocols/oip/oip_raw.ts";
import { tensorFromContents } from "../runtime/protocols/oip/oip_contents.ts";
import { tensorFromJson } from "../runtime/core/tensor_json.ts";
import { checkTensorData } from "../runtime/core/tensor_checks.ts";
import { RuntimeError } from "../runtime/base/errors.ts";
import { DATATYPES } from "../runtime/model/tensor_datatypes.ts";

const RUNS = { numRuns: 400 };

/** Calls `f`; passes when it returns or throws a RuntimeError with a non-empty message. */
function answersOrRefuses(f: () => unknown): void {
  try {
    f();
  } catch (error) {
    if (!(error instanceof RuntimeError) || error.message === "") {
      throw new Error(`threw something other than a RuntimeError: ${String(error)}`, {
        cause: error,
      });
    }
  }
}

const yamlish = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.array(
    fc.tuple(
      fc.constantFrom(
        "name",
        "version",
        "specification",
        "inputs",
        "outputs",
        "timeout",
        "features",
        "module",
        "resources",
        "  maxSize",
        "  run",
        "  maxBatchSize",
        "- ",
        "tags",
      ),
      fc.oneof(
        fc.string(),
        fc.constantFrom("1.0.0", "20s", "1M", "-1", "[", "{a: 1}", "~", "&a", "*a", "!!binary"),
      ),
    ),
  ).map((lines) => lines.map(([key, value]) => `${key}: ${value}`).join("\n")),
);

Deno.test("model.yaml parser: any text parses or is refused with a RuntimeError", () => {
  fc.assert(
    fc.property(
      yamlish,
      (text) => answersOrRefuses(() => parseModelSpec(text, "/b/1.0.0/model.yaml")),
    ),
    RUNS,
  );
  fc.assert(
    fc.property(yamlish, (text) => answersOrRefuses(() => parseDockerMetadata(text, "/b/d.yaml"))),
    RUNS,
  );
});

Deno.test("sizes and durations: any text is a non-negative safe integer or null", () => {
  fc.assert(
    fc.property(
      fc.oneof(fc.string(), fc.stringMatching(/^[0-9.]{1,30}[kmgtpKMGTP]?i?[bB]?$/)),
      (text) => {
        for (const value of [parseByteSize(text), parseDuration(text)]) {
          assert.ok(
            value === null || (Number.isSafeInteger(value) && value >= 0),
            `${text} -> ${value}`,
          );
        }
      },
    ),
    RUNS,
  );
});

const layout = { fileName: "input.json", features: ["a", "b", "c"] };

Deno.test("input.json of the tabular module: any bytes give 3 finite floats or a bad_request", () => {
  const jsonValue = fc.oneof(
    fc.json(),
    fc.constantFrom(
      "NaN",
      "Infinity",
      "-Infinity",
      "1e999",
      "[1,2,1e999]",
      '{"a":1,"b":2,"c":NaN}',
    ),
    fc.tuple(fc.double(), fc.double(), fc.double()).map((row) => JSON.stringify(row)),
    fc.record({ a: fc.double(), b: fc.anything(), c: fc.double() }).map((o) => JSON.stringify(o)),
  );
  const bytes = fc.oneof(
    jsonValue.map((text) => new TextEncoder().encode(text)),
    fc.uint8Array({ maxLength: 64 }),
  );
  fc.assert(
    fc.property(bytes, (data) => {
      const row = new Float32Array(3);
      try {
        readFeatureRow(new Map([["input.json", data]]), layout, row, 0);
      } catch (error) {
        assert.ok(error instanceof RuntimeError, String(error));
        assert.equal(error.kind, "bad_request");
        assert.match(error.message, /input\.json/);
        return;
      }
      for (const value of row) assert.ok(Number.isFinite(value), `accepted ${value}`);
    }),
    RUNS,
  );
});

Deno.test("NaN and Infinity as JSON text are refused with a clear message", () => {
  for (const text of ["[1, 2, NaN]", "[1, 2, 1e999]", '{"a": 1, "b": -1e400, "c": 3}']) {
    assert.throws(
      () =>
        readFeatureRow(
          new Map([["input.json", new TextEncoder().encode(text)]]),
          layout,
          new Float32Array(3),
          0,
        ),
      (error: RuntimeError) => error.kind === "bad_request" && /input\.json/.test(error.message),
    );
  }
});

Deno.test("CSV ingest: any text becomes records and a table, or a bad_request naming the file", () => {
  const cell = fc.oneof(
    fc.constantFrom("", "1", "2.5", "-3", "x", "setosa", "NaN", "1e999", '"q"', '"a,b"', " "),
    fc.string({ maxLength: 6 }),
  );
  const csv = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.array(fc.array(cell, { minLength: 0, maxLength: 5 }), { maxLength: 8 }).map((rows) =>
      rows.map((row) => row.join(",")).join(fc.sample(fc.constantFrom("\n", "\r\n"), 1)[0])
    ),
  );
  fc.assert(
    fc.property(csv, (text) =>
      answersOrRefuses(() => {
        const records = parseCsvText("data.csv", text);
        buildTrainingTable("data.csv", records);
      })),
    RUNS,
  );
});

Deno.test("flags: any argument list gives a command or a usage error, never a throw", () => {
  const word = fc.oneof(
    fc.constantFrom(
      "--serve",
      "--infer",
      "--check",
      "--train",
      "--port",
      "--http-port",
      "--bundle",
      "--input",
      "--target",
      "--lazy",
      "--json",
      "--help",
      "-h",
      "--log-level",
      "--batching",
      "--config",
      "--train=x",
      "--predict",
      "--emit-manifests",
      "--scaffold",
      "--replicas",
      "--out",
      "--version",
      "--",
      "x=y",
      "99999",
      "-1",
      "localhost:1",
    ),
    fc.string({ maxLength: 12 }),
  );
  fc.assert(
    fc.property(fc.array(word, { maxLength: 8 }), (args) => {
      const command = parseCommandLine(args, () => undefined, () => {
        throw new Error("no config files in this test");
      });
      assert.ok(["run", "help", "version", "usage-error"].includes(command.kind));
    }),
    RUNS,
  );
  // The config file parser reports problems as plain Errors that the flag parser turns
  // into usage errors; what matters here is that it never fails any other way.
  fc.assert(
    fc.property(fc.string(), (text) => {
      try {
        parseConfigFile(text, "runtime.yaml", SERVE_MODE.flags);
      } catch (error) {
        assert.ok(error instanceof Error && error.message.includes("runtime.yaml"), String(error));
      }
    }),
    RUNS,
  );
});

const shape = fc.array(fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer()), { maxLength: 4 });

Deno.test("tensor codecs: raw bytes, typed contents and JSON decode or refuse; raw round-trips", () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...DATATYPES),
      shape,
      fc.uint8Array({ maxLength: 96 }),
      (datatype, dims, bytes) =>
        answersOrRefuses(() => {
          const tensor = tensorFromRaw("x", datatype, dims, bytes);
          checkTensorData(tensor);
          assert.deepEqual(tensorToRaw(tensor), datatype === "BOOL" ? tensorToRaw(tensor) : bytes);
        }),
    ),
    RUNS,
  );
  // What the protobuf decoder can hand over: numbers in 32-bit and float fields,
  // decimal strings in the 64-bit fields.
  const contents = fc.oneof(
    fc.record({ int_contents: fc.array(fc.integer(), { maxLength: 8 }) }),
    fc.record({ uint_contents: fc.array(fc.nat(), { maxLength: 8 }) }),
    fc.record({ fp32_contents: fc.array(fc.float(), { maxLength: 8 }) }),
    fc.record({ fp64_contents: fc.array(fc.double(), { maxLength: 8 }) }),
    fc.record({ bool_contents: fc.array(fc.boolean(), { maxLength: 8 }) }),
    fc.record({
      int64_contents: fc.array(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String), {
        maxLength: 8,
      }),
    }),
    fc.record({
      uint64_contents: fc.array(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String), {
        maxLength: 8,
      }),
    }),
    fc.record({ bytes_contents: fc.array(fc.uint8Array({ maxLength: 8 }), { maxLength: 4 }) }),
  );
  fc.assert(
    fc.property(
      fc.constantFrom(...DATATYPES),
      shape,
      contents,
      (datatype, dims, message) =>
        answersOrRefuses(() => checkTensorData(tensorFromContents("x", datatype, dims, message))),
    ),
    RUNS,
  );
  fc.assert(
    fc.property(
      fc.oneof(
        fc.jsonValue(),
        fc.record({
          name: fc.string(),
          datatype: fc.constantFrom(...DATATYPES, "FLOAT"),
          shape,
          data: fc.jsonValue(),
        }),
      ),
      (value) => answersOrRefuses(() => tensorFromJson(value, 0, { fp16: false, role: "input" })),
    ),
    RUNS,
  );
});
