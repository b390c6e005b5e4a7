/**
 * Renders Caikit declarations as protobufjs JSON (the `nested` tree
 * `protobuf.Root.fromJSON` reads) by Caikit's rules (caikit-wire.md §4):
 * fields numbered from 1 in declaration order unless a number is given,
 * a union becomes a oneof named like the field whose members
 * (`<field>_<type>`) take consecutive numbers, an optional field is proto3
 * `optional`, a list is `repeated`, an enum gets `PLACEHOLDER_UNSET = 0`
 * when no value is 0, and `str` → string, `int` → int64, `float` →
 * double, `bool`, `bytes`, `datetime` → Timestamp, `dict` → Struct. A
 * message or enum declared twice must be declared alike.
 *
 * @module
 */
import type { CaikitEnum, CaikitField, CaikitType } from "../../model/caikit_face.ts";
import { type CaikitDataObject, isDataObject, isEnum } from "../../model/caikit_face.ts";
import { unionMember } from "./caikit_names.ts";

/** protobufjs JSON of one field. */
interface FieldJson {
  type: string;
  id: number;
  rule?: "repeated";
  options?: { proto3_optional: true };
}

/** A field type that refers to a message rendered otherwise (e.g. a `DataStreamSource<T>`). */
export interface MessageReference {
  /** The message's full name. */
  readonly reference: string;
}

/** A field of a generated message that is no data object: its type may be a reference. */
export interface MessageField extends Omit<CaikitField, "type"> {
  /** Its type. */
  readonly type: CaikitType | MessageReference;
}

/** protobufjs JSON of a message, enum, service or namespace. */
export type NestedJson = Record<string, unknown> & { nested?: Record<string, NestedJson> };

const PRIMITIVES: Readonly<Record<string, string>> = {
  str: "string",
  int: "int64",
  float: "double",
  bool: "bool",
  bytes: "bytes",
  datetime: ".google.protobuf.Timestamp",
  dict: ".google.protobuf.Struct",
};

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A tree of packages being filled with messages, enums and services. */
export class ProtoNamespace {
  /** The protobufjs JSON root. */
  readonly json: NestedJson = { nested: {} };
  readonly #signatures = new Map<string, string>();

  /** Puts `json` at the full name `fullName`; a second, different one is an error. */
  put(fullName: string, json: NestedJson): void {
    const signature = JSON.stringify(json);
    const known = this.#signatures.get(fullName);
    if (known !== undefined) {
      if (known !== signature) throw new Error(`${fullName} is declared twice, differently`);
      return;
    }
    const parts = fullName.split(".");
    for (const part of parts) {
      if (!IDENTIFIER.test(part)) throw new Error(`'${fullName}' is not a valid proto name`);
    }
    let namespace = this.json;
    for (const part of parts.slice(0, -1)) {
      namespace.nested ??= {};
      namespace = namespace.nested[part] ??= { nested: {} };
    }
    namespace.nested ??= {};
    namespace.nested[parts.at(-1)!] = json;
    this.#signatures.set(fullName, signature);
  }

  /** Whether something is declared at `fullName`. */
  has(fullName: string): boolean {
    return this.#signatures.has(fullName);
  }

  /** Renders the data object `object` (and everything it uses); returns its absolute name. */
  message(object: CaikitDataObject): string {
    const fullName = `${object.package}.${object.name}`;
    this.put(fullName, this.messageJson(object.fields, fullName));
    return `.${fullName}`;
  }

  /** Renders `fields` as the JSON of the message `owner` (for messages that are no data object). */
  messageJson(fields: readonly MessageField[], owner: string): NestedJson {
    const fieldsJson: Record<string, FieldJson> = {};
    const oneofs: Record<string, { oneof: string[] }> = {};
    const optionals: Record<string, { oneof: string[] }> = {};
    const used = new Set<number>();
    let next = 1;
    const take = (name: string, number: number | undefined): number => {
      const id = number ?? next;
      if (!Number.isInteger(id) || id < 1 || used.has(id)) {
        throw new Error(`${owner}.${name}: field number ${id} is invalid or taken`);
      }
      used.add(id);
      next = id + 1;
      return id;
    };
    for (const field of fields) {
      if (!IDENTIFIER.test(field.name)) throw new Error(`${owner}: bad field name '${field.name}'`);
      const type = field.type;
      if (typeof type === "object" && "reference" in type) {
        fieldsJson[field.name] = { type: `.${type.reference}`, id: take(field.name, field.number) };
        continue;
      }
      if (typeof type === "object" && "union" in type) {
        if (type.union.length === 0) throw new Error(`${owner}.${field.name}: an empty union`);
        const members: string[] = [];
        type.union.forEach((member, index) => {
          const name = unionMember(field.name, member);
          const number = index === 0 ? field.number : undefined;
          fieldsJson[name] = {
            type: this.#single(member, `${owner}.${name}`),
            id: take(name, number),
          };
          members.push(name);
        });
        oneofs[field.name] = { oneof: members };
        continue;
      }
      const entry: FieldJson = typeof type === "object" && "list" in type
        ? { rule: "repeated", type: this.#single(type.list, `${owner}.${field.name}`), id: 0 }
        : { type: this.#single(type, `${owner}.${field.name}`), id: 0 };
      entry.id = take(field.name, field.number);
      if (field.optional) {
        if (entry.rule) throw new Error(`${owner}.${field.name}: a list cannot be optional`);
        entry.options = { proto3_optional: true };
        optionals[`_${field.name}`] = { oneof: [field.name] };
      }
      fieldsJson[field.name] = entry;
    }
    // Synthetic oneofs of optional fields come after the real ones, as protoc orders them.
    const allOneofs = { ...oneofs, ...optionals };
    return Object.keys(allOneofs).length > 0
      ? { oneofs: allOneofs, fields: fieldsJson }
      : { fields: fieldsJson };
  }

  /** Renders `type` (no list or union) and returns the name a field refers to it by. */
  #single(type: CaikitType, where: string): string {
    if (typeof type === "string") {
      const primitive = PRIMITIVES[type];
      if (primitive === undefined) throw new Error(`${where}: unknown type '${type}'`);
      return primitive;
    }
    if (isDataObject(type)) return this.message(type);
    if (isEnum(type)) return this.enumeration(type);
    throw new Error(`${where}: a list or union cannot be nested in a list or union`);
  }

  /** Renders the enum `enumeration`; returns its absolute name. */
  enumeration(enumeration: CaikitEnum): string {
    const fullName = `${enumeration.package}.${enumeration.name}`;
    const values: Record<string, number> = {};
    if (!Object.values(enumeration.values).includes(0)) values.PLACEHOLDER_UNSET = 0;
    Object.assign(values, enumeration.values);
    this.put(fullName, { values });
    return `.${fullName}`;
  }
}
