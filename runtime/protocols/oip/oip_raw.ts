/**
 * The raw wire form of Open Inference Protocol tensors (`raw_input_contents`
 * / `raw_output_contents`): fixed-width elements little-endian, row-major,
 * without padding (BOOL one byte each, FP16 as IEEE half bits); BYTES
 * elements each preceded by their length as a 4-byte little-endian integer.
 * Byte counts that do not fit the datatype are `bad_request` errors naming
 * the tensor.
 *
 * @module
 */
import { badRequest } from "../../base/errors.ts";
import {
  DATATYPE_ARRAYS,
  DATATYPE_BYTE_WIDTHS,
  elementCount,
} from "../../model/tensor_datatypes.ts";
import type { Datatype, Tensor, TensorData } from "../../model/tensors.ts";

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Reads the raw bytes of input `name` as a tensor of `datatype` and `shape`.
 * A fixed-width tensor's byte count must equal its element count times the
 * element width; BYTES must be a whole number of length-prefixed elements.
 * `source` names the bytes in messages: `raw contents` (gRPC) by default,
 * `binary data` for the REST door's binary tensor data extension.
 */
export function tensorFromRaw(
  name: string,
  datatype: Datatype,
  shape: readonly number[],
  bytes: Uint8Array,
  source = "raw contents",
): Tensor {
  if (datatype === "BYTES") {
    return { name, datatype, shape, data: splitLengthPrefixed(name, bytes, source) };
  }
  const width = DATATYPE_BYTE_WIDTHS[datatype];
  const expected = elementCount(shape) * width;
  if (bytes.byteLength !== expected) {
    throw badRequest(
      `input '${name}': ${source} hold ${bytes.byteLength} bytes, but a ${datatype} tensor ` +
        `of shape [${shape.join(", ")}] takes ${expected}`,
    );
  }
  // A fresh, aligned copy (a Node Buffer's slice() would share its pool).
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  const ArrayClass = DATATYPE_ARRAYS[datatype];
  if (!LITTLE_ENDIAN_HOST && width > 1) swapBytes(copy, width);
  let data: TensorData = new ArrayClass(copy.buffer, 0, copy.byteLength / width);
  if (datatype === "BOOL") data = Uint8Array.from(data as Uint8Array, (value) => value ? 1 : 0);
  return { name, datatype, shape, data };
}

/** The raw bytes of `tensor` (fixed-width elements little-endian, BYTES length-prefixed). */
export function tensorToRaw(tensor: Tensor): Uint8Array {
  if (tensor.datatype === "BYTES") {
    return joinLengthPrefixed(tensor.data as readonly Uint8Array[]);
  }
  const data = tensor.data as Exclude<TensorData, readonly Uint8Array[]>;
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (LITTLE_ENDIAN_HOST || data.BYTES_PER_ELEMENT === 1) return bytes;
  const copy = Uint8Array.prototype.slice.call(bytes);
  swapBytes(copy, data.BYTES_PER_ELEMENT);
  return copy;
}

function splitLengthPrefixed(name: string, bytes: Uint8Array, source: string): Uint8Array[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const elements: Uint8Array[] = [];
  let offset = 0;
  while (offset < bytes.byteLength) {
    if (offset + 4 > bytes.byteLength) {
      throw badRequest(
        `input '${name}': BYTES ${source} end inside a 4-byte length prefix at byte ${offset}`,
      );
    }
    const length = view.getUint32(offset, true);
    offset += 4;
    if (offset + length > bytes.byteLength) {
      throw badRequest(
        `input '${name}': BYTES element ${elements.length} of the ${source} claims ${length} bytes, but only ` +
          `${bytes.byteLength - offset} remain`,
      );
    }
    elements.push(Uint8Array.prototype.slice.call(bytes, offset, offset + length));
    offset += length;
  }
  return elements;
}

function joinLengthPrefixed(elements: readonly Uint8Array[]): Uint8Array {
  const total = elements.reduce((sum, element) => sum + 4 + element.byteLength, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let offset = 0;
  for (const element of elements) {
    view.setUint32(offset, element.byteLength, true);
    out.set(element, offset + 4);
    offset += 4 + element.byteLength;
  }
  return out;
}

function swapBytes(bytes: Uint8Array, width: number): void {
  for (let start = 0; start < bytes.length; start += width) {
    bytes.subarray(start, start + width).reverse();
  }
}
