/**
 * The writer of `inference.GRPCInferenceService/ModelInfer` responses, the
 * OIP door's hot method (oip_infer_codec.ts mounts it). A
 * `ModelInferResponse` is written straight from the core's
 * {@link InferResponse} into one buffer sized first, with the bytes the
 * generic serializer writes for {@link inferResponseToMessage}'s message;
 * tests/oip_infer_codec_test.ts compares both on random messages.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import type { InferResponse, Tensor } from "../../model/tensors.ts";
import { inferResponseToMessage } from "./oip_grpc_codec.ts";
import { tensorToRaw } from "./oip_raw.ts";
import { delimitedSize, textBytes, varintSize } from "../wire/proto_wire.ts";

/** What the ModelInfer handler answers with: the core's response and the wire form it takes. */
export interface InferAnswer {
  /** The core's response. */
  readonly response: InferResponse;
  /** The request used raw contents (the answer is raw too; FP16 makes it raw regardless). */
  readonly raw: boolean;
}

const LENGTH_DELIMITED = 2;

/** Bytes of a varint of the 64-bit value `high`:`low` (both unsigned 32-bit). */
function varint64Size(low: number, high: number): number {
  if (high === 0) return varintSize(low);
  // Bits above the low 32, as protobufjs's LongBits.length counts them.
  const part1 = ((low >>> 28) | (high << 4)) >>> 0;
  const part2 = high >>> 24;
  return part2 === 0
    ? (part1 < 16384 ? (part1 < 128 ? 5 : 6) : (part1 < 2097152 ? 7 : 8))
    : (part2 < 128 ? 9 : 10);
}

/** A typed output's contents: its field number, packed payload length and message body length. */
interface ContentsBody {
  readonly field: number;
  /** Bytes of the packed elements (fields 1-7). */
  readonly packed: number;
  /** Bytes of the whole `InferTensorContents` message. */
  readonly size: number;
}

const scratch32 = new Float32Array(1);
const scratch32Bytes = new Uint8Array(scratch32.buffer);
const scratch64 = new Float64Array(1);
const scratch64Bytes = new Uint8Array(scratch64.buffer);
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The contents field number of each datatype (FP16 has none). */
const CONTENTS_FIELD_NUMBERS: Readonly<Record<string, number>> = {
  BOOL: 1,
  INT8: 2,
  INT16: 2,
  INT32: 2,
  INT64: 3,
  UINT8: 4,
  UINT16: 4,
  UINT32: 4,
  UINT64: 5,
  FP32: 6,
  FP64: 7,
  BYTES: 8,
};

/** Low and high 32 bits of each 64-bit element, interleaved (two's complement for signed ones). */
function words64(data: BigInt64Array | BigUint64Array): Uint32Array {
  if (LITTLE_ENDIAN_HOST) return new Uint32Array(data.buffer, data.byteOffset, data.length * 2);
  const words = new Uint32Array(data.length * 2);
  for (let i = 0; i < data.length; i++) {
    const value = BigInt.asUintN(64, BigInt(data[i]));
    words[2 * i] = Number(value & 0xffffffffn);
    words[2 * i + 1] = Number(value >> 32n);
  }
  return words;
}

/** The sizes of a typed tensor's contents message. */
function contentsBody(tensor: Tensor): ContentsBody {
  const field = CONTENTS_FIELD_NUMBERS[tensor.datatype];
  const data = tensor.data;
  let packed = 0;
  switch (field) {
    case 1:
      packed = (data as Uint8Array).length;
      break;
    case 6:
      packed = (data as Float32Array).length * 4;
      break;
    case 7:
      packed = (data as Float64Array).length * 8;
      break;
    case 2: {
      const values = data as ArrayLike<number>;
      for (let i = 0; i < values.length; i++) {
        const value = values[i] | 0;
        packed += value < 0 ? 10 : varintSize(value);
      }
      break;
    }
    case 4: {
      const values = data as ArrayLike<number>;
      for (let i = 0; i < values.length; i++) packed += varintSize(values[i] >>> 0);
      break;
    }
    case 3:
    case 5: {
      const words = words64(data as BigInt64Array);
      for (let i = 0; i < words.length; i += 2) packed += varint64Size(words[i], words[i + 1]);
      break;
    }
    case 8: {
      let size = 0;
      for (const element of data as readonly Uint8Array[]) size += delimitedSize(element.length);
      return { field, packed: 0, size };
    }
  }
  return { field, packed, size: packed === 0 ? 0 : delimitedSize(packed) };
}

/** An output's shape is written here when every dimension is a non-negative safe integer. */
function plainShape(shape: readonly number[]): boolean {
  for (const dim of shape) if (!(Number.isSafeInteger(dim) && dim >= 0)) return false;
  return true;
}

/** Varint bytes of a non-negative safe integer. */
function uint53Size(value: number): number {
  return value < 0x10000000
    ? varintSize(value)
    : varint64Size(value >>> 0, Math.floor(value / 0x100000000));
}

/** The buffer being written and the write position (the encoder is synchronous). */
let out: Buffer = Buffer.alloc(0);
let at = 0;

function writeVarint(value: number): void {
  while (value > 0x7f) {
    out[at++] = (value & 0x7f) | 0x80;
    value >>>= 7;
  }
  out[at++] = value;
}

/** A 64-bit varint as protobufjs's writeVarint64 writes it. */
function writeVarint64(low: number, high: number): void {
  while (high) {
    out[at++] = (low & 127) | 128;
    low = ((low >>> 7) | (high << 25)) >>> 0;
    high >>>= 7;
  }
  while (low > 127) {
    out[at++] = (low & 127) | 128;
    low = low >>> 7;
  }
  out[at++] = low;
}

function writeUint53(value: number): void {
  if (value < 0x80000000) writeVarint(value);
  else writeVarint64(value >>> 0, Math.floor(value / 0x100000000));
}

function writeDelimited(tag: number, bytes: Uint8Array): void {
  out[at++] = tag;
  writeVarint(bytes.length);
  out.set(bytes, at);
  at += bytes.length;
}

/** The packed elements of a typed tensor's contents field (1-7). */
function writePacked(field: number, data: Tensor["data"]): void {
  switch (field) {
    case 1: {
      const values = data as Uint8Array;
      for (let i = 0; i < values.length; i++) out[at++] = values[i] !== 0 ? 1 : 0;
      return;
    }
    case 2: {
      const values = data as ArrayLike<number>;
      for (let i = 0; i < values.length; i++) {
        const value = values[i] | 0;
        if (value >= 0) writeVarint(value);
        else writeVarint64(value >>> 0, 0xffffffff);
      }
      return;
    }
    case 4: {
      const values = data as ArrayLike<number>;
      for (let i = 0; i < values.length; i++) writeVarint(values[i] >>> 0);
      return;
    }
    case 3:
    case 5: {
      const words = words64(data as BigInt64Array);
      for (let i = 0; i < words.length; i += 2) writeVarint64(words[i], words[i + 1]);
      return;
    }
    case 6: {
      // Each element through a Float32Array, as protobufjs's writeFloatLE does.
      const values = data as Float32Array;
      for (let i = 0; i < values.length; i++) {
        scratch32[0] = values[i];
        for (let b = 0; b < 4; b++) out[at++] = scratch32Bytes[LITTLE_ENDIAN_HOST ? b : 3 - b];
      }
      return;
    }
    case 7: {
      const values = data as Float64Array;
      for (let i = 0; i < values.length; i++) {
        scratch64[0] = values[i];
        for (let b = 0; b < 8; b++) out[at++] = scratch64Bytes[LITTLE_ENDIAN_HOST ? b : 7 - b];
      }
      return;
    }
  }
}

/**
 * Writes the `ModelInferResponse` of `answer` with the bytes the generic
 * serializer writes for {@link inferResponseToMessage}`(response, raw)`:
 * fields in number order, the three names always present, shapes packed,
 * typed contents packed (or raw outputs, when the request was raw or an
 * output is FP16). A response with a shape dimension that is not a
 * non-negative safe integer goes through `generic` instead.
 */
export function encodeModelInferResponse(
  answer: InferAnswer,
  generic: (message: object) => Buffer,
): Buffer {
  const { response } = answer;
  const outputs = response.outputs;
  let useRaw = answer.raw;
  for (const output of outputs) {
    if (!plainShape(output.shape)) return generic(inferResponseToMessage(response, answer.raw));
    if (output.datatype === "FP16") useRaw = true;
  }
  const modelName = textBytes(response.modelName);
  const modelVersion = textBytes(response.modelVersion);
  const id = textBytes(response.id ?? "");
  let size = delimitedSize(modelName.length) + delimitedSize(modelVersion.length) +
    delimitedSize(id.length);
  const count = outputs.length;
  const names = new Array<Uint8Array>(count);
  const datatypes = new Array<Uint8Array>(count);
  const shapeSizes = new Array<number>(count);
  const bodies = new Array<ContentsBody | null>(count);
  const tensorSizes = new Array<number>(count);
  const raws = new Array<Uint8Array>(useRaw ? count : 0);
  for (let index = 0; index < count; index++) {
    const output = outputs[index];
    const name = textBytes(output.name);
    const datatype = textBytes(output.datatype);
    let shapeSize = 0;
    for (const dim of output.shape) shapeSize += uint53Size(dim);
    let tensorSize = delimitedSize(name.length) + delimitedSize(datatype.length) +
      (shapeSize === 0 ? 0 : delimitedSize(shapeSize));
    let body: ContentsBody | null = null;
    if (useRaw) {
      raws[index] = tensorToRaw(output);
      size += delimitedSize(raws[index].length);
    } else {
      body = contentsBody(output);
      tensorSize += delimitedSize(body.size);
    }
    names[index] = name;
    datatypes[index] = datatype;
    shapeSizes[index] = shapeSize;
    bodies[index] = body;
    tensorSizes[index] = tensorSize;
    size += delimitedSize(tensorSize);
  }
  out = Buffer.allocUnsafe(size);
  at = 0;
  writeDelimited(10, modelName);
  writeDelimited(18, modelVersion);
  writeDelimited(26, id);
  for (let index = 0; index < count; index++) {
    const output = outputs[index];
    out[at++] = 42;
    writeVarint(tensorSizes[index]);
    writeDelimited(10, names[index]);
    writeDelimited(18, datatypes[index]);
    if (shapeSizes[index] > 0) {
      out[at++] = 26;
      writeVarint(shapeSizes[index]);
      for (const dim of output.shape) writeUint53(dim);
    }
    const body = bodies[index];
    if (body === null) continue;
    out[at++] = 42;
    writeVarint(body.size);
    if (body.field === 8) {
      for (const element of output.data as readonly Uint8Array[]) writeDelimited(66, element);
    } else if (body.packed > 0) {
      out[at++] = (body.field << 3) | LENGTH_DELIMITED;
      writeVarint(body.packed);
      writePacked(body.field, output.data);
    }
  }
  for (const bytes of raws) writeDelimited(50, bytes);
  const written = out;
  out = Buffer.alloc(0);
  if (at !== size) throw new Error(`ModelInferResponse: wrote ${at} bytes of ${size}`);
  return written;
}
