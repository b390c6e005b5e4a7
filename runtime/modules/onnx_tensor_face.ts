/**
 * The tensor face of any onnxruntime session: declared tensors from the
 * session's introspection (dynamic dimensions as -1, ONNX element types
 * named as Open Inference Protocol datatypes) and an `infer` that converts
 * the core's tensors to onnxruntime's and back (BYTES as UTF-8 strings,
 * FP16 as half bits, BOOL as 0/1 bytes).
 *
 * @module
 */
import { Tensor as OrtTensor } from "../backends/onnx/ort.ts";
import type { OnnxElementType } from "../backends/onnx/graph_types.ts";
import type { OnnxSession } from "../backends/onnx/session.ts";
import {
  DATATYPE_OF_ONNX,
  ONNX_OF_DATATYPE,
  signatureOf,
} from "../backends/onnx/tensor_signature.ts";
import type { Tensor, TensorModel } from "../model/tensors.ts";

const utf8 = new TextEncoder();
const utf8Text = new TextDecoder();

/** Converts a core tensor to an onnxruntime tensor (BYTES decoded as UTF-8 strings). */
export function toOrtTensor(tensor: Tensor): OrtTensor {
  const type = ONNX_OF_DATATYPE[tensor.datatype];
  const dims = [...tensor.shape];
  if (tensor.datatype === "BYTES") {
    const strings = (tensor.data as readonly Uint8Array[]).map((bytes) => utf8Text.decode(bytes));
    return new OrtTensor("string", strings, dims);
  }
  return new OrtTensor(type as Exclude<OnnxElementType, "string">, tensor.data as Uint8Array, dims);
}

/** Converts an onnxruntime output named `name` to a core tensor. */
export function fromOrtTensor(name: string, tensor: OrtTensor): Tensor {
  const datatype = DATATYPE_OF_ONNX[tensor.type as OnnxElementType];
  const shape = [...tensor.dims];
  if (datatype === "BYTES") {
    return { name, datatype, shape, data: (tensor.data as string[]).map((s) => utf8.encode(s)) };
  }
  return { name, datatype, shape, data: tensor.data as Uint8Array };
}

/**
 * The tensor face of `session`. Requests reaching `infer` have been checked
 * by the core against the declared tensors; outputs come back in the order
 * asked (model order when none are named).
 */
export function onnxTensorModel(session: OnnxSession): TensorModel {
  const inputs = session.inputs.map(signatureOf);
  const outputs = session.outputs.map(signatureOf);
  return {
    inputs,
    outputs,
    async infer(tensors, outputNames) {
      const feeds: Record<string, OrtTensor> = {};
      for (const tensor of tensors) feeds[tensor.name] = toOrtTensor(tensor);
      const wanted = outputNames.length > 0 ? outputNames : outputs.map((output) => output.name);
      const results = await session.run(feeds, wanted);
      return wanted.map((name) => fromOrtTensor(name, results[name]));
    },
  };
}
