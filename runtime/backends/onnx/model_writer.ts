/**
 * The ONNX encoder: turns a plain {@link OnnxModelSpec} into ModelProto bytes
 * (an ordinary `.onnx` file) with protobufjs and the runtime's own
 * `protos/onnx.proto` subset.
 *
 * @module
 */
import { internalError } from "../../base/errors.ts";
import { ONNX_DATA_TYPE_CODES } from "./element_types.ts";
import type {
  OnnxAttribute,
  OnnxGraph,
  OnnxModelSpec,
  OnnxNode,
  OnnxValueInfo,
} from "./graph_types.ts";
import { onnxMessageType } from "./onnx_schema.ts";
import { type TensorProtoObject, tensorToProto } from "./tensor_encoding.ts";

/** IR version written when the spec gives none: IR 8 goes with opset 17. */
export const DEFAULT_IR_VERSION = 8;

/** `AttributeProto.AttributeType` codes of the attribute kinds the spec can express. */
const ATTRIBUTE_TYPE_CODES = {
  f: 1,
  i: 2,
  s: 3,
  t: 4,
  floats: 6,
  ints: 7,
  strings: 8,
} as const;

const utf8 = new TextEncoder();

/** A dimension of `TensorShapeProto`: a fixed size or a symbolic name. */
type DimensionObject = { dim_value: number } | { dim_param: string };

/** Checks that an attribute integer is a safe integer (ONNX stores int64). */
function attributeInteger(nodeName: string, attribute: string, value: number): number {
  if (!Number.isSafeInteger(value)) {
    throw internalError(`ONNX node "${nodeName}" attribute "${attribute}": ${value} is not an int`);
  }
  return value;
}

/** Converts one attribute to its `AttributeProto` object. */
function attributeToProto(
  nodeName: string,
  name: string,
  attribute: OnnxAttribute,
): Record<string, unknown> {
  if ("i" in attribute) {
    return { name, type: ATTRIBUTE_TYPE_CODES.i, i: attributeInteger(nodeName, name, attribute.i) };
  }
  if ("f" in attribute) return { name, type: ATTRIBUTE_TYPE_CODES.f, f: attribute.f };
  if ("s" in attribute) return { name, type: ATTRIBUTE_TYPE_CODES.s, s: utf8.encode(attribute.s) };
  if ("t" in attribute) {
    return { name, type: ATTRIBUTE_TYPE_CODES.t, t: tensorToProto(attribute.t) };
  }
  if ("ints" in attribute) {
    const ints = attribute.ints.map((value) => attributeInteger(nodeName, name, value));
    return { name, type: ATTRIBUTE_TYPE_CODES.ints, ints };
  }
  if ("floats" in attribute) {
    return { name, type: ATTRIBUTE_TYPE_CODES.floats, floats: [...attribute.floats] };
  }
  if ("strings" in attribute) {
    const strings = attribute.strings.map((value) => utf8.encode(value));
    return { name, type: ATTRIBUTE_TYPE_CODES.strings, strings };
  }
  throw internalError(`ONNX node "${nodeName}" attribute "${name}" has no value`);
}

/** Converts one node, generating `<opType>_<index>` when it has no name. */
function nodeToProto(node: OnnxNode, index: number): Record<string, unknown> {
  const name = node.name ?? `${node.opType}_${index}`;
  const attributes = Object.entries(node.attributes ?? {}).map(([attributeName, attribute]) =>
    attributeToProto(name, attributeName, attribute)
  );
  return {
    name,
    op_type: node.opType,
    domain: node.domain ?? "",
    input: [...node.inputs],
    output: [...node.outputs],
    attribute: attributes,
  };
}

/** Converts one shape dimension: numbers are fixed sizes, strings symbolic names. */
function dimensionToProto(valueName: string, dim: number | string): DimensionObject {
  if (typeof dim === "string") return { dim_param: dim };
  if (!Number.isSafeInteger(dim) || dim < 0) {
    throw internalError(`ONNX value "${valueName}" has an invalid dimension ${dim}`);
  }
  return { dim_value: dim };
}

/** Converts a graph input or output to its `ValueInfoProto` object. */
function valueInfoToProto(info: OnnxValueInfo): Record<string, unknown> {
  const elemType = ONNX_DATA_TYPE_CODES[info.type];
  if (elemType === undefined) {
    throw internalError(`ONNX value "${info.name}" has unsupported type ${info.type}`);
  }
  const dim = info.shape.map((value) => dimensionToProto(info.name, value));
  return {
    name: info.name,
    type: { tensor_type: { elem_type: elemType, shape: { dim } } },
    ...(info.doc === undefined ? {} : { doc_string: info.doc }),
  };
}

/** Converts the graph: nodes, initializers, inputs and outputs. */
function graphToProto(graph: OnnxGraph): Record<string, unknown> {
  const initializer: TensorProtoObject[] = graph.initializers.map(tensorToProto);
  return {
    name: graph.name,
    node: graph.nodes.map(nodeToProto),
    initializer,
    input: graph.inputs.map(valueInfoToProto),
    output: graph.outputs.map(valueInfoToProto),
    ...(graph.doc === undefined ? {} : { doc_string: graph.doc }),
  };
}

/**
 * Encodes a model spec as ONNX ModelProto bytes, ready to write to a `.onnx`
 * file or to open with `OnnxSession.openBytes`. Fixed-width constants are
 * stored as little-endian `raw_data` (float16 values are given as ordinary
 * numbers and converted to IEEE half bits with round-to-nearest-even), string
 * constants as `string_data`. The IR version defaults to
 * {@link DEFAULT_IR_VERSION}. A malformed spec (value count not matching the
 * dims, an element out of range for its type, a negative dimension) throws a
 * RuntimeError of kind `internal` naming the offending tensor or node.
 *
 * @example
 * ```ts
 * import { encodeOnnxModel } from "./model_writer.ts";
 *
 * const bytes = encodeOnnxModel({
 *   producerName: "example",
 *   producerVersion: "1",
 *   opsets: [{ domain: "", version: 17 }],
 *   graph: {
 *     name: "add_one",
 *     inputs: [{ name: "x", type: "float32", shape: ["batch", 2] }],
 *     outputs: [{ name: "y", type: "float32", shape: ["batch", 2] }],
 *     initializers: [{ name: "one", type: "float32", dims: [2], values: [1, 1] }],
 *     nodes: [{ opType: "Add", inputs: ["x", "one"], outputs: ["y"] }],
 *   },
 * });
 * if (bytes.length === 0) throw new Error("empty model");
 * ```
 */
export function encodeOnnxModel(spec: OnnxModelSpec): Uint8Array {
  const modelType = onnxMessageType("ModelProto");
  const model = {
    ir_version: spec.irVersion ?? DEFAULT_IR_VERSION,
    producer_name: spec.producerName,
    producer_version: spec.producerVersion,
    opset_import: spec.opsets.map(({ domain, version }) => ({ domain, version })),
    graph: graphToProto(spec.graph),
    metadata_props: Object.entries(spec.metadata ?? {}).map(([key, value]) => ({ key, value })),
    ...(spec.doc === undefined ? {} : { doc_string: spec.doc }),
  };
  return modelType.encode(modelType.fromObject(model)).finish();
}
