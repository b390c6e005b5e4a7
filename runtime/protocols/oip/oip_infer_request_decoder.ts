/**
 * The reader of `inference.GRPCInferenceService/ModelInfer` requests, the
 * OIP door's hot method (oip_infer_codec.ts mounts it). A
 * `ModelInferRequest` is read with protobufjs's `Reader` straight into the
 * loaded message object the generic definition produces (the same object,
 * field for field, without building protobufjs messages and converting them
 * with `toObject`). Rare or irregular input — request, tensor or
 * requested-output `parameters`, unknown fields, unexpected wire types,
 * malformed bytes — is handed to the generic deserializer for that message,
 * so every outcome (values and errors) stays the generic one;
 * tests/oip_infer_codec_test.ts compares both on random messages.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import protobuf from "protobufjs";
import type { InferInputTensorMessage, ModelInferRequestMessage } from "./oip_grpc_codec.ts";
import type { TensorContentsMessage } from "./oip_contents.ts";
import { readText, textSlot } from "../wire/proto_wire.ts";

const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

/**
 * Thrown inside the fast reader when the message needs the generic one. A
 * plain object, not an Error: building an Error while the serve bundle is
 * being evaluated makes V8 work out source positions for the whole bundle
 * (~20 ms of the cold start), and nothing reads this one's stack.
 */
const USE_GENERIC: { readonly reason: string } = Object.freeze({
  reason: "use the generic deserializer",
});

/**
 * Reads a serialized `ModelInferRequest` into the object the generic
 * deserializer (`decode` + `toObject` with longs as strings and defaults)
 * returns. Messages with `parameters` anywhere, unknown fields, unexpected
 * wire types, or anything this reader rejects go through `generic` instead
 * (which then answers, or throws its own error).
 */
export function decodeModelInferRequest(
  bytes: Uint8Array,
  generic: (bytes: Buffer) => object,
): ModelInferRequestMessage {
  const buffer = Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    return readRequest(protobuf.Reader.create(buffer));
  } catch {
    return generic(buffer) as ModelInferRequestMessage;
  }
}

function readRequest(reader: protobuf.Reader): ModelInferRequestMessage {
  let modelName = "";
  let modelVersion = "";
  let id = "";
  const inputs: InferInputTensorMessage[] = [];
  const outputs: { name: string; parameters: Record<string, never> }[] = [];
  const raw: Uint8Array[] = [];
  const end = reader.len;
  while (reader.pos < end) {
    const tag = reader.uint32();
    const wireType = tag & 7;
    switch (tag >>> 3) {
      case 1:
        expect(wireType, LENGTH_DELIMITED);
        modelName = readText(reader, modelNames);
        break;
      case 2:
        expect(wireType, LENGTH_DELIMITED);
        modelVersion = readText(reader, modelVersions);
        break;
      case 3:
        expect(wireType, LENGTH_DELIMITED);
        id = reader.string();
        break;
      case 5:
        expect(wireType, LENGTH_DELIMITED);
        inputs.push(readInput(reader, enter(reader)));
        break;
      case 6:
        expect(wireType, LENGTH_DELIMITED);
        outputs.push(readRequestedOutput(reader, enter(reader)));
        break;
      case 7:
        expect(wireType, LENGTH_DELIMITED);
        raw.push(reader.bytes());
        break;
      default:
        throw USE_GENERIC;
    }
  }
  return {
    inputs,
    outputs,
    raw_input_contents: raw,
    parameters: {},
    model_name: modelName,
    model_version: modelVersion,
    id,
  };
}

const modelNames = textSlot();
const modelVersions = textSlot();
const tensorNames = textSlot();
const datatypes = textSlot();

function expect(wireType: number, expected: number): void {
  if (wireType !== expected) throw USE_GENERIC;
}

/** Limits the reader to a length-delimited field's body; returns the outer limit to restore. */
function enter(reader: protobuf.Reader): number {
  const outer = reader.len;
  const end = reader.uint32() + reader.pos;
  if (end > outer) throw USE_GENERIC;
  reader.len = end;
  return outer;
}

/** Ends a body begun by {@link enter}: it must have been read exactly. */
function leave(reader: protobuf.Reader, outer: number): void {
  if (reader.pos !== reader.len) throw USE_GENERIC;
  reader.len = outer;
}

function readInput(reader: protobuf.Reader, outer: number): InferInputTensorMessage {
  let name = "";
  let datatype = "";
  const shape: string[] = [];
  let contents: TensorContentsMessage | null = null;
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    const wireType = tag & 7;
    switch (tag >>> 3) {
      case 1:
        expect(wireType, LENGTH_DELIMITED);
        name = readText(reader, tensorNames);
        break;
      case 2:
        expect(wireType, LENGTH_DELIMITED);
        datatype = readText(reader, datatypes);
        break;
      case 3:
        if (wireType === LENGTH_DELIMITED) {
          const inner = enter(reader);
          while (reader.pos < reader.len) shape.push(readInt64(reader, false));
          leave(reader, inner);
        } else {
          expect(wireType, VARINT);
          shape.push(readInt64(reader, false));
        }
        break;
      case 5:
        expect(wireType, LENGTH_DELIMITED);
        contents = readContents(reader, enter(reader));
        break;
      default:
        throw USE_GENERIC;
    }
  }
  leave(reader, outer);
  return { shape, parameters: {}, name, datatype, contents };
}

function readRequestedOutput(
  reader: protobuf.Reader,
  outer: number,
): { name: string; parameters: Record<string, never> } {
  let name = "";
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag >>> 3 !== 1) throw USE_GENERIC;
    expect(tag & 7, LENGTH_DELIMITED);
    name = readText(reader, tensorNames);
  }
  leave(reader, outer);
  return { parameters: {}, name };
}

/**
 * A 64-bit integer as the generic object holds it: its decimal text.
 * Varints of up to seven bytes (below 2^49) are read here; longer ones as
 * protobufjs's `Long`, printed as `toObject` prints it.
 */
function readInt64(reader: protobuf.Reader, unsigned: boolean): string {
  const buf = reader.buf;
  const start = reader.pos;
  let value = 0;
  let scale = 1;
  for (let at = start; at < start + 7 && at < reader.len; at++) {
    const byte = buf[at];
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) {
      reader.pos = at + 1;
      return String(value);
    }
    scale *= 128;
  }
  return (unsigned ? reader.uint64() : reader.int64()).toString();
}

/** Element readers of `InferTensorContents`, by field number (1-7; 8 is bytes). */
const ELEMENT_READERS: readonly ((reader: protobuf.Reader) => unknown)[] = [
  () => undefined,
  (reader) => reader.bool(),
  (reader) => reader.int32(),
  (reader) => readInt64(reader, false),
  (reader) => reader.uint32(),
  (reader) => readInt64(reader, true),
  (reader) => reader.float(),
  (reader) => reader.double(),
];
/** The wire type of one unpacked element of fields 1-7. */
const ELEMENT_WIRE_TYPES = [-1, VARINT, VARINT, VARINT, VARINT, VARINT, FIXED32, FIXED64];

function readContents(reader: protobuf.Reader, outer: number): TensorContentsMessage {
  const fields: unknown[][] = [[], [], [], [], [], [], [], [], []];
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    const field = tag >>> 3;
    const wireType = tag & 7;
    if (field === 8) {
      expect(wireType, LENGTH_DELIMITED);
      fields[8].push(reader.bytes());
    } else if (field >= 1 && field <= 7) {
      const read = ELEMENT_READERS[field];
      const values = fields[field];
      if (wireType === LENGTH_DELIMITED) {
        const inner = enter(reader);
        while (reader.pos < reader.len) values.push(read(reader));
        leave(reader, inner);
      } else {
        expect(wireType, ELEMENT_WIRE_TYPES[field]);
        values.push(read(reader));
      }
    } else throw USE_GENERIC;
  }
  leave(reader, outer);
  return {
    bool_contents: fields[1] as boolean[],
    int_contents: fields[2] as number[],
    int64_contents: fields[3] as string[],
    uint_contents: fields[4] as number[],
    uint64_contents: fields[5] as string[],
    fp32_contents: fields[6] as number[],
    fp64_contents: fields[7] as number[],
    bytes_contents: fields[8] as Uint8Array[],
  };
}
