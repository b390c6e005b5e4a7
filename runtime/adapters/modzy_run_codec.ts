/**
 * The wire codec of `ModzyModel/Run`, the hot method: a `RunRequest` is
 * read straight into the core's item maps and a `RunResponse` written
 * straight from the door's answer, with protobufjs's own `Reader` and
 * `Writer`. The generic definition (proto-loader style) goes through
 * message objects twice per direction (`decode` then `toObject`, `fromObject`
 * then `encode`); this one produces the same bytes and the same values
 * (tests/modzy_run_codec_test.ts compares them on random messages) with a
 * fraction of the allocations. Every other method keeps the generic codec.
 *
 * @module
 */
import type * as grpc from "@grpc/grpc-js";
import protobuf from "protobufjs";
import type { InputFiles } from "../model/contract.ts";

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
        if (entryField === 1 && entryWireType === LENGTH_DELIMITED) name = reader.string();
        else if (entryField === 2 && entryWireType === LENGTH_DELIMITED) value = reader.bytes();
        else reader.skipType(entryWireType);
      }
      files.set(name, value ?? new Uint8Array(0));
    } else reader.skipType(tag & 7);
  }
  if (reader.pos !== end) throw new RangeError("InputItem overruns its length");
  return files;
}

/** Writes a `RunResponse` as the generic codec would: fields in number order, absent ones skipped. */
export function encodeRunResponse(response: RunResponseMessage): Uint8Array {
  const writer = protobuf.Writer.create();
  if (response.status_code != null) writer.uint32(8).int32(response.status_code);
  if (response.status != null) writer.uint32(18).string(response.status);
  if (response.message != null) writer.uint32(26).string(response.message);
  for (const item of response.outputs ?? []) {
    writer.uint32(34).fork();
    const output = item.output;
    if (output != null) {
      for (const name of Object.keys(output)) {
        writer.uint32(10).fork().uint32(10).string(name).uint32(18).bytes(output[name]).ldelim();
      }
    }
    if (item.success != null) writer.uint32(16).bool(item.success);
    writer.ldelim();
  }
  return writer.finish();
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
      responseSerialize: (value: RunResponseMessage) => encodeRunResponse(value) as Buffer,
    },
  };
}
