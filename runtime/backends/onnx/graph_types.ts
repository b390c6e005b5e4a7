/**
 * Plain-data description of an ONNX model, the input of the ONNX encoder
 * (`model_writer.ts`). Trainers and tests build graphs with these types; the
 * encoder turns them into ModelProto bytes that onnxruntime loads.
 *
 * @module
 */

/** Element types the encoder can write, named like onnxruntime's tensor types. */
export type OnnxElementType =
  | "float32"
  | "float16"
  | "float64"
  | "int8"
  | "int16"
  | "int32"
  | "int64"
  | "uint8"
  | "uint16"
  | "uint32"
  | "uint64"
  | "bool"
  | "string";

/** A graph input or output: name, element type and shape (strings are symbolic dims). */
export interface OnnxValueInfo {
  /** Tensor name. */
  readonly name: string;
  /** Element type. */
  readonly type: OnnxElementType;
  /** Dimensions; a string is a named dynamic dimension such as `"batch"`. */
  readonly shape: readonly (number | string)[];
  /** Optional documentation string. */
  readonly doc?: string;
}

/**
 * A constant tensor (initializer or tensor attribute). `values` holds the
 * elements in row-major order: numbers for numeric types (float16 given as
 * ordinary numbers, converted by the encoder), bigints or numbers for 64-bit
 * integers, booleans or 0/1 for bool, strings for string.
 */
export interface OnnxTensorData {
  /** Tensor name (ignored for attribute tensors). */
  readonly name: string;
  /** Element type. */
  readonly type: OnnxElementType;
  /** Dimensions. */
  readonly dims: readonly number[];
  /** Elements, row-major. */
  readonly values: ArrayLike<number> | ArrayLike<bigint> | ArrayLike<boolean> | readonly string[];
}

/** A node attribute, tagged by its ONNX attribute type. */
export type OnnxAttribute =
  | { readonly i: number }
  | { readonly f: number }
  | { readonly s: string }
  | { readonly ints: readonly number[] }
  | { readonly floats: readonly number[] }
  | { readonly strings: readonly string[] }
  | { readonly t: OnnxTensorData };

/** One operator application. */
export interface OnnxNode {
  /** Operator type, e.g. `MatMul`. */
  readonly opType: string;
  /** Input tensor names ("" for an omitted optional input). */
  readonly inputs: readonly string[];
  /** Output tensor names. */
  readonly outputs: readonly string[];
  /** Node name; the encoder generates one when absent. */
  readonly name?: string;
  /** Operator domain; "" (the default ONNX domain) when absent. */
  readonly domain?: string;
  /** Attributes by name. */
  readonly attributes?: Readonly<Record<string, OnnxAttribute>>;
}

/** A graph: its interface, constants and nodes in topological order. */
export interface OnnxGraph {
  /** Graph name. */
  readonly name: string;
  /** Graph inputs (not including initializers). */
  readonly inputs: readonly OnnxValueInfo[];
  /** Graph outputs. */
  readonly outputs: readonly OnnxValueInfo[];
  /** Constant tensors. */
  readonly initializers: readonly OnnxTensorData[];
  /** Nodes, topologically sorted. */
  readonly nodes: readonly OnnxNode[];
  /** Optional documentation string. */
  readonly doc?: string;
}

/** A whole model: graph, operator sets and producer information. */
export interface OnnxModelSpec {
  /** The main graph. */
  readonly graph: OnnxGraph;
  /** Operator sets imported; e.g. `[{ domain: "", version: 17 }]`. */
  readonly opsets: readonly { readonly domain: string; readonly version: number }[];
  /** Producer name written into the model. */
  readonly producerName: string;
  /** Producer version written into the model. */
  readonly producerVersion: string;
  /** IR version; defaults to 8 (the IR of opset 17). */
  readonly irVersion?: number;
  /** `metadata_props` key/value pairs. */
  readonly metadata?: Readonly<Record<string, string>>;
  /** Optional documentation string. */
  readonly doc?: string;
}
