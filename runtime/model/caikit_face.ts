/**
 * A module's Caikit face: how a module declares, in TypeScript, what Caikit
 * would read from a Python module's type hints — its library, its Caikit
 * identity (module id, class name, version), the task it serves (the
 * `run()` parameters and the output data object) and, when it trains, its
 * `train()` parameters (a `DataStream` of training records among them).
 * The Caikit door (runtime/protocols/caikit/) derives the gRPC services,
 * messages and field numbers from these declarations by Caikit's rules, so
 * Caikit clients call the module unchanged. Plain data: types only, plus the
 * optional conversions between the task's values and the module's own
 * input and output documents.
 *
 * Values cross the face in Caikit's JSON form (as Caikit's HTTP API writes
 * them): `int` and `float` are numbers, `bytes` base64 text, `datetime` an
 * RFC 3339 text, `dict` any JSON object, an enum its value's name, a union
 * the member's value, a data object a JSON object keyed by field name.
 *
 * @module
 */

/** A primitive Caikit type (Python `str`, `int`, `float`, `bool`, `bytes`, `datetime`, `dict`). */
export type CaikitPrimitive = "str" | "int" | "float" | "bool" | "bytes" | "datetime" | "dict";

/** A Caikit data object (`@dataobject` class): a message in its own package. */
export interface CaikitDataObject {
  /** Marks a data object. */
  readonly kind: "object";
  /** Its proto package, e.g. `caikit_template.data_model`. */
  readonly package: string;
  /** Its class name, e.g. `HelloWorldInput`. */
  readonly name: string;
  /** Its fields in declaration order (inherited fields first). */
  readonly fields: readonly CaikitField[];
}

/** A Caikit enum (a Python `Enum` in a data-model package). */
export interface CaikitEnum {
  /** Marks an enum. */
  readonly kind: "enum";
  /** Its proto package. */
  readonly package: string;
  /** Its class name. */
  readonly name: string;
  /** Its values by name (`PLACEHOLDER_UNSET = 0` is added when none is 0). */
  readonly values: Readonly<Record<string, number>>;
}

/** A list of values (`List[T]`): a repeated field. */
export interface CaikitList {
  /** The element type. */
  readonly list: CaikitType;
}

/** A union (`Union[A, B, …]`): a oneof named like the field. */
export interface CaikitUnion {
  /** The member types, in declaration order (primitives, data objects or enums). */
  readonly union: readonly CaikitType[];
}

/** Any type a field or parameter can have. */
export type CaikitType = CaikitPrimitive | CaikitDataObject | CaikitEnum | CaikitList | CaikitUnion;

/** A training data stream (`DataStream[T]`): only a `train()` parameter has one. */
export interface CaikitDataStream {
  /** The type of one training record. */
  readonly stream: CaikitType;
}

/** One field of a data object, or one parameter of `run()` or `train()`. */
export interface CaikitField {
  /** Its name (snake_case, as in Python). */
  readonly name: string;
  /** Its type. */
  readonly type: CaikitType;
  /**
   * `Optional[T]`, or a parameter with a default value: a proto3 `optional`
   * field, left out when the caller does not set it.
   */
  readonly optional?: boolean;
  /** An explicit field number (Caikit's `FieldNumber` annotation); default: its position. */
  readonly number?: number;
}

/** One `train()` parameter: a field, or the training data stream. */
export interface CaikitTrainParameter {
  /** Its name. */
  readonly name: string;
  /** Its type: a data stream of records, or any field type. */
  readonly type: CaikitType | CaikitDataStream;
  /** A parameter with a default: proto3 `optional`. */
  readonly optional?: boolean;
}

/** A task: a named contract from the `run()` parameters to an output data object. */
export interface CaikitTask {
  /** Its class name, e.g. `HelloWorldTask` (the RPC is `<Task>Predict`). */
  readonly name: string;
  /** The `run()` parameters, in signature order. */
  readonly parameters: readonly CaikitField[];
  /** The output data object. */
  readonly output: CaikitDataObject;
}

/** Who the module is to Caikit (a saved model's `config.yml` names it). */
export interface CaikitModuleIdentity {
  /** Caikit module id (a UUID; older `config.yml` files call it `block_id`). */
  readonly id: string;
  /** The module class name, e.g. `HelloWorldModule` (used in `<Task><Module>Train`). */
  readonly name: string;
  /** Its version, e.g. `0.0.1`. */
  readonly version: string;
}

/** How a module trains through Caikit. */
export interface CaikitTraining {
  /** The `train()` parameters, in signature order; exactly one is a data stream. */
  readonly parameters: readonly CaikitTrainParameter[];
  /**
   * Turns the `train()` parameters other than the data stream (Caikit JSON;
   * unset optional ones absent) into the module's string training
   * parameters; default: each set value as text.
   */
  readonly toParams?: (parameters: Readonly<Record<string, unknown>>) => Record<string, string>;
}

/** A module's Caikit face. */
export interface CaikitFace {
  /** The Caikit library, e.g. `caikit_template` (its domain names the services). */
  readonly library: string;
  /** The module's Caikit identity. */
  readonly module: CaikitModuleIdentity;
  /** The task the module serves. */
  readonly task: CaikitTask;
  /** How it trains; absent when it cannot. */
  readonly training?: CaikitTraining;
  /**
   * Turns the task's parameters (Caikit JSON, keyed by parameter name; unset
   * optional ones absent) into the module's input document; default: the
   * parameters object itself. It may answer a promise (a bundle's model
   * code runs it in its worker).
   */
  readonly toInput?: (parameters: Readonly<Record<string, unknown>>) => unknown;
  /**
   * Turns the module's result into the output data object (Caikit JSON);
   * default: as is. It may answer a promise.
   */
  readonly toOutput?: (result: unknown) => unknown;
}

/** True when `type` is a data object. */
export function isDataObject(type: unknown): type is CaikitDataObject {
  return typeof type === "object" && type !== null && (type as CaikitDataObject).kind === "object";
}

/** True when `type` is an enum. */
export function isEnum(type: unknown): type is CaikitEnum {
  return typeof type === "object" && type !== null && (type as CaikitEnum).kind === "enum";
}

/** True when `type` is a training data stream. */
export function isDataStream(type: unknown): type is CaikitDataStream {
  return typeof type === "object" && type !== null && "stream" in type;
}
