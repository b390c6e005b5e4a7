import assert from "node:assert/strict";
import { join } from "node:path";
import { type ErrorKind, RuntimeError } from "../../../../runtime/base/errors.ts";
import type { OnnxElementType } from "../../../../runtime/backends/onnx/graph_types.ts";
import { encodeOnnxModel } from "../../../../runtime/backends/onnx/model_writer.ts";
import { OnnxSession } from "../../../../runtime/backends/onnx/session.ts";
import { createTensor, tensorNumbers } from "../../../../runtime/backends/onnx/tensor_factory.ts";
import {
  addModel,
  logisticModel,
  logisticReference,
  modelOf,
} from "../../../fixtures/onnx/models.ts";

async function rejectsWithKind(
  action: () => Promise<unknown>,
  kind: ErrorKind,
  mentions: string,
): Promise<void> {
  await assert.rejects(action, (error: unknown) => {
    assert.ok(error instanceof RuntimeError, String(error));
    assert.equal(error.kind, kind, error.message);
    assert.ok(error.message.includes(mentions), error.message);
    return true;
  });
}

function assertClose(actual: readonly number[], expected: readonly number[], tolerance = 1e-6) {
  assert.equal(actual.length, expected.length);
  actual.forEach((value, index) => {
    assert.ok(
      Math.abs(value - expected[index]) <= tolerance,
      `element ${index}: ${value} vs ${expected[index]}`,
    );
  });
}

Deno.test("backend: Add broadcasts a constant over a dynamic batch", async () => {
  const session = await OnnxSession.openBytes(encodeOnnxModel(addModel()));
  try {
    const { y } = await session.run({ x: createTensor("float32", [1, 2, 3, -1, -2, -3], [2, 3]) });
    assert.equal(y.type, "float32");
    assert.deepEqual(y.dims, [2, 3]);
    assert.deepEqual(Array.from(y.data as Float32Array), [11, 22, 33, 9, 18, 27]);
  } finally {
    await session.close();
  }
});

Deno.test("backend: the trainer's Sub/Div/MatMul/Add/Softmax graph matches plain arithmetic", async () => {
  const session = await OnnxSession.openBytes(encodeOnnxModel(logisticModel()));
  try {
    const rows = [[1, -2], [3, 0], [-4.5, 1.25], [100, -100]];
    const { probabilities } = await session.run({
      features: createTensor("float32", rows.flat(), [rows.length, 2]),
    });
    assert.deepEqual(probabilities.dims, [4, 3]);
    const actual = tensorNumbers(probabilities);
    assertClose(actual, rows.flatMap(logisticReference), 1e-5);
    for (let row = 0; row < rows.length; row++) {
      const sum = actual.slice(row * 3, row * 3 + 3).reduce((total, value) => total + value, 0);
      assert.ok(Math.abs(sum - 1) < 1e-5);
    }
  } finally {
    await session.close();
  }
});

Deno.test("backend: introspection reports names, types, -1 for dynamic dims and their names", async () => {
  const session = await OnnxSession.openBytes(encodeOnnxModel(modelOf({
    name: "shapes",
    inputs: [
      { name: "images", type: "uint8", shape: ["batch", 28, "width"] },
      { name: "mask", type: "bool", shape: [4] },
    ],
    outputs: [
      { name: "same", type: "uint8", shape: ["batch", 28, "width"] },
      { name: "mask_out", type: "bool", shape: [4] },
    ],
    initializers: [],
    nodes: [
      { opType: "Identity", inputs: ["images"], outputs: ["same"] },
      { opType: "Identity", inputs: ["mask"], outputs: ["mask_out"] },
    ],
  })));
  try {
    assert.deepEqual(session.inputs, [
      { name: "images", type: "uint8", shape: [-1, 28, -1], dimNames: ["batch", null, "width"] },
      { name: "mask", type: "bool", shape: [4], dimNames: [null] },
    ]);
    assert.deepEqual(session.outputs.map((info) => [info.name, info.type, info.shape]), [
      ["same", "uint8", [-1, 28, -1]],
      ["mask_out", "bool", [4]],
    ]);
  } finally {
    await session.close();
  }
});

Deno.test("backend: Identity round-trips every element type, string included", async () => {
  const samples: [OnnxElementType, readonly unknown[]][] = [
    ["float32", [1.5, -2.25, Math.fround(1e30)]],
    ["float64", [Math.PI, -1e300, 5e-324]],
    ["int8", [-128, 0, 127]],
    ["int16", [-32768, 1, 32767]],
    ["int32", [-(2 ** 31), 7, 2 ** 31 - 1]],
    ["int64", [-(2n ** 63n), 0n, 2n ** 63n - 1n]],
    ["uint8", [0, 128, 255]],
    ["uint16", [0, 1000, 65535]],
    ["uint32", [0, 2 ** 31, 2 ** 32 - 1]],
    ["uint64", [0n, 2n ** 53n + 1n, 2n ** 64n - 1n]],
    ["bool", [true, false, true]],
    ["string", ["alpha", "", "ünïcødé ✓"]],
  ];
  const session = await OnnxSession.openBytes(encodeOnnxModel(modelOf({
    name: "identities",
    inputs: samples.map(([type]) => ({ name: `in_${type}`, type, shape: ["n"] })),
    outputs: samples.map(([type]) => ({ name: `out_${type}`, type, shape: ["n"] })),
    initializers: [],
    nodes: samples.map(([type]) => ({
      opType: "Identity",
      inputs: [`in_${type}`],
      outputs: [`out_${type}`],
    })),
  })));
  try {
    const feeds = Object.fromEntries(
      samples.map((
        [type, values],
      ) => [`in_${type}`, createTensor(type, values as number[], [values.length])]),
    );
    const outputs = await session.run(feeds);
    for (const [type, values] of samples) {
      const output = outputs[`out_${type}`];
      assert.equal(output.type, type);
      assert.deepEqual(output.dims, [3]);
      const expected = type === "bool" ? values.map((value) => (value ? 1 : 0)) : values;
      assert.deepEqual(Array.from(output.data as ArrayLike<unknown>), expected, type);
    }
  } finally {
    await session.close();
  }
});

Deno.test("backend: Cast converts between element types", async () => {
  const session = await OnnxSession.openBytes(encodeOnnxModel(modelOf({
    name: "casts",
    inputs: [{ name: "x", type: "float32", shape: ["n"] }],
    outputs: [
      { name: "as_int64", type: "int64", shape: ["n"] },
      { name: "as_bool", type: "bool", shape: ["n"] },
      { name: "as_string", type: "string", shape: ["n"] },
    ],
    initializers: [],
    nodes: [
      { opType: "Cast", inputs: ["x"], outputs: ["as_int64"], attributes: { to: { i: 7 } } },
      { opType: "Cast", inputs: ["x"], outputs: ["as_bool"], attributes: { to: { i: 9 } } },
      { opType: "Cast", inputs: ["x"], outputs: ["as_string"], attributes: { to: { i: 8 } } },
    ],
  })));
  try {
    const outputs = await session.run({ x: createTensor("float32", [2.75, -3, 0], [3]) });
    assert.deepEqual(Array.from(outputs.as_int64.data as BigInt64Array), [2n, -3n, 0n]);
    assert.deepEqual(Array.from(outputs.as_bool.data as Uint8Array), [1, 1, 0]);
    assert.deepEqual(outputs.as_string.data, ["2.75", "-3", "0"]);
  } finally {
    await session.close();
  }
});

Deno.test("backend: tensor, ints, floats and strings attributes reach the operators", async () => {
  const session = await OnnxSession.openBytes(encodeOnnxModel(modelOf({
    name: "attributes",
    inputs: [{ name: "x", type: "float32", shape: [2, 3] }],
    outputs: [
      { name: "transposed", type: "float32", shape: [3, 2] },
      { name: "leaky", type: "float32", shape: [2, 3] },
      { name: "matrix", type: "int32", shape: [2, 2] },
      { name: "floats", type: "float32", shape: [2] },
      { name: "labels", type: "string", shape: [2] },
      { name: "padded", type: "float32", shape: [2, 5] },
    ],
    initializers: [{ name: "pads", type: "int64", dims: [4], values: [0, 1, 0, 1] }],
    nodes: [
      {
        opType: "Transpose",
        inputs: ["x"],
        outputs: ["transposed"],
        attributes: { perm: { ints: [1, 0] } },
      },
      {
        opType: "LeakyRelu",
        inputs: ["x"],
        outputs: ["leaky"],
        attributes: { alpha: { f: 0.5 } },
      },
      {
        opType: "Constant",
        inputs: [],
        outputs: ["matrix"],
        attributes: {
          value: { t: { name: "", type: "int32", dims: [2, 2], values: [1, 2, 3, 4] } },
        },
      },
      {
        opType: "Constant",
        inputs: [],
        outputs: ["floats"],
        attributes: { value_floats: { floats: [0.25, -8] } },
      },
      {
        opType: "Constant",
        inputs: [],
        outputs: ["labels"],
        attributes: { value_strings: { strings: ["cat", "dog"] } },
      },
      {
        opType: "Pad",
        inputs: ["x", "pads"],
        outputs: ["padded"],
        attributes: { mode: { s: "edge" } },
      },
    ],
  })));
  try {
    const outputs = await session.run({
      x: createTensor("float32", [1, -2, 3, -4, 5, -6], [2, 3]),
    });
    assert.deepEqual(Array.from(outputs.transposed.data as Float32Array), [1, -4, -2, 5, 3, -6]);
    assert.deepEqual(Array.from(outputs.leaky.data as Float32Array), [1, -1, 3, -2, 5, -3]);
    assert.deepEqual(Array.from(outputs.matrix.data as Int32Array), [1, 2, 3, 4]);
    assert.deepEqual(Array.from(outputs.floats.data as Float32Array), [0.25, -8]);
    assert.deepEqual(outputs.labels.data, ["cat", "dog"]);
    assert.deepEqual(
      Array.from(outputs.padded.data as Float32Array),
      [1, 1, -2, 3, 3, -4, -4, 5, -6, -6],
    );
  } finally {
    await session.close();
  }
});

Deno.test("backend: open reads a model file; options are applied; outputNames selects", async () => {
  const directory = await Deno.makeTempDir({ prefix: "onnx_backend_" });
  try {
    const path = join(directory, "logistic.onnx");
    await Deno.writeFile(path, encodeOnnxModel(logisticModel()));
    for (const level of ["disabled", "basic", "extended", "all"] as const) {
      const session = await OnnxSession.open(path, {
        intraOpNumThreads: 1,
        interOpNumThreads: 1,
        graphOptimizationLevel: level,
        executionProviders: ["cpu"],
      });
      try {
        const outputs = await session.run(
          { features: createTensor("float32", [1, -2], [1, 2]) },
          ["probabilities"],
        );
        assert.deepEqual(Object.keys(outputs), ["probabilities"]);
        assertClose(tensorNumbers(outputs.probabilities), logisticReference([1, -2]), 1e-5);
      } finally {
        await session.close();
      }
    }
  } finally {
    await Deno.remove(directory, { recursive: true });
  }
});

Deno.test("backend: a missing model file is not_found and names the file", async () => {
  const path = join(await Deno.makeTempDir({ prefix: "onnx_missing_" }), "absent.onnx");
  try {
    await rejectsWithKind(() => OnnxSession.open(path), "not_found", path);
  } finally {
    await Deno.remove(join(path, ".."), { recursive: true });
  }
});

Deno.test("backend: a corrupt model is an internal error naming the file, never a crash", async () => {
  const directory = await Deno.makeTempDir({ prefix: "onnx_corrupt_" });
  try {
    const garbage = join(directory, "garbage.onnx");
    await Deno.writeFile(garbage, new TextEncoder().encode("this is not an onnx model at all"));
    await rejectsWithKind(() => OnnxSession.open(garbage), "internal", garbage);

    const truncated = join(directory, "truncated.onnx");
    const bytes = encodeOnnxModel(logisticModel());
    await Deno.writeFile(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await rejectsWithKind(() => OnnxSession.open(truncated), "internal", truncated);

    const empty = join(directory, "empty.onnx");
    await Deno.writeFile(empty, new Uint8Array());
    await rejectsWithKind(() => OnnxSession.open(empty), "internal", empty);

    await rejectsWithKind(() => OnnxSession.open(directory), "internal", directory);
    await rejectsWithKind(
      () => OnnxSession.openBytes(new Uint8Array([1, 2, 3, 4])),
      "internal",
      "cannot load ONNX model",
    );
    // A well-formed protobuf whose graph is invalid (unknown operator).
    const invalid = encodeOnnxModel(modelOf({
      ...addModel().graph,
      nodes: [{ opType: "NoSuchOperator", inputs: ["x"], outputs: ["y"] }],
    }));
    await rejectsWithKind(() => OnnxSession.openBytes(invalid), "internal", "NoSuchOperator");
  } finally {
    await Deno.remove(directory, { recursive: true });
  }
  // The process is still healthy: a good model loads and runs afterwards.
  const session = await OnnxSession.openBytes(encodeOnnxModel(addModel()));
  await session.run({ x: createTensor("float32", [0, 0, 0], [1, 3]) });
  await session.close();
});

Deno.test("backend: feeds that do not match the inputs are bad_request", async () => {
  const session = await OnnxSession.openBytes(encodeOnnxModel(addModel()));
  try {
    const good = createTensor("float32", [1, 2, 3], [1, 3]);
    await rejectsWithKind(() => session.run({}), "bad_request", `input "x" is missing`);
    await rejectsWithKind(() => session.run({ x: good, z: good }), "bad_request", `"z"`);
    await rejectsWithKind(
      () => session.run({ x: createTensor("float64", [1, 2, 3], [1, 3]) }),
      "bad_request",
      `input "x" must be float32, got float64`,
    );
    await rejectsWithKind(
      () => session.run({ x: createTensor("float32", [1, 2, 3, 4], [1, 4]) }),
      "bad_request",
      `input "x" must have shape [?, 3], got [1, 4]`,
    );
    await rejectsWithKind(
      () => session.run({ x: createTensor("float32", [1, 2, 3], [3]) }),
      "bad_request",
      "got [3]",
    );
    await rejectsWithKind(() => session.run({ x: good }, ["nope"]), "bad_request", `"nope"`);
    await rejectsWithKind(
      () => OnnxSession.openBytes(encodeOnnxModel(addModel()), { intraOpNumThreads: -1 }),
      "bad_request",
      "intraOpNumThreads",
    );
  } finally {
    await session.close();
  }
});

Deno.test("backend: a closed session refuses to run with not_ready; close is idempotent", async () => {
  const session = await OnnxSession.openBytes(encodeOnnxModel(addModel()));
  await session.close();
  await session.close();
  await rejectsWithKind(
    () => session.run({ x: createTensor("float32", [1, 2, 3], [1, 3]) }),
    "not_ready",
    "closed",
  );
});
