/**
 * The typed wire form of Open Inference Protocol tensors
 * (`InferTensorContents`): each datatype travels in the repeated field of its
 * kind — BOOL in `bool_contents`, INT8/16/32 in `int_contents`, INT64 in
 * `int64_contents`, UINT8/16/32 in `uint_contents`, UINT64 in
 * `uint64_contents`, FP32 and FP64 in their own fields, BYTES in
 * `bytes_contents`. FP16 has no typed form (the specification sends it raw).
 * 64-bit integers are decimal strings in the loaded message objects.
 *
 * @module
 */
import { badRequest } from "../../base/errors.ts";
import { numberArray } from "../../model/tensor_datatypes.ts";
import type { Datatype, Tensor } from "../../model/tensors.ts";

/** `InferTensorContents` as @grpc/proto-loader presents it (field names as in the proto). */
export interface TensorContentsMessage {
  /** BOOL elements. */
  bool_contents?: boolean[];
  /** INT8, INT16, INT32 elements. */
  int_contents?: number[];
  /** INT64 elements (decimal strings or numbers). */
  int64_contents?: (string | number)[];
  /** UINT8, UINT16, UINT32 elements. */
  uint_contents?: number[];
  /** UINT64 elements (decimal strings or numbers). */
  uint64_contents?: (string | number)[];
  /** FP32 elements. */
  fp32_contents?: number[];
  /** FP64 elements. */
  fp64_contents?: number[];
  /** BYTES elements. */
  bytes_contents?: Uint8Array[];
}

type ContentsField = keyof TensorContentsMessage;

/** The contents field each datatype travels in (FP16 has none). */
export const CONTENTS_FIELDS: Readonly<Record<Exclude<Datatype, "FP16">, ContentsField>> = {
  BOOL: "bool_contents",
  UINT8: "uint_contents",
  UINT16: "uint_contents",
  UINT32: "uint_contents",
  UINT64: "uint64_contents",
  INT8: "int_contents",
  INT16: "int_contents",
  INT32: "int_contents",
  INT64: "int64_contents",
  FP32: "fp32_contents",
  FP64: "fp64_contents",
  BYTES: "bytes_contents",
};

const ALL_FIELDS: readonly ContentsField[] = [...new Set(Object.values(CONTENTS_FIELDS))];

const NARROW_RANGES: Partial<Record<Datatype, readonly [number, number]>> = {
  UINT8: [0, 0xff],
  UINT16: [0, 0xffff],
  INT8: [-0x80, 0x7f],
  INT16: [-0x8000, 0x7fff],
};

/** True when `contents` carries at least one element in any field. */
export function hasContents(contents: TensorContentsMessage | null | undefined): boolean {
  return !!contents && ALL_FIELDS.some((field) => (contents[field]?.length ?? 0) > 0);
}

/**
 * Reads input `name` of `datatype` and `shape` from its typed `contents`.
 * Elements in another datatype's field, values out of a narrow type's range
 * and FP16 are `bad_request` errors naming the tensor.
 */
export function tensorFromContents(
  name: string,
  datatype: Datatype,
  shape: readonly number[],
  contents: TensorContentsMessage | null | undefined,
): Tensor {
  if (datatype === "FP16") {
    throw badRequest(
      `input '${name}': FP16 has no typed contents in the protocol; send it in raw_input_contents`,
    );
  }
  const field = CONTENTS_FIELDS[datatype];
  for (const other of ALL_FIELDS) {
    if (other !== field && (contents?.[other]?.length ?? 0) > 0) {
      throw badRequest(
        `input '${name}': a ${datatype} tensor takes ${field}, but ${other} were sent`,
      );
    }
  }
  const values = contents?.[field] ?? [];
  return { name, datatype, shape, data: elementsOf(name, datatype, values) };
}

function elementsOf(name: string, datatype: Exclude<Datatype, "FP16">, values: unknown[]) {
  switch (datatype) {
    case "BYTES":
      return (values as Uint8Array[]).map((bytes) => new Uint8Array(bytes));
    case "BOOL":
      return Uint8Array.from(values as boolean[], (value) => value ? 1 : 0);
    case "INT64":
      return BigInt64Array.from(values as (string | number)[], (value) => BigInt(value));
    case "UINT64":
      return BigUint64Array.from(values as (string | number)[], (value) => BigInt(value));
    default: {
      const range = NARROW_RANGES[datatype];
      if (range) {
        const index = (values as number[]).findIndex((v) => v < range[0] || v > range[1]);
        if (index >= 0) {
          throw badRequest(
            `input '${name}': element ${index} (${values[index]}) is outside the ${datatype} range`,
          );
        }
      }
      return numberArray(datatype, values as number[]);
    }
  }
}

/** The typed contents of `tensor`; FP16 has none (callers answer it raw). */
export function tensorToContents(tensor: Tensor): TensorContentsMessage {
  const { datatype, data } = tensor;
  if (datatype === "FP16") throw new Error("FP16 has no typed contents; encode it raw");
  const field = CONTENTS_FIELDS[datatype];
  switch (datatype) {
    case "BYTES":
      return { [field]: [...(data as readonly Uint8Array[])] };
    case "BOOL":
      return { [field]: Array.from(data as Uint8Array, (value) => value !== 0) };
    case "INT64":
    case "UINT64":
      return {
        [field]: Array.from(data as BigInt64Array | BigUint64Array, (value) => value.toString()),
      };
    default:
      return { [field]: Array.from(data as ArrayLike<number>) };
  }
}
