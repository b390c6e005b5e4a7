/**
 * Caikit's own data objects that every generated service uses, declared
 * like any module's (runtime/model/caikit_face.ts) so the same rules render
 * them: the data-stream sources and S3 locations of
 * `caikit_data_model.common` (0.18.1; the S3 fields carry Caikit's explicit
 * field numbers, the inherited S3Base fields 2–8 first) and the training
 * messages of `caikit_data_model.runtime`.
 *
 * @module
 */
import type { CaikitDataObject, CaikitEnum, CaikitField } from "../../model/caikit_face.ts";

/** Caikit's common data-model package. */
export const COMMON_PACKAGE = "caikit_data_model.common";
/** Caikit's runtime data-model package. */
export const RUNTIME_PACKAGE = "caikit_data_model.runtime";

function object(
  pkg: string,
  name: string,
  fields: readonly CaikitField[],
): CaikitDataObject {
  return { kind: "object", package: pkg, name, fields };
}

/** A training job's state (`PLACEHOLDER_UNSET = 0` is added by the rules). */
export const TRAINING_STATUS: CaikitEnum = {
  kind: "enum",
  package: COMMON_PACKAGE,
  name: "TrainingStatus",
  values: { QUEUED: 1, RUNNING: 2, COMPLETED: 3, CANCELED: 4, ERRORED: 5 },
};

/** A data-stream source: one file (`.csv`, `.json` or `.jsonl`). */
export const FILE = object(COMMON_PACKAGE, "File", [{ name: "filename", type: "str" }]);
/** A data-stream source: several files. */
export const LIST_OF_FILES = object(COMMON_PACKAGE, "ListOfFiles", [
  { name: "files", type: { list: "str" } },
]);
/** A data-stream source: every file of one extension in a folder. */
export const DIRECTORY = object(COMMON_PACKAGE, "Directory", [
  { name: "dirname", type: "str" },
  { name: "extension", type: "str" },
]);

/** The fields of Caikit's S3Base (numbers 2–8), which every S3 message has. */
export const S3_BASE_FIELD_NAMES: readonly string[] = [
  "endpoint",
  "region",
  "bucket",
  "accessKey",
  "secretKey",
  "IAM_id",
  "IAM_api_key",
];

const S3_BASE_FIELDS: readonly CaikitField[] = S3_BASE_FIELD_NAMES.map((name, index) => ({
  name,
  type: "str",
  number: index + 2,
}));

/** S3 connection fields (Caikit's base of the S3 messages). */
export const S3_BASE = object(COMMON_PACKAGE, "S3Base", S3_BASE_FIELDS);
/** A data-stream source in S3 (not supported here). */
export const S3_FILES = object(COMMON_PACKAGE, "S3Files", [
  ...S3_BASE_FIELDS,
  { name: "files", type: { list: "str" }, number: 1 },
]);
/** A train request's S3 output path (not supported here). */
export const S3_PATH = object(COMMON_PACKAGE, "S3Path", [
  ...S3_BASE_FIELDS,
  { name: "path", type: "str", number: 1 },
]);

const PRODUCER_ID = object(COMMON_PACKAGE, "ProducerId", [
  { name: "name", type: "str" },
  { name: "version", type: "str" },
]);

/** The rest of the common package, rendered by Caikit though no generated RPC reaches it. */
export const OTHER_COMMON_OBJECTS: readonly CaikitDataObject[] = [
  PRODUCER_ID,
  object(COMMON_PACKAGE, "ProducerPriority", [{ name: "producers", type: { list: PRODUCER_ID } }]),
  S3_BASE,
  object(COMMON_PACKAGE, "IntSequence", [{ name: "values", type: { list: "int" } }]),
  object(COMMON_PACKAGE, "FloatSequence", [{ name: "values", type: { list: "float" } }]),
  object(COMMON_PACKAGE, "StrSequence", [{ name: "values", type: { list: "str" } }]),
  object(COMMON_PACKAGE, "BoolSequence", [{ name: "values", type: { list: "bool" } }]),
];

/** Asks for one training job's status, or cancels it. */
export const TRAINING_INFO_REQUEST = object(RUNTIME_PACKAGE, "TrainingInfoRequest", [
  { name: "training_id", type: "str" },
]);
/** What a train RPC answers at once. */
export const TRAINING_JOB = object(RUNTIME_PACKAGE, "TrainingJob", [
  { name: "training_id", type: "str" },
  { name: "model_name", type: "str" },
]);
/** A training job's status. */
export const TRAINING_STATUS_RESPONSE = object(RUNTIME_PACKAGE, "TrainingStatusResponse", [
  { name: "training_id", type: "str" },
  { name: "state", type: TRAINING_STATUS },
  { name: "submission_timestamp", type: "datetime" },
  { name: "completion_timestamp", type: "datetime" },
  { name: "reasons", type: { list: "str" } },
]);
/** Names a model (rendered by Caikit; no 0.18.1 RPC takes it). */
export const MODEL_POINTER = object(RUNTIME_PACKAGE, "ModelPointer", [
  { name: "model_id", type: "str" },
]);
