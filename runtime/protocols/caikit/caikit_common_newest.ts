/**
 * Caikit's own data objects as the newest served version (v0.29.1) renders
 * them (tests/fixtures/caikit/newest/): the training state enum renamed
 * `JobStatus` (0.27.0, same values), the data-stream file sources
 * `FileReference` and `ListOfFileReferences` (0.22.0, same numbers as
 * 0.18.1's `File` and `ListOfFiles`), a new `File {data, filename, type}`
 * that model management deploys, and the model-management and
 * prediction-job messages of `caikit_data_model.runtime`. Declared like
 * any module's data objects so the same rules render them.
 *
 * @module
 */
import type { CaikitDataObject, CaikitEnum, CaikitField } from "../../model/caikit_face.ts";
import {
  COMMON_PACKAGE,
  MODEL_POINTER,
  RUNTIME_PACKAGE,
  S3_BASE,
  TRAINING_INFO_REQUEST,
  TRAINING_JOB,
} from "./caikit_common.ts";

function object(pkg: string, name: string, fields: readonly CaikitField[]): CaikitDataObject {
  return { kind: "object", package: pkg, name, fields };
}

/** A job's state (0.18.1's `TrainingStatus`, renamed; same values). */
export const JOB_STATUS: CaikitEnum = {
  kind: "enum",
  package: COMMON_PACKAGE,
  name: "JobStatus",
  values: { QUEUED: 1, RUNNING: 2, COMPLETED: 3, CANCELED: 4, ERRORED: 5 },
};

/** A data-stream source: one file by name. */
export const FILE_REFERENCE = object(COMMON_PACKAGE, "FileReference", [
  { name: "filename", type: "str" },
]);
/** A data-stream source: several files by name. */
export const LIST_OF_FILE_REFERENCES = object(COMMON_PACKAGE, "ListOfFileReferences", [
  { name: "files", type: { list: "str" } },
]);
/** A file's bytes, name and type (what DeployModel sends). */
export const FILE = object(COMMON_PACKAGE, "File", [
  { name: "data", type: "bytes" },
  { name: "filename", type: "str" },
  { name: "type", type: "str" },
]);

const PRODUCER_ID = object(COMMON_PACKAGE, "ProducerId", [
  { name: "name", type: "str" },
  { name: "version", type: "str" },
]);

/** A training job's status, its state a {@link JOB_STATUS}. */
export const JOB_STATUS_RESPONSE = object(RUNTIME_PACKAGE, "TrainingStatusResponse", [
  { name: "training_id", type: "str" },
  { name: "state", type: JOB_STATUS },
  { name: "submission_timestamp", type: "datetime" },
  { name: "completion_timestamp", type: "datetime" },
  { name: "reasons", type: { list: "str" } },
]);

/** DeployModel's request: a model id and the model folder's files. */
export const DEPLOY_MODEL_REQUEST = object(RUNTIME_PACKAGE, "DeployModelRequest", [
  { name: "model_id", type: "str" },
  { name: "model_files", type: { list: FILE } },
]);
/** UndeployModel's request (and answer). */
export const UNDEPLOY_MODEL_REQUEST = object(RUNTIME_PACKAGE, "UndeployModelRequest", [
  { name: "model_id", type: "str" },
]);

const PREDICTION_ID: readonly CaikitField[] = [{ name: "prediction_id", type: "str" }];

/** The rest of the newest common and runtime packages, rendered though no served RPC reaches it. */
export const NEWEST_OTHER_OBJECTS: readonly CaikitDataObject[] = [
  PRODUCER_ID,
  object(COMMON_PACKAGE, "ProducerPriority", [{ name: "producers", type: { list: PRODUCER_ID } }]),
  S3_BASE,
  TRAINING_INFO_REQUEST,
  TRAINING_JOB,
  MODEL_POINTER,
  object(RUNTIME_PACKAGE, "PredictionJob", PREDICTION_ID),
  object(RUNTIME_PACKAGE, "PredictionJobInfoRequest", PREDICTION_ID),
  object(RUNTIME_PACKAGE, "PredictionJobStatusResponse", [
    ...PREDICTION_ID,
    { name: "state", type: JOB_STATUS },
    { name: "submission_timestamp", type: "datetime" },
    { name: "completion_timestamp", type: "datetime" },
    { name: "reasons", type: { list: "str" } },
  ]),
];
