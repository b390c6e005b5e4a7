/**
 * How an ONNX model's declared tensors are named to the rest of the runtime:
 * each ONNX element type as an Open Inference Protocol datatype (and back),
 * and a session input or output as a {@link TensorSignature} (dynamic
 * dimensions as -1).
 *
 * @module
 */
import type { OnnxElementType } from "./graph_types.ts";
import type { OnnxTensorInfo } from "./session.ts";
import type { Datatype, TensorSignature } from "../../model/tensors.ts";

/** The datatype each ONNX element type is served as. */
export const DATATYPE_OF_ONNX: Readonly<Record<OnnxElementType, Datatype>> = {
  bool: "BOOL",
  uint8: "UINT8",
  uint16: "UINT16",
  uint32: "UINT32",
  uint64: "UINT64",
  int8: "INT8",
  int16: "INT16",
  int32: "INT32",
  int64: "INT64",
  float16: "FP16",
  float32: "FP32",
  float64: "FP64",
  string: "BYTES",
};

/** The ONNX element type of each datatype. */
export const ONNX_OF_DATATYPE: Readonly<Record<Datatype, OnnxElementType>> = Object.fromEntries(
  Object.entries(DATATYPE_OF_ONNX).map(([onnx, datatype]) => [datatype, onnx]),
) as Record<Datatype, OnnxElementType>;

/** The signature of one session input or output. */
export function signatureOf(info: OnnxTensorInfo): TensorSignature {
  return { name: info.name, datatype: DATATYPE_OF_ONNX[info.type], shape: [...info.shape] };
}
