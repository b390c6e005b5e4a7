/**
 * What differs between Caikit wire versions in the generated services: the
 * members of a `DataStreamSource<T>` oneof and whether a train request
 * carries `train()`'s parameters at its top level (0.18.1) or nested under
 * `parameters = 3` (0.19.0 on). Only 0.18.1 — the template's pin — is
 * served today; a later version is one more value of this shape (see
 * tests/fixtures/caikit/newest/).
 *
 * @module
 */
import type { CaikitDataObject, CaikitEnum } from "../../model/caikit_face.ts";
import {
  DIRECTORY,
  FILE,
  LIST_OF_FILES,
  S3_FILES,
  TRAINING_INFO_REQUEST,
  TRAINING_JOB,
  TRAINING_STATUS,
  TRAINING_STATUS_RESPONSE,
} from "./caikit_common.ts";
import type { CaikitWireVersionName } from "./caikit_settings.ts";

/** Where a data stream's records come from. */
export type StreamSourceKind = "jsondata" | "file" | "listoffiles" | "directory" | "s3files";

/** One member of the `data_stream` oneof. */
export interface StreamSourceMember {
  /** The oneof member's name on the wire. */
  readonly name: string;
  /** What it means. */
  readonly kind: StreamSourceKind;
  /** Its message (absent for `jsondata`, which is generated per record type). */
  readonly type?: CaikitDataObject;
}

/** One Caikit wire version's shapes. */
export interface CaikitWireVersion {
  /** The Caikit version, e.g. `0.18.1`. */
  readonly version: string;
  /** The `data_stream` oneof's members, numbered from 1 in this order. */
  readonly streamMembers: readonly StreamSourceMember[];
  /** Whether `train()` parameters nest under `<Task><Module>TrainParameters parameters = 3`. */
  readonly nestedTrainParameters: boolean;
  /** The training state enum. */
  readonly trainingStatus: CaikitEnum;
  /** The training management messages. */
  readonly trainingInfoRequest: CaikitDataObject;
  /** What a train RPC answers. */
  readonly trainingJob: CaikitDataObject;
  /** A training job's status. */
  readonly trainingStatusResponse: CaikitDataObject;
}

/** Caikit 0.18.1, the version caikit-template pins. */
export const CAIKIT_0_18_1: CaikitWireVersion = {
  version: "0.18.1",
  streamMembers: [
    { name: "jsondata", kind: "jsondata" },
    { name: "file", kind: "file", type: FILE },
    { name: "listoffiles", kind: "listoffiles", type: LIST_OF_FILES },
    { name: "directory", kind: "directory", type: DIRECTORY },
    { name: "s3files", kind: "s3files", type: S3_FILES },
  ],
  nestedTrainParameters: false,
  trainingStatus: TRAINING_STATUS,
  trainingInfoRequest: TRAINING_INFO_REQUEST,
  trainingJob: TRAINING_JOB,
  trainingStatusResponse: TRAINING_STATUS_RESPONSE,
};

/** The wire version served for a version setting (`0.18.1` or `newest`). */
export function caikitWireVersion(name: CaikitWireVersionName): CaikitWireVersion {
  if (name === "0.18.1") return CAIKIT_0_18_1;
  throw new Error(`Caikit wire version '${name}' is not served yet`);
}
