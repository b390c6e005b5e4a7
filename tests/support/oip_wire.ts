/**
 * Test-side encoding of Open Inference Protocol tensors, written apart from
 * the runtime's codecs so tests check the server against the specification:
 * typed contents fields, raw little-endian bytes (BYTES length-prefixed),
 * and decoding of answers back to plain values (numbers, bigints for 64-bit
 * integers, booleans, strings).
 *
 * @module
 */
import { float16BitsToNumber, numberToFloat16Bits } from "../../runtime/model/float16.ts";

/** A plain element value. */
export type Plain = number | bigint | boolean | string;

const FIELD: Record<string, string> = {
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

const WIDTH: Record<string, number> = {
  BOOL: 1,
  UINT8: 1,
  INT8: 1,
  UINT16: 2,
  INT16: 2,
  FP16: 2,
  UINT32: 4,
  INT32: 4,
  FP32: 4,
  UINT64: 8,
  INT64: 8,
  FP64: 8,
};

/** The typed `contents` message of `values`. */
export function typedContents(datatype: string, values: readonly Plain[]): Record<string, unknown> {
  const field = FIELD[datatype];
  if (datatype === "BYTES") {
    return { [field]: values.map((v) => new TextEncoder().encode(String(v))) };
  }
  if (datatype === "INT64" || datatype === "UINT64") {
    return { [field]: values.map((v) => String(v)) };
  }
  return { [field]: [...values] };
}

/** The raw little-endian bytes of `values`. */
export function rawBytes(datatype: string, values: readonly Plain[]): Uint8Array {
  if (datatype === "BYTES") {
    const parts = values.map((v) => new TextEncoder().encode(String(v)));
    const out = new Uint8Array(parts.reduce((n, p) => n + 4 + p.length, 0));
    let at = 0;
    for (const part of parts) {
      new DataView(out.buffer).setUint32(at, part.length, true);
      out.set(part, at + 4);
      at += 4 + part.length;
    }
    return out;
  }
  const width = WIDTH[datatype];
  const out = new Uint8Array(values.length * width);
  const view = new DataView(out.buffer);
  values.forEach((value, index) => {
    const at = index * width;
    const n = Number(value);
    switch (datatype) {
      case "BOOL":
        return view.setUint8(at, value ? 1 : 0);
      case "UINT8":
        return view.setUint8(at, n);
      case "INT8":
        return view.setInt8(at, n);
      case "UINT16":
        return view.setUint16(at, n, true);
      case "INT16":
        return view.setInt16(at, n, true);
      case "FP16":
        return view.setUint16(at, numberToFloat16Bits(n), true);
      case "UINT32":
        return view.setUint32(at, n, true);
      case "INT32":
        return view.setInt32(at, n, true);
      case "FP32":
        return view.setFloat32(at, n, true);
      case "UINT64":
        return view.setBigUint64(at, BigInt(value), true);
      case "INT64":
        return view.setBigInt64(at, BigInt(value), true);
      case "FP64":
        return view.setFloat64(at, n, true);
    }
  });
  return out;
}

/** Plain values of an output from its typed contents. */
export function fromContents(datatype: string, contents: Record<string, unknown[]>): Plain[] {
  const values = contents[FIELD[datatype]] ?? [];
  if (datatype === "BYTES") {
    return values.map((v) => new TextDecoder().decode(v as Uint8Array));
  }
  if (datatype === "INT64" || datatype === "UINT64") return values.map((v) => BigInt(String(v)));
  return values as Plain[];
}

/** Plain values of an output from its raw bytes. */
export function fromRaw(datatype: string, bytes: Uint8Array): Plain[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values: Plain[] = [];
  if (datatype === "BYTES") {
    let at = 0;
    while (at < bytes.length) {
      const length = view.getUint32(at, true);
      values.push(new TextDecoder().decode(bytes.subarray(at + 4, at + 4 + length)));
      at += 4 + length;
    }
    return values;
  }
  const width = WIDTH[datatype];
  for (let at = 0; at < bytes.length; at += width) {
    switch (datatype) {
      case "BOOL":
        values.push(view.getUint8(at) !== 0);
        break;
      case "UINT8":
        values.push(view.getUint8(at));
        break;
      case "INT8":
        values.push(view.getInt8(at));
        break;
      case "UINT16":
        values.push(view.getUint16(at, true));
        break;
      case "INT16":
        values.push(view.getInt16(at, true));
        break;
      case "FP16":
        values.push(float16BitsToNumber(view.getUint16(at, true)));
        break;
      case "UINT32":
        values.push(view.getUint32(at, true));
        break;
      case "INT32":
        values.push(view.getInt32(at, true));
        break;
      case "FP32":
        values.push(view.getFloat32(at, true));
        break;
      case "UINT64":
        values.push(view.getBigUint64(at, true));
        break;
      case "INT64":
        values.push(view.getBigInt64(at, true));
        break;
      case "FP64":
        values.push(view.getFloat64(at, true));
        break;
    }
  }
  return values;
}
