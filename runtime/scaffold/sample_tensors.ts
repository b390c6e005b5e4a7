/**
 * Deterministic sample inputs for a model known only by its declared
 * tensors: every dynamic dimension (-1) becomes 1; integers are 0 (safe as
 * indices), floats 0.25, 0.5, 0.75, 1 repeating (positive, so logarithms and
 * roots stay finite), BOOL false, BYTES the text `sample`.
 *
 * @module
 */
import { toFloat16Bits } from "../model/float16.ts";
import { elementCount, numberArray } from "../model/tensor_datatypes.ts";
import type { Tensor, TensorData, TensorSignature } from "../model/tensors.ts";

const utf8 = new TextEncoder();

/** A sample tensor for `signature`, as described in the module documentation. */
export function sampleTensor(signature: TensorSignature): Tensor {
  const shape = signature.shape.map((dim) => (dim < 0 ? 1 : dim));
  const count = elementCount(shape);
  const floats = Array.from({ length: count }, (_, index) => ((index % 4) + 1) * 0.25);
  let data: TensorData;
  switch (signature.datatype) {
    case "BYTES":
      data = Array.from({ length: count }, () => utf8.encode("sample"));
      break;
    case "INT64":
      data = new BigInt64Array(count);
      break;
    case "UINT64":
      data = new BigUint64Array(count);
      break;
    case "FP16":
      data = toFloat16Bits(floats);
      break;
    case "FP32":
    case "FP64":
      data = numberArray(signature.datatype, floats);
      break;
    default:
      data = numberArray(signature.datatype, new Array(count).fill(0));
  }
  return { name: signature.name, datatype: signature.datatype, shape, data };
}
