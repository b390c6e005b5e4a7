/**
 * The ONNX element types the runtime handles: their `TensorProto.DataType`
 * codes and their fixed byte widths, in both directions.
 *
 * @module
 */
import type { OnnxElementType } from "./graph_types.ts";

/** `TensorProto.DataType` code of each element type (official ONNX values). */
export const ONNX_DATA_TYPE_CODES: Readonly<Record<OnnxElementType, number>> = {
  float32: 1,
  uint8: 2,
  int8: 3,
  uint16: 4,
  int16: 5,
  int32: 6,
  int64: 7,
  string: 8,
  bool: 9,
  float16: 10,
  float64: 11,
  uint32: 12,
  uint64: 13,
};

/** Bytes per element of each fixed-width type in `raw_data` (strings have none). */
export const ELEMENT_BYTE_WIDTHS: Readonly<Record<Exclude<OnnxElementType, "string">, number>> = {
  float32: 4,
  float16: 2,
  float64: 8,
  int8: 1,
  int16: 2,
  int32: 4,
  int64: 8,
  uint8: 1,
  uint16: 2,
  uint32: 4,
  uint64: 8,
  bool: 1,
};

const ELEMENT_TYPES_BY_CODE: ReadonlyMap<number, OnnxElementType> = new Map(
  Object.entries(ONNX_DATA_TYPE_CODES).map(([type, code]) => [code, type as OnnxElementType]),
);

/** The element type of a `TensorProto.DataType` code, or undefined when unsupported. */
export function elementTypeOfCode(code: number): OnnxElementType | undefined {
  return ELEMENT_TYPES_BY_CODE.get(code);
}

/** Every element type the runtime handles. */
export const ONNX_ELEMENT_TYPES: readonly OnnxElementType[] = Object.keys(
  ONNX_DATA_TYPE_CODES,
) as OnnxElementType[];
