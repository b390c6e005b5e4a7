/**
 * Turns an {@link OnnxTensorData} into the plain `TensorProto` object the
 * protobuf encoder writes. Fixed-width elements go to `raw_data` as
 * little-endian bytes (float16 as IEEE half bits), strings to `string_data`.
 * Every element is checked against its type so a bad value fails here with a
 * message naming the tensor, not later inside onnxruntime.
 *
 * @module
 */
import { internalError } from "../../base/errors.ts";
import { ELEMENT_BYTE_WIDTHS, ONNX_DATA_TYPE_CODES } from "./element_types.ts";
import { numberToFloat16Bits } from "../../model/float16.ts";
import type { OnnxElementType, OnnxTensorData } from "./graph_types.ts";

/** The `TensorProto` fields the encoder writes, with proto field names. */
export interface TensorProtoObject {
  /** Tensor name. */
  name: string;
  /** `TensorProto.DataType` code. */
  data_type: number;
  /** Dimensions. */
  dims: number[];
  /** Fixed-width elements, little-endian. */
  raw_data?: Uint8Array;
  /** String elements as UTF-8 bytes. */
  string_data?: Uint8Array[];
}

type FixedWidthType = Exclude<OnnxElementType, "string">;

const INTEGER_RANGES: Readonly<Record<string, readonly [bigint, bigint]>> = {
  int8: [-(2n ** 7n), 2n ** 7n - 1n],
  int16: [-(2n ** 15n), 2n ** 15n - 1n],
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint8: [0n, 2n ** 8n - 1n],
  uint16: [0n, 2n ** 16n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
};

/** The element count a shape implies; throws on a negative or fractional dimension. */
export function elementCount(tensorName: string, dims: readonly number[]): number {
  let count = 1;
  for (const dim of dims) {
    if (!Number.isSafeInteger(dim) || dim < 0) {
      throw internalError(`ONNX tensor "${tensorName}" has an invalid dimension ${dim}`);
    }
    count *= dim;
  }
  return count;
}

/** Reads one integer element as a bigint and checks it fits `type`. */
function integerElement(tensorName: string, type: string, value: unknown, index: number): bigint {
  let integer: bigint;
  if (typeof value === "bigint") {
    integer = value;
  } else if (typeof value === "number" && Number.isSafeInteger(value)) {
    integer = BigInt(value);
  } else {
    throw internalError(
      `ONNX tensor "${tensorName}" element ${index} (${String(value)}) is not an integer (${type})`,
    );
  }
  const [low, high] = INTEGER_RANGES[type];
  if (integer < low || integer > high) {
    throw internalError(
      `ONNX tensor "${tensorName}" element ${index} (${integer}) is out of range for ${type}`,
    );
  }
  return integer;
}

/** Reads one floating-point element, which must be a number (NaN and ±Infinity allowed). */
function floatElement(tensorName: string, type: string, value: unknown, index: number): number {
  if (typeof value !== "number") {
    throw internalError(
      `ONNX tensor "${tensorName}" element ${index} (${String(value)}) is not a number (${type})`,
    );
  }
  return value;
}

/** Reads one bool element: a boolean, or the numbers 0 and 1. */
function boolElement(tensorName: string, value: unknown, index: number): number {
  if (value === true || value === 1) return 1;
  if (value === false || value === 0) return 0;
  throw internalError(
    `ONNX tensor "${tensorName}" element ${index} (${String(value)}) is not a bool`,
  );
}

/** Writes one element of `type` at `offset`, little-endian. */
function writeElement(
  view: DataView,
  offset: number,
  type: FixedWidthType,
  tensorName: string,
  value: unknown,
  index: number,
): void {
  switch (type) {
    case "float32":
      return view.setFloat32(offset, floatElement(tensorName, type, value, index), true);
    case "float64":
      return view.setFloat64(offset, floatElement(tensorName, type, value, index), true);
    case "float16":
      return view.setUint16(
        offset,
        numberToFloat16Bits(floatElement(tensorName, type, value, index)),
        true,
      );
    case "bool":
      return view.setUint8(offset, boolElement(tensorName, value, index));
    case "int8":
      return view.setInt8(offset, Number(integerElement(tensorName, type, value, index)));
    case "uint8":
      return view.setUint8(offset, Number(integerElement(tensorName, type, value, index)));
    case "int16":
      return view.setInt16(offset, Number(integerElement(tensorName, type, value, index)), true);
    case "uint16":
      return view.setUint16(offset, Number(integerElement(tensorName, type, value, index)), true);
    case "int32":
      return view.setInt32(offset, Number(integerElement(tensorName, type, value, index)), true);
    case "uint32":
      return view.setUint32(offset, Number(integerElement(tensorName, type, value, index)), true);
    case "int64":
      return view.setBigInt64(offset, integerElement(tensorName, type, value, index), true);
    case "uint64":
      return view.setBigUint64(offset, integerElement(tensorName, type, value, index), true);
  }
}

/** Packs fixed-width elements into little-endian `raw_data` bytes. */
function rawData(tensor: OnnxTensorData, type: FixedWidthType, count: number): Uint8Array {
  const width = ELEMENT_BYTE_WIDTHS[type];
  const bytes = new Uint8Array(count * width);
  const view = new DataView(bytes.buffer);
  const values = tensor.values as ArrayLike<unknown>;
  for (let index = 0; index < count; index++) {
    writeElement(view, index * width, type, tensor.name, values[index], index);
  }
  return bytes;
}

/** Encodes string elements as UTF-8 byte strings. */
function stringData(tensor: OnnxTensorData, count: number): Uint8Array[] {
  const encoder = new TextEncoder();
  const values = tensor.values as ArrayLike<unknown>;
  const encoded: Uint8Array[] = [];
  for (let index = 0; index < count; index++) {
    const value = values[index];
    if (typeof value !== "string") {
      throw internalError(
        `ONNX tensor "${tensor.name}" element ${index} (${String(value)}) is not a string`,
      );
    }
    encoded.push(encoder.encode(value));
  }
  return encoded;
}

/**
 * Converts a constant tensor to its `TensorProto` object. Throws an
 * `internal` RuntimeError when the element count does not match the
 * dimensions or an element does not fit the element type.
 */
export function tensorToProto(tensor: OnnxTensorData): TensorProtoObject {
  const code = ONNX_DATA_TYPE_CODES[tensor.type];
  if (code === undefined) {
    throw internalError(`ONNX tensor "${tensor.name}" has unsupported type ${tensor.type}`);
  }
  const count = elementCount(tensor.name, tensor.dims);
  if (tensor.values.length !== count) {
    throw internalError(
      `ONNX tensor "${tensor.name}" has ${tensor.values.length} values but its dims ` +
        `[${tensor.dims.join(", ")}] need ${count}`,
    );
  }
  const proto: TensorProtoObject = { name: tensor.name, data_type: code, dims: [...tensor.dims] };
  if (tensor.type === "string") {
    proto.string_data = stringData(tensor, count);
  } else {
    proto.raw_data = rawData(tensor, tensor.type, count);
  }
  return proto;
}
