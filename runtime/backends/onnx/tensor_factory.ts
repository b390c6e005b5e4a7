/**
 * Building onnxruntime tensors from plain values and reading them back as
 * plain numbers, with the runtime's conventions: float16 travels as a
 * `Uint16Array` of IEEE half bits, 64-bit integers as `BigInt64Array` /
 * `BigUint64Array`, bool as a `Uint8Array` of 0/1.
 *
 * @module
 */
import { badRequest } from "../../base/errors.ts";
import { fromFloat16Bits, toFloat16Bits } from "../../model/float16.ts";
import type { OnnxElementType } from "./graph_types.ts";
import { Tensor } from "./ort.ts";

/** Values a tensor can be built from: numbers, bigints, booleans or strings, row-major. */
export type TensorInputData =
  | ArrayLike<number | bigint>
  | ArrayLike<boolean>
  | readonly string[];

/** Typed array constructors of the plain numeric element types. */
const NUMERIC_ARRAYS = {
  float32: Float32Array,
  float64: Float64Array,
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  uint8: Uint8Array,
  uint16: Uint16Array,
  uint32: Uint32Array,
} as const;

/** Element count of `dims`; throws `bad_request` on a negative or fractional dimension. */
function dimsElementCount(dims: readonly number[]): number {
  let count = 1;
  for (const dim of dims) {
    if (!Number.isSafeInteger(dim) || dim < 0) {
      throw badRequest(`invalid tensor dimension ${dim} in [${dims.join(", ")}]`);
    }
    count *= dim;
  }
  return count;
}

/** Converts each element to a bigint (for int64/uint64 tensors). */
function toBigInts(data: ArrayLike<unknown>): bigint[] {
  return Array.from(data, (value, index) => {
    if (typeof value === "bigint") return value;
    if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
    throw badRequest(`tensor element ${index} (${String(value)}) is not an integer`);
  });
}

/** Converts each element to a number (booleans to 0/1). */
function toNumbers(data: ArrayLike<unknown>): number[] {
  return Array.from(data, (value, index) => {
    if (typeof value === "number") return value;
    if (typeof value === "boolean") return value ? 1 : 0;
    throw badRequest(`tensor element ${index} (${String(value)}) is not a number`);
  });
}

/**
 * Creates an onnxruntime tensor of `type` and shape `dims` from plain values.
 * float16 accepts ordinary numbers (converted to half bits) or a `Uint16Array`
 * that already holds half bits; int64/uint64 accept numbers or bigints; bool
 * accepts booleans or 0/1; string accepts strings. Throws a `bad_request`
 * RuntimeError when the value count does not match `dims` or a value does not
 * fit the type.
 *
 * @example
 * ```ts
 * import { createTensor } from "./tensor_factory.ts";
 *
 * const tensor = createTensor("float16", [1, 0.5], [1, 2]);
 * if (!(tensor.data instanceof Uint16Array)) throw new Error("expected half bits");
 * ```
 */
export function createTensor(
  type: OnnxElementType,
  data: TensorInputData,
  dims: readonly number[],
): Tensor {
  const count = dimsElementCount(dims);
  if (data.length !== count) {
    throw badRequest(
      `a ${type} tensor of shape [${dims.join(", ")}] needs ${count} values, got ${data.length}`,
    );
  }
  const shape = [...dims];
  switch (type) {
    case "string": {
      const strings = Array.from(data as ArrayLike<unknown>, (value, index) => {
        if (typeof value !== "string") {
          throw badRequest(`tensor element ${index} (${String(value)}) is not a string`);
        }
        return value;
      });
      return new Tensor("string", strings, shape);
    }
    case "float16":
      return new Tensor(
        "float16",
        data instanceof Uint16Array ? data : toFloat16Bits(toNumbers(data)),
        shape,
      );
    case "int64":
      return new Tensor("int64", BigInt64Array.from(toBigInts(data)), shape);
    case "uint64":
      return new Tensor("uint64", BigUint64Array.from(toBigInts(data)), shape);
    case "bool":
      return new Tensor("bool", Uint8Array.from(toNumbers(data), (value) => value ? 1 : 0), shape);
    default:
      return new Tensor(type, NUMERIC_ARRAYS[type].from(toNumbers(data)), shape);
  }
}

/**
 * Reads a numeric tensor's elements as plain numbers: float16 half bits are
 * decoded, 64-bit integers converted with `Number` (exact up to 2^53), bool as
 * 0/1. Throws a `bad_request` RuntimeError for a string tensor.
 */
export function tensorNumbers(tensor: Tensor): number[] {
  const data = tensor.data;
  if (tensor.type === "string" || !ArrayBuffer.isView(data)) {
    throw badRequest(`a ${tensor.type} tensor has no numeric values`);
  }
  if (tensor.type === "float16") return Array.from(fromFloat16Bits(data as Uint16Array));
  return Array.from(data as ArrayLike<number | bigint>, (value) => Number(value));
}
