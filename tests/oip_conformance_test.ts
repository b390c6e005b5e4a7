/**
 * Conformance of the Open Inference Protocol gRPC door: one server hosts 24
 * small ONNX graphs covering every datatype; each ModelInfer answer is
 * compared with values computed here by plain arithmetic, through typed
 * contents and through raw contents (raw only when FP16 is involved).
 */
import assert from "node:assert/strict";
import type {
  OnnxAttribute,
  OnnxModelSpec,
  OnnxTensorData,
  OnnxValueInfo,
} from "../runtime/backends/onnx/graph_types.ts";
import {
  addModel,
  float16Model,
  logisticModel,
  logisticReference,
  modelOf,
} from "./fixtures/onnx/models.ts";
import { startOipServer } from "./support/oip_server.ts";
import { fromContents, fromRaw, type Plain, rawBytes, typedContents } from "./support/oip_wire.ts";

interface TensorCase {
  readonly name: string;
  readonly datatype: string;
  readonly shape: readonly number[];
  readonly values: readonly Plain[];
}

interface ConformanceCase {
  readonly name: string;
  readonly onnx: OnnxModelSpec;
  readonly inputs: readonly TensorCase[];
  readonly expected: readonly TensorCase[];
  readonly tolerance?: number;
}

type Node = {
  opType: string;
  inputs: string[];
  outputs: string[];
  attributes?: Record<string, OnnxAttribute>;
};

function graph(
  name: string,
  inputs: OnnxValueInfo[],
  outputs: OnnxValueInfo[],
  nodes: Node[],
  initializers: OnnxTensorData[] = [],
): OnnxModelSpec {
  return modelOf({ name, inputs, outputs, nodes, initializers });
}

const t = (name: string, datatype: string, shape: number[], values: Plain[]): TensorCase => ({
  name,
  datatype,
  shape,
  values,
});

const fr = Math.fround;
const MAX_U64 = 2n ** 64n - 1n;

const CASES: ConformanceCase[] = [
  {
    name: "bool-not",
    onnx: graph("not", [{ name: "x", type: "bool", shape: ["n"] }], [{
      name: "y",
      type: "bool",
      shape: ["n"],
    }], [{ opType: "Not", inputs: ["x"], outputs: ["y"] }]),
    inputs: [t("x", "BOOL", [3], [true, false, true])],
    expected: [t("y", "BOOL", [3], [false, true, false])],
  },
  {
    name: "bool-and",
    onnx: graph(
      "and",
      [{ name: "a", type: "bool", shape: ["n"] }, { name: "b", type: "bool", shape: ["n"] }],
      [{ name: "y", type: "bool", shape: ["n"] }],
      [{ opType: "And", inputs: ["a", "b"], outputs: ["y"] }],
    ),
    inputs: [
      t("a", "BOOL", [4], [true, true, false, false]),
      t("b", "BOOL", [4], [true, false, true, false]),
    ],
    expected: [t("y", "BOOL", [4], [true, false, false, false])],
  },
  {
    name: "uint8-identity",
    onnx: graph("u8", [{ name: "x", type: "uint8", shape: ["n"] }], [{
      name: "y",
      type: "uint8",
      shape: ["n"],
    }], [{ opType: "Identity", inputs: ["x"], outputs: ["y"] }]),
    inputs: [t("x", "UINT8", [3], [0, 7, 255])],
    expected: [t("y", "UINT8", [3], [0, 7, 255])],
  },
  {
    name: "uint16-transpose",
    onnx: graph("u16", [{ name: "x", type: "uint16", shape: [2, 3] }], [{
      name: "y",
      type: "uint16",
      shape: [3, 2],
    }], [{
      opType: "Transpose",
      inputs: ["x"],
      outputs: ["y"],
      attributes: { perm: { ints: [1, 0] } },
    }]),
    inputs: [t("x", "UINT16", [2, 3], [1, 2, 3, 4, 5, 65535])],
    expected: [t("y", "UINT16", [3, 2], [1, 4, 2, 5, 3, 65535])],
  },
  {
    name: "uint32-concat",
    onnx: graph("u32", [{ name: "x", type: "uint32", shape: ["n"] }], [{
      name: "y",
      type: "uint32",
      shape: ["m"],
    }], [{ opType: "Concat", inputs: ["x", "x"], outputs: ["y"], attributes: { axis: { i: 0 } } }]),
    inputs: [t("x", "UINT32", [2], [1, 4_000_000_000])],
    expected: [t("y", "UINT32", [4], [1, 4_000_000_000, 1, 4_000_000_000])],
  },
  {
    name: "uint64-identity",
    onnx: graph("u64", [{ name: "x", type: "uint64", shape: ["n"] }], [{
      name: "y",
      type: "uint64",
      shape: ["n"],
    }], [{ opType: "Identity", inputs: ["x"], outputs: ["y"] }]),
    inputs: [t("x", "UINT64", [3], [0n, MAX_U64, 12345678901234567890n])],
    expected: [t("y", "UINT64", [3], [0n, MAX_U64, 12345678901234567890n])],
  },
  {
    name: "int8-neg",
    onnx: graph("i8", [{ name: "x", type: "int8", shape: ["n"] }], [{
      name: "y",
      type: "int8",
      shape: ["n"],
    }], [{ opType: "Neg", inputs: ["x"], outputs: ["y"] }]),
    inputs: [t("x", "INT8", [3], [1, -5, 127])],
    expected: [t("y", "INT8", [3], [-1, 5, -127])],
  },
  {
    name: "int16-flatten",
    onnx: graph("i16", [{ name: "x", type: "int16", shape: [2, 2] }], [{
      name: "y",
      type: "int16",
      shape: [1, 4],
    }], [{ opType: "Flatten", inputs: ["x"], outputs: ["y"], attributes: { axis: { i: 0 } } }]),
    inputs: [t("x", "INT16", [2, 2], [-32768, 0, 1, 32767])],
    expected: [t("y", "INT16", [1, 4], [-32768, 0, 1, 32767])],
  },
  {
    name: "int32-add",
    onnx: graph(
      "i32",
      [{ name: "x", type: "int32", shape: ["n", 3] }],
      [{ name: "y", type: "int32", shape: ["n", 3] }],
      [{ opType: "Add", inputs: ["x", "b"], outputs: ["y"] }],
      [{ name: "b", type: "int32", dims: [3], values: [1, 2, 3] }],
    ),
    inputs: [t("x", "INT32", [2, 3], [10, 20, 30, -1, -2, -3])],
    expected: [t("y", "INT32", [2, 3], [11, 22, 33, 0, 0, 0])],
  },
  {
    name: "int64-mul",
    onnx: graph(
      "i64",
      [{ name: "x", type: "int64", shape: ["n"] }],
      [{ name: "y", type: "int64", shape: ["n"] }],
      [{ opType: "Mul", inputs: ["x", "k"], outputs: ["y"] }],
      [{ name: "k", type: "int64", dims: [], values: [3n] }],
    ),
    inputs: [t("x", "INT64", [3], [2n ** 60n / 4n, -7n, 0n])],
    expected: [t("y", "INT64", [3], [3n * (2n ** 60n / 4n), -21n, 0n])],
  },
  {
    name: "fp16-add",
    onnx: float16Model(),
    inputs: [t("x", "FP16", [1, 3], [1, 2.5, -3])],
    expected: [
      t("copy", "FP16", [1, 3], [1, 2.5, -3]),
      t("sum", "FP16", [1, 3], [1.5, 1.25, 1021]),
    ],
  },
  {
    name: "fp32-add",
    onnx: addModel(),
    inputs: [t("x", "FP32", [2, 3], [0.5, 1.25, -2, 100, 0, 3])],
    expected: [t("y", "FP32", [2, 3], [10.5, 21.25, 28, 110, 20, 33])],
  },
  {
    name: "fp64-mul",
    onnx: graph(
      "f64",
      [{ name: "x", type: "float64", shape: ["n"] }],
      [{ name: "y", type: "float64", shape: ["n"] }],
      [{ opType: "Mul", inputs: ["x", "k"], outputs: ["y"] }],
      [{ name: "k", type: "float64", dims: [], values: [0.1] }],
    ),
    inputs: [t("x", "FP64", [3], [1, 1e300, -3])],
    expected: [t("y", "FP64", [3], [0.1, 1e300 * 0.1, -3 * 0.1])],
  },
  {
    name: "bytes-identity",
    onnx: graph("s", [{ name: "x", type: "string", shape: ["n"] }], [{
      name: "y",
      type: "string",
      shape: ["n"],
    }], [{ opType: "Identity", inputs: ["x"], outputs: ["y"] }]),
    inputs: [t("x", "BYTES", [3], ["hello", "", "ünïcode ✓"])],
    expected: [t("y", "BYTES", [3], ["hello", "", "ünïcode ✓"])],
  },
  {
    name: "bytes-concat",
    onnx: graph(
      "sc",
      [{ name: "a", type: "string", shape: ["n"] }, { name: "b", type: "string", shape: ["m"] }],
      [{ name: "y", type: "string", shape: ["k"] }],
      [{ opType: "Concat", inputs: ["a", "b"], outputs: ["y"], attributes: { axis: { i: 0 } } }],
    ),
    inputs: [t("a", "BYTES", [1], ["first"]), t("b", "BYTES", [2], ["second", "third"])],
    expected: [t("y", "BYTES", [3], ["first", "second", "third"])],
  },
  {
    name: "cast-int32-fp32",
    onnx: graph("c1", [{ name: "x", type: "int32", shape: ["n"] }], [{
      name: "y",
      type: "float32",
      shape: ["n"],
    }], [{ opType: "Cast", inputs: ["x"], outputs: ["y"], attributes: { to: { i: 1 } } }]),
    inputs: [t("x", "INT32", [2], [3, -4])],
    expected: [t("y", "FP32", [2], [3, -4])],
  },
  {
    name: "cast-fp32-fp16",
    onnx: graph("c2", [{ name: "x", type: "float32", shape: ["n"] }], [{
      name: "y",
      type: "float16",
      shape: ["n"],
    }], [{ opType: "Cast", inputs: ["x"], outputs: ["y"], attributes: { to: { i: 10 } } }]),
    inputs: [t("x", "FP32", [3], [0.5, 2, -1024])],
    expected: [t("y", "FP16", [3], [0.5, 2, -1024])],
  },
  {
    name: "logistic-softmax",
    onnx: logisticModel(),
    inputs: [t("features", "FP32", [2, 2], [1, -2, 3.5, 0.25])],
    expected: [
      t("probabilities", "FP32", [2, 3], [
        ...logisticReference([1, -2]),
        ...logisticReference([3.5, 0.25]),
      ]),
    ],
    tolerance: 1e-5,
  },
  {
    name: "two-outputs",
    onnx: graph(
      "two",
      [{ name: "a", type: "float32", shape: ["n"] }, { name: "b", type: "float32", shape: ["n"] }],
      [{ name: "sum", type: "float32", shape: ["n"] }, {
        name: "product",
        type: "float32",
        shape: ["n"],
      }],
      [
        { opType: "Add", inputs: ["a", "b"], outputs: ["sum"] },
        { opType: "Mul", inputs: ["a", "b"], outputs: ["product"] },
      ],
    ),
    inputs: [t("a", "FP32", [2], [1.5, -2]), t("b", "FP32", [2], [4, 8])],
    expected: [t("sum", "FP32", [2], [5.5, 6]), t("product", "FP32", [2], [6, -16])],
  },
  {
    name: "fp32-reshape",
    onnx: graph(
      "reshape",
      [{ name: "x", type: "float32", shape: ["n", 4] }],
      [{ name: "y", type: "float32", shape: ["n", 2, 2] }],
      [{ opType: "Reshape", inputs: ["x", "s"], outputs: ["y"] }],
      [{ name: "s", type: "int64", dims: [3], values: [-1n, 2n, 2n] }],
    ),
    inputs: [t("x", "FP32", [1, 4], [1, 2, 3, 4])],
    expected: [t("y", "FP32", [1, 2, 2], [1, 2, 3, 4])],
  },
  {
    name: "fp32-relu",
    onnx: graph("relu", [{ name: "x", type: "float32", shape: ["n"] }], [{
      name: "y",
      type: "float32",
      shape: ["n"],
    }], [{ opType: "Relu", inputs: ["x"], outputs: ["y"] }]),
    inputs: [t("x", "FP32", [4], [-1, 0, 0.75, 9])],
    expected: [t("y", "FP32", [4], [0, 0, 0.75, 9])],
  },
  {
    name: "fp32-greater-bool",
    onnx: graph(
      "greater",
      [{ name: "x", type: "float32", shape: ["n"] }],
      [{ name: "y", type: "bool", shape: ["n"] }],
      [{ opType: "Greater", inputs: ["x", "zero"], outputs: ["y"] }],
      [{ name: "zero", type: "float32", dims: [], values: [0] }],
    ),
    inputs: [t("x", "FP32", [3], [-0.5, 0, 2])],
    expected: [t("y", "BOOL", [3], [false, false, true])],
  },
  {
    name: "fp64-sub",
    onnx: graph(
      "sub",
      [{ name: "a", type: "float64", shape: ["n"] }, {
        name: "b",
        type: "float64",
        shape: ["n"],
      }],
      [{ name: "y", type: "float64", shape: ["n"] }],
      [{ opType: "Sub", inputs: ["a", "b"], outputs: ["y"] }],
    ),
    inputs: [t("a", "FP64", [2], [Math.PI, 1]), t("b", "FP64", [2], [Math.E, 1e-12])],
    expected: [t("y", "FP64", [2], [Math.PI - Math.E, 1 - 1e-12])],
  },
  {
    name: "fp16-scalar-mul",
    onnx: graph(
      "h2",
      [{ name: "x", type: "float16", shape: ["n"] }],
      [{ name: "y", type: "float16", shape: ["n"] }],
      [{ opType: "Mul", inputs: ["x", "k"], outputs: ["y"] }],
      [{ name: "k", type: "float16", dims: [], values: [2] }],
    ),
    inputs: [t("x", "FP16", [3], [0.25, -8, 1000])],
    expected: [t("y", "FP16", [3], [0.5, -16, 2000])],
  },
];

function assertValuesClose(
  label: string,
  datatype: string,
  actual: readonly Plain[],
  expected: readonly Plain[],
  tolerance: number,
) {
  assert.equal(actual.length, expected.length, `${label}: element count`);
  expected.forEach((want, index) => {
    const got = actual[index];
    if (datatype === "FP32" || datatype === "FP64") {
      const target = datatype === "FP32" ? fr(want as number) : (want as number);
      const scale = Math.max(1, Math.abs(target));
      assert.ok(
        Math.abs((got as number) - target) <= tolerance * scale,
        `${label}[${index}]: ${got} != ${target}`,
      );
    } else {
      assert.deepEqual(got, want, `${label}[${index}]`);
    }
  });
}

Deno.test("OIP conformance: 24 ONNX graphs, every datatype, typed and raw contents", async () => {
  assert.ok(CASES.length >= 20);
  const covered = new Set(
    CASES.flatMap((c) => [...c.inputs, ...c.expected].map((x) => x.datatype)),
  );
  assert.deepEqual([...covered].sort(), [
    "BOOL",
    "BYTES",
    "FP16",
    "FP32",
    "FP64",
    "INT16",
    "INT32",
    "INT64",
    "INT8",
    "UINT16",
    "UINT32",
    "UINT64",
    "UINT8",
  ]);
  const fixture = await startOipServer(CASES.map((c) => ({ name: c.name, onnx: c.onnx })));
  try {
    let calls = 0;
    for (const testCase of CASES) {
      const fp16Input = testCase.inputs.some((input) => input.datatype === "FP16");
      const fp16Output = testCase.expected.some((output) => output.datatype === "FP16");
      for (const form of fp16Input ? ["raw"] : ["typed", "raw"]) {
        const raw = form === "raw";
        const id = `${testCase.name}/${form}`;
        const request = {
          model_name: testCase.name,
          id,
          inputs: testCase.inputs.map((input) => ({
            name: input.name,
            datatype: input.datatype,
            shape: input.shape,
            ...(raw ? {} : { contents: typedContents(input.datatype, input.values) }),
          })),
          raw_input_contents: raw
            ? testCase.inputs.map((input) => rawBytes(input.datatype, input.values))
            : [],
        };
        // deno-lint-ignore no-explicit-any
        const response = await fixture.call<any>("ModelInfer", request);
        calls++;
        assert.equal(response.id, id);
        assert.equal(response.model_name, testCase.name);
        assert.equal(response.model_version, "1");
        const answeredRaw = response.raw_output_contents.length > 0;
        assert.equal(answeredRaw, raw || fp16Output, `${id}: answer form`);
        assert.equal(response.outputs.length, testCase.expected.length);
        testCase.expected.forEach((want, index) => {
          const output = response.outputs[index];
          assert.equal(output.name, want.name, `${id}: output order`);
          assert.equal(output.datatype, want.datatype, `${id}: ${want.name} datatype`);
          assert.deepEqual(output.shape.map(Number), want.shape, `${id}: ${want.name} shape`);
          const values = answeredRaw
            ? fromRaw(want.datatype, response.raw_output_contents[index])
            : fromContents(want.datatype, output.contents);
          assertValuesClose(
            `${id}: ${want.name}`,
            want.datatype,
            values,
            want.values,
            testCase.tolerance ?? 1e-6,
          );
        });
      }
    }
    assert.ok(calls >= 40);
  } finally {
    await fixture.close();
  }
});
