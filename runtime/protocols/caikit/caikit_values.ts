/**
 * Values between the gRPC wire and Caikit's JSON form, by their declared
 * Caikit types: a decoded message (protobufjs objects with the loader's
 * options: 64-bit ints as text, enums by name, unset messages null, a
 * oneof's member named by a virtual field) becomes the JSON a module and
 * Caikit's HTTP API see — `int` a number, `bytes` base64, `datetime` RFC
 * 3339 text, `dict` a JSON object, a union the member's value, an unset
 * optional field absent — and back.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { internalError } from "../../base/errors.ts";
import {
  type CaikitField,
  type CaikitType,
  isDataObject,
  isEnum,
} from "../../model/caikit_face.ts";
import { unionMember } from "./caikit_names.ts";

type Wire = Record<string, unknown>;

/** The Caikit JSON of the decoded message `wire` whose fields are `fields`. */
export function fieldsFromWire(
  fields: readonly CaikitField[],
  wire: Wire,
): Record<string, unknown> {
  const json: Record<string, unknown> = {};
  for (const field of fields) {
    const type = field.type;
    if (typeof type === "object" && "union" in type) {
      const member = wire[field.name];
      const index = type.union.findIndex((each) => unionMember(field.name, each) === member);
      if (index >= 0) json[field.name] = fromWire(type.union[index], wire[member as string]);
      continue;
    }
    if (field.optional && wire[field.name] === undefined) continue;
    json[field.name] = fromWire(type, wire[field.name]);
  }
  return json;
}

/** The Caikit JSON of one decoded value of type `type` (null for an unset message). */
export function fromWire(type: CaikitType, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (isDataObject(type)) return fieldsFromWire(type.fields, value as Wire);
  if (isEnum(type)) return value;
  if (typeof type === "object") {
    if ("list" in type) return (value as unknown[]).map((item) => fromWire(type.list, item));
    throw internalError("a union is only a field of a data object");
  }
  switch (type) {
    case "int":
      return Number(value);
    case "bytes":
      return Buffer.from(value as Uint8Array).toString("base64");
    case "datetime":
      return timestampText(value as { seconds?: string | number; nanos?: number });
    case "dict":
      return structJson(value as Wire);
    default:
      return value;
  }
}

function timestampText(timestamp: { seconds?: string | number; nanos?: number }): string {
  const ms = Number(timestamp.seconds ?? 0) * 1000 + Math.floor((timestamp.nanos ?? 0) / 1e6);
  return new Date(ms).toISOString();
}

function structJson(struct: Wire): Record<string, unknown> {
  const fields = (struct.fields ?? {}) as Record<string, Wire>;
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, valueJson(value)]));
}

function valueJson(value: Wire): unknown {
  switch (value.kind) {
    case "numberValue":
      return value.numberValue;
    case "stringValue":
      return value.stringValue;
    case "boolValue":
      return value.boolValue;
    case "structValue":
      return structJson(value.structValue as Wire);
    case "listValue":
      return ((value.listValue as Wire).values as Wire[] ?? []).map(valueJson);
    default:
      return null;
  }
}

/** The message object (for the serializer) of the Caikit JSON `json` with fields `fields`. */
export function fieldsToWire(fields: readonly CaikitField[], json: unknown, where: string): Wire {
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw internalError(`${where}: expected an object, got ${JSON.stringify(json)}`);
  }
  const source = json as Record<string, unknown>;
  const wire: Wire = {};
  for (const field of fields) {
    const type = field.type;
    if (typeof type === "object" && "union" in type) {
      const explicit = type.union.find((each) => unionMember(field.name, each) in source);
      if (explicit) {
        const name = unionMember(field.name, explicit);
        wire[name] = toWire(explicit, source[name], `${where}.${name}`);
        continue;
      }
      const value = source[field.name];
      if (value === undefined || value === null) continue;
      const member = type.union.find((each) => matches(each, value));
      if (!member) throw internalError(`${where}.${field.name}: no union member fits ${value}`);
      wire[unionMember(field.name, member)] = toWire(member, value, `${where}.${field.name}`);
      continue;
    }
    const value = source[field.name];
    if (value === undefined || value === null) continue;
    wire[field.name] = toWire(type, value, `${where}.${field.name}`);
  }
  return wire;
}

/** The message value of the Caikit JSON `value` of type `type`. */
export function toWire(type: CaikitType, value: unknown, where: string): unknown {
  if (isDataObject(type)) return fieldsToWire(type.fields, value, where);
  if (isEnum(type)) return value;
  if (typeof type === "object") {
    if (!("list" in type) || !Array.isArray(value)) {
      throw internalError(`${where}: expected a list, got ${JSON.stringify(value)}`);
    }
    return value.map((item, index) => toWire(type.list, item, `${where}[${index}]`));
  }
  switch (type) {
    case "datetime": {
      const ms = value instanceof Date ? value.getTime() : new Date(value as string).getTime();
      if (Number.isNaN(ms)) throw internalError(`${where}: not a date: ${value}`);
      return { seconds: Math.floor(ms / 1000), nanos: (((ms % 1000) + 1000) % 1000) * 1e6 };
    }
    case "dict":
      return structWire(value as Record<string, unknown>);
    default:
      return value;
  }
}

/** Whether the JSON `value` fits the union member `type`. */
function matches(type: CaikitType, value: unknown): boolean {
  switch (type) {
    case "str":
    case "bytes":
    case "datetime":
      return typeof value === "string" || (type === "datetime" && value instanceof Date);
    case "int":
      return Number.isInteger(value);
    case "float":
      return typeof value === "number";
    case "bool":
      return typeof value === "boolean";
    case "dict":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    default:
      if (isEnum(type)) return typeof value === "string" && value in type.values;
      if (isDataObject(type)) return typeof value === "object" && value !== null;
      return Array.isArray(value);
  }
}

function structWire(json: Record<string, unknown>): Wire {
  return {
    fields: Object.fromEntries(Object.entries(json).map(([key, value]) => [key, valueWire(value)])),
  };
}

function valueWire(value: unknown): Wire {
  if (value === null || value === undefined) return { nullValue: "NULL_VALUE" };
  if (typeof value === "number") return { numberValue: value };
  if (typeof value === "string") return { stringValue: value };
  if (typeof value === "boolean") return { boolValue: value };
  if (Array.isArray(value)) return { listValue: { values: value.map(valueWire) } };
  return { structValue: structWire(value as Record<string, unknown>) };
}
