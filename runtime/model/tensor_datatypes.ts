/**
 * Facts about tensor datatypes that every door and module shares: the list
 * of names, their element widths and which typed array holds each one.
 *
 * @module
 */
import type { Datatype, TensorData } from "./tensors.ts";

/** Every datatype of the Open Inference Protocol, in the specification's order. */
export const DATATYPES: readonly Datatype[] = [
  "BOOL",
  "UINT8",
  "UINT16",
  "UINT32",
  "UINT64",
  "INT8",
  "INT16",
  "INT32",
  "INT64",
  "FP16",
  "FP32",
  "FP64",
  "BYTES",
];

const KNOWN: ReadonlySet<string> = new Set(DATATYPES);

/** True when `name` is one of {@link DATATYPES}. */
export function isDatatype(name: string): name is Datatype {
  return KNOWN.has(name);
}

/** Bytes per element of each fixed-width datatype (BYTES has no fixed width). */
export const DATATYPE_BYTE_WIDTHS: Readonly<Record<Exclude<Datatype, "BYTES">, number>> = {
  BOOL: 1,
  UINT8: 1,
  UINT16: 2,
  UINT32: 4,
  UINT64: 8,
  INT8: 1,
  INT16: 2,
  INT32: 4,
  INT64: 8,
  FP16: 2,
  FP32: 4,
  FP64: 8,
};

/** A typed array class holding the elements of one fixed-width datatype. */
export type TypedArrayClass =
  | Uint8ArrayConstructor
  | Uint16ArrayConstructor
  | Uint32ArrayConstructor
  | BigUint64ArrayConstructor
  | Int8ArrayConstructor
  | Int16ArrayConstructor
  | Int32ArrayConstructor
  | BigInt64ArrayConstructor
  | Float32ArrayConstructor
  | Float64ArrayConstructor;

/**
 * The typed array that stores each fixed-width datatype (BOOL as 0/1 bytes,
 * FP16 as IEEE half bits), as documented in `tensors.ts`.
 */
export const DATATYPE_ARRAYS: Readonly<Record<Exclude<Datatype, "BYTES">, TypedArrayClass>> = {
  BOOL: Uint8Array,
  UINT8: Uint8Array,
  UINT16: Uint16Array,
  UINT32: Uint32Array,
  UINT64: BigUint64Array,
  INT8: Int8Array,
  INT16: Int16Array,
  INT32: Int32Array,
  INT64: BigInt64Array,
  FP16: Uint16Array,
  FP32: Float32Array,
  FP64: Float64Array,
};

/** Number of elements a tensor of `shape` holds (1 for a scalar shape `[]`). */
export function elementCount(shape: readonly number[]): number {
  return shape.reduce((product, dim) => product * dim, 1);
}

/** True when `data` is the storage {@link DATATYPE_ARRAYS} names for `datatype`. */
export function dataFitsDatatype(datatype: Datatype, data: TensorData): boolean {
  if (datatype === "BYTES") return Array.isArray(data);
  return data instanceof DATATYPE_ARRAYS[datatype];
}

/** Datatypes whose elements are plain numbers in their typed array (not 64-bit integers). */
export type NumberDatatype = Exclude<Datatype, "BYTES" | "INT64" | "UINT64">;

/** A typed array of `datatype` holding `values` (FP16 values must already be half bits). */
export function numberArray(datatype: NumberDatatype, values: ArrayLike<number>): TensorData {
  const ArrayClass = DATATYPE_ARRAYS[datatype] as { from(values: ArrayLike<number>): TensorData };
  return ArrayClass.from(values);
}
