/**
 * What differs between Caikit wire versions in the generated services: the
 * members of a `DataStreamSource<T>` oneof and whether a train request
 * carries `train()`'s parameters at its top level (0.18.1) or nested under
 * `parameters = 3` (0.19.0 on), the names of the training state and of the
 * file sources, and whether the info and model-management services are
 * served. Two versions are served: 0.18.1 (the template's pin) and the
 * newest, v0.29.1 (tests/fixtures/caikit/newest/).
 *
 * @module
 */
import type { CaikitDataObject, CaikitEnum } from "../../model/caikit_face.ts";
import {
  DIRECTORY,
  FILE,
  LIST_OF_FILES,
  MODEL_POINTER,
  OTHER_COMMON_OBJECTS,
  S3_FILES,
  TRAINING_INFO_REQUEST,
  TRAINING_JOB,
  TRAINING_STATUS,
  TRAINING_STATUS_RESPONSE,
} from "./caikit_common.ts";
import {
  DEPLOY_MODEL_REQUEST,
  FILE_REFERENCE,
  JOB_STATUS,
  JOB_STATUS_RESPONSE,
  LIST_OF_FILE_REFERENCES,
  NEWEST_OTHER_OBJECTS,
  UNDEPLOY_MODEL_REQUEST,
} from "./caikit_common_newest.ts";
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
  /** Caikit's own data objects it renders though no generated RPC may reach them. */
  readonly otherObjects: readonly CaikitDataObject[];
  /**
   * Whether the info service and model management are served (their
   * requests' data objects listed here), and the HTTP train route answers
   * at once; none: 0.18.1.
   */
  readonly management: readonly CaikitDataObject[] | null;
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
  otherObjects: [...OTHER_COMMON_OBJECTS, MODEL_POINTER],
  management: null,
};

/** Caikit v0.29.1, the newest tag. */
export const CAIKIT_NEWEST: CaikitWireVersion = {
  version: "0.29.1",
  streamMembers: [
    { name: "jsondata", kind: "jsondata" },
    { name: "file", kind: "file", type: FILE_REFERENCE },
    { name: "list_of_files", kind: "listoffiles", type: LIST_OF_FILE_REFERENCES },
    { name: "directory", kind: "directory", type: DIRECTORY },
    { name: "s3files", kind: "s3files", type: S3_FILES },
  ],
  nestedTrainParameters: true,
  trainingStatus: JOB_STATUS,
  trainingInfoRequest: TRAINING_INFO_REQUEST,
  trainingJob: TRAINING_JOB,
  trainingStatusResponse: JOB_STATUS_RESPONSE,
  otherObjects: NEWEST_OTHER_OBJECTS,
  management: [DEPLOY_MODEL_REQUEST, UNDEPLOY_MODEL_REQUEST],
};

/** The wire version served for a version setting (`0.18.1` or `newest`). */
export function caikitWireVersion(name: CaikitWireVersionName): CaikitWireVersion {
  return name === "newest" ? CAIKIT_NEWEST : CAIKIT_0_18_1;
}
