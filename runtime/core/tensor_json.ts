/**
 * Tensors as JSON, the form of the Open Inference Protocol's REST door and of
 * tensor files (`{"name", "datatype", "shape", "data"}`): `data` is a flat or
 * nested row-major array; BOOL as true/false, integers as numbers (64-bit
 * ones also as decimal strings), floats as numbers, BYTES as strings. FP16 is
 * accepted only where the caller allows it (files), never in REST JSON (the
 * REST door takes it as binary data).
 * Problems are `bad_request` RuntimeErrors naming the tensor.
 *
 * @module
 */
import { badRequest } from "../base/errors.ts";
import { fromFloat16Bits, toFloat16Bits } from "../model/float16.ts";
import { isDatatype, numberArray } from "../model/tensor_datatypes.ts";
import type { Datatype, Tensor, TensorData } from "../model/tensors.ts";

/** A tensor as a JSON value. */
export interface JsonTensor {
  /** Tensor name. */
  readonly name: string;
  /** Datatype name, e.g. `FP32`. */
  readonly datatype: string;
  /** Dimensions. */
  readonly shape: readonly number[];
  /** Elements, row-major (flat when written by this module). */
  readonly data: readonly unknown[];
}

/** Where a JSON tensor travels: whether FP16 may be written as numbers there. */
export interface JsonTensorOptions {
  /** FP16 elements allowed (as numbers); otherwise an FP16 tensor is refused. */
  readonly fp16: boolean;
  /** Word for the tensor in messages: `input` or `output`. */
  readonly role: "input" | "output";
}

const INTEGER_RANGES: Partial<Record<Datatype, readonly [number, number]>> = {
  UINT8: [0, 0xff],
  UINT16: [0, 0xffff],
  UINT32: [0, 0xffffffff],
  INT8: [-0x80, 0x7f],
  INT16: [-0x8000, 0x7fff],
  INT32: [-0x80000000, 0x7fffffff],
};

const BIG_RANGES: Partial<Record<Datatype, readonly [bigint, bigint]>> = {
  UINT64: [0n, 2n ** 64n - 1n],
  INT64: [-(2n ** 63n), 2n ** 63n - 1n],
};

const utf8 = new TextEncoder();
const utf8Text = new TextDecoder();

/** A refusal of FP16 over JSON, naming the tensor. */
export function fp16OverJsonError(role: string, name: string): Error {
  return badRequest(
    `${role} '${name}': FP16 is not offered over JSON (it has no JSON number form in the ` +
      `protocol); send FP16 tensors as binary data (REST: "binary_data_size" on an input, ` +
      `"binary_data": true on a requested output) or over gRPC in raw contents`,
  );
}

/** A JSON tensor's name, datatype and shape, checked; its `data` not yet read. */
export interface JsonTensorHead {
  /** Tensor name (non-empty). */
  readonly name: string;
  /** Datatype. */
  readonly datatype: Datatype;
  /** Dimensions (non-negative integers). */
  readonly shape: readonly number[];
}

/**
 * Reads the name, datatype and shape of one JSON tensor (`value`, the
 * `index`-th of its `role`s list), leaving its elements to the caller: the
 * JSON `data` ({@link tensorFromJson}) or binary data after the JSON (the
 * REST door's binary tensor data extension).
 */
export function tensorHeadFromJson(
  value: unknown,
  index: number,
  role: JsonTensorOptions["role"],
): JsonTensorHead {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw badRequest(`${role}s[${index}] must be an object with name, datatype, shape and data`);
  }
  const record = value as Record<string, unknown>;
  const name = record.name;
  if (typeof name !== "string" || name === "") {
    throw badRequest(`${role}s[${index}].name must be a non-empty string`);
  }
  const label = `${role} '${name}'`;
  const datatype = record.datatype;
  if (typeof datatype !== "string" || !isDatatype(datatype)) {
    throw badRequest(`${label}: unknown datatype ${JSON.stringify(datatype)}`);
  }
  const shape = record.shape;
  if (
    !Array.isArray(shape) ||
    !shape.every((dim) => typeof dim === "number" && Number.isSafeInteger(dim) && dim >= 0)
  ) {
    throw badRequest(`${label}: shape must be a list of non-negative integers`);
  }
  return { name, datatype, shape };
}

/**
 * Reads one JSON tensor (`value`, the `index`-th of its list) into a
 * {@link Tensor}. The element count is not compared with the shape here; the
 * core's tensor checks do that.
 */
export function tensorFromJson(value: unknown, index: number, options: JsonTensorOptions): Tensor {
  const { name, datatype, shape } = tensorHeadFromJson(value, index, options.role);
  const label = `${options.role} '${name}'`;
  const data = (value as Record<string, unknown>).data;
  if (!Array.isArray(data)) throw badRequest(`${label}: data must be a list`);
  if (datatype === "FP16" && !options.fp16) throw fp16OverJsonError(options.role, name);
  const flat = (data as unknown[]).flat(Infinity);
  return { name, datatype, shape, data: elementsFromJson(label, datatype, flat) };
}

function elementsFromJson(label: string, datatype: Datatype, values: unknown[]): TensorData {
  const wrong = (index: number, kind: string): never => {
    throw badRequest(
      `${label}: element ${index} (${JSON.stringify(values[index])}) is not ${kind}`,
    );
  };
  switch (datatype) {
    case "BYTES":
      return values.map((value, index) =>
        typeof value === "string" ? utf8.encode(value) : wrong(index, "a string")
      );
    case "BOOL":
      return Uint8Array.from(
        values,
        (value, index) =>
          typeof value === "boolean" ? (value ? 1 : 0) : wrong(index, "true or false"),
      );
    // JSON has no NaN or Infinity; a literal such as 1e999 overflows to Infinity,
    // which the sender cannot have meant: refuse it rather than compute with it.
    case "FP16":
      return toFloat16Bits(
        values.map((value, index) =>
          typeof value === "number" && Number.isFinite(value) ? value : wrong(index, FINITE)
        ),
      );
    case "FP32":
    case "FP64":
      return numberArray(
        datatype,
        values.map((value, index) =>
          typeof value === "number" && Number.isFinite(value) ? value : wrong(index, FINITE)
        ),
      );
    case "INT64":
    case "UINT64": {
      const [low, high] = BIG_RANGES[datatype]!;
      const big = values.map((value, index) => {
        const parsed = toBigInt(value);
        if (parsed === undefined || parsed < low || parsed > high) {
          return wrong(index, `a ${datatype} integer`);
        }
        return parsed;
      });
      return datatype === "INT64" ? BigInt64Array.from(big) : BigUint64Array.from(big);
    }
    default: {
      const [low, high] = INTEGER_RANGES[datatype]!;
      return numberArray(
        datatype,
        values.map((value, index) =>
          typeof value === "number" && Number.isInteger(value) && value >= low && value <= high
            ? value
            : wrong(index, `a ${datatype} integer`)
        ),
      );
    }
  }
}

/** What a floating-point element over JSON must be. */
const FINITE = "a finite number (1e999 and beyond overflow)";

function toBigInt(value: unknown): bigint | undefined {
  if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === "string" && /^-?\d+$/.test(value)) return BigInt(value);
  return undefined;
}

/**
 * Writes a tensor as JSON: BOOL as booleans, 64-bit integers as numbers when
 * exact (decimal strings beyond 2^53), BYTES as UTF-8 strings, FP16 as
 * numbers only where `options.fp16` allows it.
 */
export function tensorToJson(tensor: Tensor, options: JsonTensorOptions): JsonTensor {
  const { name, datatype, shape, data } = tensor;
  if (datatype === "FP16" && !options.fp16) throw fp16OverJsonError(options.role, name);
  return { name, datatype, shape: [...shape], data: elementsToJson(datatype, data) };
}

function elementsToJson(datatype: Datatype, data: TensorData): unknown[] {
  if (datatype === "BYTES") {
    return (data as readonly Uint8Array[]).map((bytes) => utf8Text.decode(bytes));
  }
  if (datatype === "BOOL") return Array.from(data as Uint8Array, (value) => value !== 0);
  if (datatype === "FP16") return Array.from(fromFloat16Bits(data as Uint16Array));
  if (datatype === "INT64" || datatype === "UINT64") {
    return Array.from(data as BigInt64Array | BigUint64Array, (value) => {
      const number = Number(value);
      return Number.isSafeInteger(number) ? number : value.toString();
    });
  }
  return Array.from(data as ArrayLike<number>);
}
