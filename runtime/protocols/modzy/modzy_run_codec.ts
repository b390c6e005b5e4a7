/**
 * The wire codec of `ModzyModel/Run`, the hot method: a `RunRequest` is
 * read straight into the core's item maps (with protobufjs's `Reader`) and a
 * `RunResponse` written straight from the door's answer into one buffer. The generic definition (proto-loader style) goes through
 * message objects twice per direction (`decode` then `toObject`, `fromObject`
 * then `encode`); this one produces the same bytes and the same values
 * (tests/unit/protocols/modzy/modzy_run_codec_test.ts compares them on random messages) with a
 * fraction of the allocations. Every other method keeps the generic codec.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import type * as grpc from "@grpc/grpc-js";
import protobuf from "protobufjs";
import { delimitedSize, readText, textBytes, textSlot, varintSize } from "../wire/proto_wire.ts";
import type { InputFiles } from "../../model/contract.ts";

/** A decoded `RunRequest`: each item's files as the core takes them. */
export interface RunRequestMessage {
  /** One map of file name to bytes per input item. */
  readonly inputs: InputFiles[];
  /** `detect_drift`. */
  readonly detect_drift: boolean;
  /** `explain`. */
  readonly explain: boolean;
}

/** A `RunResponse` to encode; absent (null or undefined) fields are not written. */
export interface RunResponseMessage {
  /** `status_code`. */
  readonly status_code?: number | null;
  /** `status`. */
  readonly status?: string | null;
  /** `message`. */
  readonly message?: string | null;
  /** `outputs`: each item's files and whether it succeeded. */
  readonly outputs?:
    | readonly {
      readonly output?: Readonly<Record<string, Uint8Array>> | null;
      readonly success?: boolean | null;
    }[]
    | null;
}

/** Wire types of the protobuf encoding. */
const VARINT = 0;
const LENGTH_DELIMITED = 2;

/**
 * Reads a serialized `RunRequest`. Unknown fields are skipped; a truncated
 * or malformed message throws (grpc-js then fails the call).
 */
export function decodeRunRequest(bytes: Uint8Array): RunRequestMessage {
  const reader = protobuf.Reader.create(bytes);
  const inputs: InputFiles[] = [];
  let detectDrift = false;
  let explain = false;
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    const field = tag >>> 3;
    const wireType = tag & 7;
    if (field === 1 && wireType === LENGTH_DELIMITED) {
      inputs.push(readInputItem(reader, reader.uint32() + reader.pos));
    } else if (field === 2 && wireType === VARINT) detectDrift = reader.bool();
    else if (field === 3 && wireType === VARINT) explain = reader.bool();
    else reader.skipType(wireType);
  }
  return { inputs, detect_drift: detectDrift, explain };
}

/** An `InputItem` ending at `end`: its `map<string, bytes> input` entries (the last of a key wins). */
function readInputItem(reader: protobuf.Reader, end: number): InputFiles {
  const files: Map<string, Uint8Array> = new Map();
  while (reader.pos < end) {
    const tag = reader.uint32();
    if (tag >>> 3 === 1 && (tag & 7) === LENGTH_DELIMITED) {
      const entryEnd = reader.uint32() + reader.pos;
      let name = "";
      let value: Uint8Array | undefined;
      while (reader.pos < entryEnd) {
        const entryTag = reader.uint32();
        const entryField = entryTag >>> 3;
        const entryWireType = entryTag & 7;
        if (entryField === 1 && entryWireType === LENGTH_DELIMITED) {
          name = readText(reader, fileNames);
        } else if (entryField === 2 && entryWireType === LENGTH_DELIMITED) value = reader.bytes();
        else reader.skipType(entryWireType);
      }
      files.set(name, value ?? new Uint8Array(0));
    } else reader.skipType(tag & 7);
  }
  if (reader.pos !== end) throw new RangeError("InputItem overruns its length");
  return files;
}

/** The file names of the items: every item of a request names the same files. */
const fileNames = textSlot();

/** Bytes of an `int32` field's value (a negative one takes ten, sign-extended to 64 bits). */
function int32Size(value: number): number {
  return value < 0 ? 10 : varintSize(value);
}

/**
 * Writes a `RunResponse` as the generic codec would — fields in number
 * order, absent ones skipped, map entries in key order — straight into one
 * buffer sized first (no writer operations to allocate and replay).
 */
export function encodeRunResponse(response: RunResponseMessage): Buffer {
  const code = response.status_code ?? null;
  const status = response.status == null ? null : textBytes(response.status);
  const message = response.message == null ? null : textBytes(response.message);
  const outputs = response.outputs ?? [];
  let size = 0;
  if (code !== null) size += 1 + int32Size(code | 0);
  if (status !== null) size += delimitedSize(status.length);
  if (message !== null) size += delimitedSize(message.length);
  const itemSizes = new Array<number>(outputs.length);
  for (let index = 0; index < outputs.length; index++) {
    const item = outputs[index];
    let itemSize = 0;
    const output = item.output;
    if (output != null) {
      for (const name of Object.keys(output)) {
        const entry = delimitedSize(textBytes(name).length) + delimitedSize(output[name].length);
        itemSize += delimitedSize(entry);
      }
    }
    if (item.success != null) itemSize += 2;
    itemSizes[index] = itemSize;
    size += delimitedSize(itemSize);
  }
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  const varint = (value: number) => {
    while (value > 0x7f) {
      out[at++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    out[at++] = value;
  };
  const delimited = (tag: number, bytes: Uint8Array) => {
    out[at++] = tag;
    varint(bytes.length);
    out.set(bytes, at);
    at += bytes.length;
  };
  if (code !== null) {
    out[at++] = 8;
    const value = code | 0;
    if (value >= 0) varint(value);
    else {
      // Two's complement over 64 bits: the low 32 bits, then all ones.
      let low = value >>> 0;
      for (let i = 0; i < 4; i++) {
        out[at++] = (low & 0x7f) | 0x80;
        low >>>= 7;
      }
      out[at++] = (low & 0x0f) | 0x70 | 0x80;
      for (let i = 0; i < 4; i++) out[at++] = 0xff;
      out[at++] = 0x01;
    }
  }
  if (status !== null) delimited(18, status);
  if (message !== null) delimited(26, message);
  for (let index = 0; index < outputs.length; index++) {
    const item = outputs[index];
    out[at++] = 34;
    varint(itemSizes[index]);
    const output = item.output;
    if (output != null) {
      for (const name of Object.keys(output)) {
        const key = textBytes(name);
        const value = output[name];
        out[at++] = 10;
        varint(delimitedSize(key.length) + delimitedSize(value.length));
        delimited(10, key);
        delimited(18, value);
      }
    }
    if (item.success != null) {
      out[at++] = 16;
      out[at++] = item.success ? 1 : 0;
    }
  }
  return out;
}

/**
 * `generic` (the `ModzyModel` service definition) with the Run codec above
 * in place of the generic one; Status and Shutdown unchanged.
 */
export function withRunCodec(generic: grpc.ServiceDefinition): grpc.ServiceDefinition {
  return {
    ...generic,
    Run: {
      ...generic.Run,
      requestDeserialize: decodeRunRequest,
      responseSerialize: encodeRunResponse,
    },
  };
}
