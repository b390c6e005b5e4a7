/**
 * Request bodies of Caikit's HTTP API as Caikit JSON: each value checked
 * against its declared Caikit type (a body that does not fit answers 422,
 * naming where), fields a client left out given their proto3 defaults as a
 * gRPC request would have them, keys the type does not know refused (as
 * Caikit's pydantic models do); a predict body's `inputs` (the task's one
 * required parameter, or an object of several) and `parameters` (the
 * optional ones); a train body's data stream, whose `data_stream` member is
 * told by its shape (`data`, `filename`, `files`, `dirname`) or named.
 *
 * @module
 */
import {
  type CaikitField,
  type CaikitTask,
  type CaikitType,
  isDataObject,
  isEnum,
} from "../../model/caikit_face.ts";
import { invalidBody } from "./caikit_http_errors.ts";
import { S3_BASE_FIELD_NAMES } from "./caikit_common.ts";
import type { TrainRpc } from "./caikit_schema.ts";
import type { StreamSource } from "./training_source.ts";

type Json = Record<string, unknown>;

/** The JSON object body of `request`; 422 when it is not valid JSON or not an object. */
export async function readJsonObject(request: Request): Promise<Json> {
  let body: unknown;
  try {
    body = JSON.parse(await request.text());
  } catch (error) {
    throw invalidBody(`the request body is not valid JSON: ${(error as Error).message}`);
  }
  return objectAt(body, "body");
}

function objectAt(value: unknown, where: string): Json {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw invalidBody(`${where}: expected an object, got ${describe(value)}`);
  }
  return value as Json;
}

function describe(value: unknown): string {
  return value === undefined ? "nothing" : JSON.stringify(value).slice(0, 80);
}

/** Refuses the keys of `json` that are not in `known`. */
export function onlyKeys(json: Json, known: readonly string[], where: string): void {
  const extra = Object.keys(json).filter((key) => !known.includes(key));
  if (extra.length > 0) {
    throw invalidBody(
      `${where}: unknown field(s) ${extra.join(", ")} (known: ${known.join(", ")})`,
    );
  }
}

/** The proto3 default a gRPC request has for an unset field of `type`. */
function defaultOf(type: CaikitType): unknown {
  if (isEnum(type)) {
    return Object.entries(type.values).find(([, number]) => number === 0)?.[0] ??
      "PLACEHOLDER_UNSET";
  }
  if (typeof type === "object") return "list" in type ? [] : null;
  switch (type) {
    case "str":
    case "bytes":
      return "";
    case "int":
    case "float":
      return 0;
    case "bool":
      return false;
    default:
      return null;
  }
}

/** The Caikit JSON of the fields `fields` from `json`; 422 for what does not fit. */
export function fieldsFromHttp(fields: readonly CaikitField[], json: Json, where: string): Json {
  onlyKeys(json, fields.map((field) => field.name), where);
  const out: Json = {};
  for (const field of fields) {
    const value = json[field.name];
    if (value === undefined || value === null) {
      if (field.optional || (typeof field.type === "object" && "union" in field.type)) continue;
      out[field.name] = defaultOf(field.type);
      continue;
    }
    out[field.name] = valueFromHttp(field.type, value, `${where}.${field.name}`);
  }
  return out;
}

/** The Caikit JSON of `value` of type `type`; 422 naming `where` when it does not fit. */
export function valueFromHttp(type: CaikitType, value: unknown, where: string): unknown {
  const wrong = (expected: string) =>
    invalidBody(`${where}: expected ${expected}, got ${describe(value)}`);
  if (isDataObject(type)) return fieldsFromHttp(type.fields, objectAt(value, where), where);
  if (isEnum(type)) {
    if (typeof value === "string" && value in type.values) return value;
    throw wrong(`one of ${Object.keys(type.values).join(", ")}`);
  }
  if (typeof type === "object") {
    if ("list" in type) {
      if (!Array.isArray(value)) throw wrong("a list");
      return value.map((item, index) => valueFromHttp(type.list, item, `${where}[${index}]`));
    }
    for (const member of type.union) {
      try {
        return valueFromHttp(member, value, where);
      } catch {
        // Try the next member.
      }
    }
    throw wrong("a value of one of the union's types");
  }
  switch (type) {
    case "str":
      if (typeof value !== "string") throw wrong("a string");
      return value;
    case "bytes":
      if (typeof value !== "string" || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(value)) {
        throw wrong("base64 text");
      }
      return value;
    case "int":
      if (!Number.isInteger(value)) throw wrong("an integer");
      return value;
    case "float":
      if (typeof value !== "number") throw wrong("a number");
      return value;
    case "bool":
      if (typeof value !== "boolean") throw wrong("true or false");
      return value;
    case "datetime":
      if (typeof value !== "string" || Number.isNaN(new Date(value).getTime())) {
        throw wrong("an RFC 3339 date-time");
      }
      return value;
    case "dict":
      return objectAt(value, where);
  }
}

/**
 * The task's parameters of a predict body `{"inputs", "parameters"}`:
 * `inputs` is the task's one required parameter or, with several, an object
 * of them; `parameters` holds the optional ones.
 */
export function predictParameters(task: CaikitTask, body: Json): Json {
  const required = task.parameters.filter((parameter) => !parameter.optional);
  const optional = task.parameters.filter((parameter) => parameter.optional);
  const parameters: Json = {};
  if (body.inputs === undefined || body.inputs === null) {
    if (required.length > 0) throw invalidBody("inputs: field required");
  } else if (required.length === 1) {
    const [only] = required;
    parameters[only.name] = valueFromHttp(only.type, body.inputs, "inputs");
  } else {
    Object.assign(parameters, fieldsFromHttp(required, objectAt(body.inputs, "inputs"), "inputs"));
  }
  const given = body.parameters === undefined || body.parameters === null
    ? {}
    : objectAt(body.parameters, "parameters");
  Object.assign(parameters, fieldsFromHttp(optional, given, "parameters"));
  return parameters;
}

/** How a `data_stream` member is recognised by its keys. */
const STREAM_SHAPES: readonly { member: string; kind: StreamSource["kind"]; keys: string[] }[] = [
  { member: "jsondata", kind: "jsondata", keys: ["data"] },
  { member: "file", kind: "file", keys: ["filename"] },
  { member: "directory", kind: "directory", keys: ["dirname", "extension"] },
  { member: "listoffiles", kind: "listoffiles", keys: ["files"] },
  { member: "list_of_files", kind: "listoffiles", keys: ["files"] },
];

/** The `DataStreamSource<T>` JSON `json` (at `where`) of `train` as a {@link StreamSource}. */
export function streamSourceFromHttp(train: TrainRpc, json: unknown, where: string): StreamSource {
  if (json === undefined || json === null) return { kind: "empty" };
  const source = objectAt(json, where);
  let member: string | undefined;
  let value: Json;
  if ("data_stream" in source) {
    onlyKeys(source, ["data_stream"], where);
    value = objectAt(source.data_stream, `${where}.data_stream`);
    const keys = Object.keys(value);
    const s3 = keys.some((key) => S3_BASE_FIELD_NAMES.includes(key));
    member = s3
      ? "s3files"
      : STREAM_SHAPES.find((shape) =>
        keys.length > 0 && keys.every((key) => shape.keys.includes(key))
      )?.member;
    if (member === undefined) {
      throw invalidBody(
        `${where}.data_stream: expected {data}, {filename}, {files} or {dirname, extension}`,
      );
    }
  } else {
    const names = [...STREAM_SHAPES.map((shape) => shape.member), "s3files"];
    onlyKeys(source, names, where);
    const [only, ...more] = Object.keys(source);
    if (only === undefined) return { kind: "empty" };
    if (more.length > 0) throw invalidBody(`${where}: set one data stream source, not several`);
    member = only;
    value = objectAt(source[only], `${where}.${only}`);
  }
  const at = `${where}.data_stream`;
  const text = (key: string) => String(valueFromHttp("str", value[key] ?? "", `${at}.${key}`));
  switch (member) {
    case "jsondata": {
      onlyKeys(value, ["data"], at);
      const records = valueFromHttp({ list: train.stream.element }, value.data ?? [], `${at}.data`);
      return { kind: "jsondata", records: records as Json[] };
    }
    case "file":
      onlyKeys(value, ["filename"], at);
      return { kind: "file", filename: text("filename") };
    case "directory":
      onlyKeys(value, ["dirname", "extension"], at);
      return { kind: "directory", dirname: text("dirname"), extension: text("extension") };
    case "s3files":
      return { kind: "s3files" };
    default:
      onlyKeys(value, ["files"], at);
      return {
        kind: "listoffiles",
        files: valueFromHttp({ list: "str" }, value.files ?? [], `${at}.files`) as string[],
      };
  }
}

/** A train body as a Caikit train request (see caikit_training.ts). */
export interface HttpTrainRequest {
  /** The model's name. */
  readonly modelName: string;
  /** The S3 output path, when set (refused by training). */
  readonly outputPath: Json | null;
  /** Where the records come from. */
  readonly source: StreamSource;
  /** The other `train()` parameters. */
  readonly parameters: Json;
}

/**
 * The train body `body` of `train`: 0.18.1's `{"inputs": {"model_name",
 * "output_path", <train() parameters>}}` (the `inputs` wrapper may be left
 * out), or with `nested` (0.19 on) `{"model_name", "output_path",
 * "parameters": {<train() parameters>}}`.
 */
export function trainRequestFromHttp(
  train: TrainRpc,
  body: Json,
  nested: boolean,
): HttpTrainRequest {
  const head = ["model_name", "output_path"];
  const wrapped = !nested && body.inputs !== undefined;
  const top = wrapped ? objectAt(body.inputs, "inputs") : body;
  const where = wrapped ? "inputs" : "body";
  const names = [train.stream.name, ...train.parameters.map((parameter) => parameter.name)];
  onlyKeys(top, nested ? [...head, "parameters"] : [...head, ...names], where);
  const holder = nested ? objectAt(top.parameters ?? {}, `${where}.parameters`) : top;
  const at = nested ? `${where}.parameters` : where;
  const rest: Json = {};
  for (const [key, value] of Object.entries(holder)) {
    if (key !== train.stream.name && !head.includes(key)) rest[key] = value;
  }
  if (nested) onlyKeys(holder, names, at);
  const output = top.output_path;
  return {
    modelName: String(valueFromHttp("str", top.model_name ?? "", `${where}.model_name`)),
    outputPath: output === undefined || output === null
      ? null
      : objectAt(output, `${where}.output_path`),
    source: streamSourceFromHttp(train, holder[train.stream.name], `${at}.${train.stream.name}`),
    parameters: fieldsFromHttp(train.parameters, rest, at),
  };
}
