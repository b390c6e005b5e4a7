import assert from "node:assert/strict";
import { RuntimeError } from "../../../../runtime/base/errors.ts";
import type { OnnxTensorData } from "../../../../runtime/backends/onnx/graph_types.ts";
import {
  DEFAULT_IR_VERSION,
  encodeOnnxModel,
} from "../../../../runtime/backends/onnx/model_writer.ts";
import { onnxMessageType } from "../../../../runtime/backends/onnx/onnx_schema.ts";
import { addModel, float16Model, logisticModel, modelOf } from "../../../fixtures/onnx/models.ts";

/** Decodes model bytes with the same schema into a plain object (longs as numbers). */
function decode(bytes: Uint8Array): Record<string, unknown> {
  const type = onnxMessageType("ModelProto");
  return type.toObject(type.decode(bytes), { longs: Number, defaults: false }) as Record<
    string,
    unknown
  >;
}

/** Encodes a graph holding a single constant tensor. */
function encodeConstant(tensor: OnnxTensorData): Uint8Array {
  return encodeOnnxModel(modelOf({
    name: "constant",
    inputs: [],
    outputs: [{ name: tensor.name, type: tensor.type, shape: [...tensor.dims] }],
    initializers: [tensor],
    nodes: [],
  }));
}

function assertInternalError(action: () => unknown, mentions: string): void {
  assert.throws(action, (error: unknown) => {
    assert.ok(error instanceof RuntimeError);
    assert.equal(error.kind, "internal");
    assert.ok(error.message.includes(mentions), error.message);
    return true;
  });
}

Deno.test("writer: the model header carries IR 8, opsets, producer, metadata and docs", () => {
  const model = decode(encodeOnnxModel(logisticModel()));
  assert.equal(DEFAULT_IR_VERSION, 8);
  assert.equal(model.ir_version, 8);
  assert.deepEqual(model.opset_import, [{ domain: "", version: 17 }]);
  assert.equal(model.producer_name, "onnx-tests");
  assert.equal(model.producer_version, "0.0.0");
  assert.equal(model.doc_string, "logistic regression");
  assert.deepEqual(model.metadata_props, [{ key: "classes", value: "a,b,c" }]);
  const explicit = decode(encodeOnnxModel({ ...addModel(), irVersion: 7 }));
  assert.equal(explicit.ir_version, 7);
});

Deno.test("writer: graph inputs, outputs, nodes and attributes keep the official layout", () => {
  const model = decode(encodeOnnxModel(logisticModel()));
  const graph = model.graph as Record<string, unknown>;
  assert.equal(graph.name, "logistic_regression");
  assert.deepEqual(graph.input, [{
    name: "features",
    type: {
      tensor_type: { elem_type: 1, shape: { dim: [{ dim_param: "batch" }, { dim_value: 2 }] } },
    },
  }]);
  const nodes = graph.node as Record<string, unknown>[];
  assert.deepEqual(nodes.map((node) => node.op_type), ["Sub", "Div", "MatMul", "Add", "Softmax"]);
  assert.deepEqual(nodes.map((node) => node.name), [
    "Sub_0",
    "Div_1",
    "MatMul_2",
    "Add_3",
    "Softmax_4",
  ]);
  assert.deepEqual(nodes[4].attribute, [{ name: "axis", type: 2, i: 1 }]);
  const initializers = graph.initializer as Record<string, unknown>[];
  assert.deepEqual(initializers.map((tensor) => [tensor.name, tensor.data_type, tensor.dims]), [
    ["mean", 1, [2]],
    ["std", 1, [2]],
    ["W", 1, [2, 3]],
    ["b", 1, [3]],
  ]);
});

Deno.test("writer: raw_data is little-endian; float16 becomes half bits; strings use string_data", () => {
  const graph = decode(encodeOnnxModel(float16Model())).graph as Record<string, unknown>;
  const [offset] = graph.initializer as { data_type: number; raw_data: Uint8Array }[];
  assert.equal(offset.data_type, 10);
  // 0.5 = 0x3800, -1.25 = 0xbd00, 1024 = 0x6400, little-endian.
  assert.deepEqual(Array.from(offset.raw_data), [0x00, 0x38, 0x00, 0xbd, 0x00, 0x64]);

  const int64 = decode(encodeConstant({
    name: "big",
    type: "int64",
    dims: [2],
    values: [-2n, 2n ** 62n],
  })).graph as Record<string, unknown>;
  const [bigTensor] = int64.initializer as { raw_data: Uint8Array }[];
  const view = new DataView(bigTensor.raw_data.buffer, bigTensor.raw_data.byteOffset, 16);
  assert.equal(view.getBigInt64(0, true), -2n);
  assert.equal(view.getBigInt64(8, true), 2n ** 62n);

  const strings = decode(encodeConstant({
    name: "words",
    type: "string",
    dims: [2],
    values: ["héllo", ""],
  })).graph as Record<string, unknown>;
  const [wordTensor] = strings.initializer as { string_data: Uint8Array[]; raw_data?: unknown }[];
  assert.equal(wordTensor.raw_data, undefined);
  assert.deepEqual(
    wordTensor.string_data.map((bytes) => new TextDecoder().decode(bytes)),
    ["héllo", ""],
  );

  const bools = decode(encodeConstant({
    name: "flags",
    type: "bool",
    dims: [3],
    values: [true, false, true],
  })).graph as Record<string, unknown>;
  const [flagTensor] = bools.initializer as { raw_data: Uint8Array }[];
  assert.deepEqual(Array.from(flagTensor.raw_data), [1, 0, 1]);
});

Deno.test("writer: every attribute kind is written with its type code", () => {
  const model = decode(encodeOnnxModel(modelOf({
    name: "attributes",
    inputs: [],
    outputs: [{ name: "out", type: "float32", shape: [1] }],
    initializers: [],
    nodes: [{
      opType: "Custom",
      domain: "test.domain",
      name: "custom",
      inputs: [],
      outputs: ["out"],
      attributes: {
        f: { f: 0.5 },
        i: { i: -3 },
        s: { s: "text" },
        floats: { floats: [1.5, 2] },
        ints: { ints: [1, 2, 3] },
        strings: { strings: ["a", "b"] },
        t: { t: { name: "", type: "int32", dims: [1], values: [7] } },
      },
    }],
  })));
  const [node] = (model.graph as { node: Record<string, unknown>[] }).node;
  assert.equal(node.domain, "test.domain");
  assert.equal(node.name, "custom");
  const byName = new Map(
    (node.attribute as Record<string, unknown>[]).map((attribute) => [attribute.name, attribute]),
  );
  assert.deepEqual(byName.get("f"), { name: "f", type: 1, f: 0.5 });
  assert.deepEqual(byName.get("i"), { name: "i", type: 2, i: -3 });
  assert.equal(byName.get("s")?.type, 3);
  assert.equal(new TextDecoder().decode(byName.get("s")?.s as Uint8Array), "text");
  assert.deepEqual(byName.get("floats"), { name: "floats", type: 6, floats: [1.5, 2] });
  assert.deepEqual(byName.get("ints"), { name: "ints", type: 7, ints: [1, 2, 3] });
  assert.equal(byName.get("strings")?.type, 8);
  assert.equal(byName.get("t")?.type, 4);
  const tensor = byName.get("t")?.t as { data_type: number; raw_data: Uint8Array };
  assert.equal(tensor.data_type, 6);
  assert.deepEqual(Array.from(tensor.raw_data), [7, 0, 0, 0]);
});

Deno.test("writer: a malformed spec is an internal RuntimeError naming the culprit", () => {
  assertInternalError(
    () => encodeConstant({ name: "short", type: "float32", dims: [2, 2], values: [1, 2, 3] }),
    `"short" has 3 values but its dims [2, 2] need 4`,
  );
  assertInternalError(
    () => encodeConstant({ name: "small", type: "int8", dims: [1], values: [200] }),
    `"small" element 0 (200) is out of range for int8`,
  );
  assertInternalError(
    () => encodeConstant({ name: "unsigned", type: "uint32", dims: [1], values: [-1] }),
    "out of range for uint32",
  );
  assertInternalError(
    () => encodeConstant({ name: "fraction", type: "int32", dims: [1], values: [1.5] }),
    `"fraction" element 0 (1.5) is not an integer (int32)`,
  );
  assertInternalError(
    () => encodeConstant({ name: "flag", type: "bool", dims: [1], values: [2] }),
    `"flag" element 0 (2) is not a bool`,
  );
  assertInternalError(
    () => encodeConstant({ name: "neg", type: "float32", dims: [-1], values: [] }),
    `"neg" has an invalid dimension -1`,
  );
  assertInternalError(
    () => encodeConstant({ name: "text", type: "string", dims: [1], values: [3] as number[] }),
    `"text" element 0 (3) is not a string`,
  );
  assertInternalError(
    () =>
      encodeOnnxModel(modelOf({
        ...addModel().graph,
        nodes: [{ opType: "Foo", inputs: [], outputs: ["y"], attributes: { n: { i: 0.5 } } }],
      })),
    `node "Foo_0" attribute "n": 0.5 is not an int`,
  );
});
