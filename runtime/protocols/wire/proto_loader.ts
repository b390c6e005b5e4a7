/**
 * The runtime's gRPC package definitions, built from the compiled protos in
 * `protos/compiled/` (resolved through the one asset module) instead of
 * parsing `.proto` text at start: parsing model.proto with
 * @grpc/proto-loader took ~20 ms of every cold start, rebuilding it from its
 * compiled JSON with protobufjs takes ~1 ms. A definition built here equals
 * the one `@grpc/proto-loader`'s `loadSync` builds from the same file with
 * {@link LOADER_OPTIONS} (tests/compiled_protos_test.ts proves it, and that
 * the compiled files match protos/; `deno task protos` rewrites them).
 * Each package definition is built once.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import * as grpc from "@grpc/grpc-js";
import type * as protoLoader from "@grpc/proto-loader";
import protobuf from "protobufjs";
import { projectPath } from "../../base/assets.ts";

/** Options shared by every service: field names as in the .proto, 64-bit ints as strings. */
export const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
};

/** One method of a compiled service: what proto-loader puts on it, types by full name. */
export interface CompiledMethod {
  /** `/package.Service/Method`. */
  readonly path: string;
  /** Whether the client streams. */
  readonly requestStream: boolean;
  /** Whether the server streams. */
  readonly responseStream: boolean;
  /** The method's name in lower camel case (grpc-js client method alias). */
  readonly originalName: string;
  /** Full name of the request message type. */
  readonly requestType: string;
  /** Full name of the response message type. */
  readonly responseType: string;
  /** The method options as proto-loader reports them. */
  readonly options: unknown;
}

/** A compiled message or enum (descriptor object and format) or service (methods). */
export type CompiledDefinition =
  | { readonly format: string; readonly type: unknown }
  | { readonly methods: Readonly<Record<string, CompiledMethod>> };

/** The contents of one file of `protos/compiled/`. */
export interface CompiledProto {
  /** Which script wrote it. */
  readonly generatedBy: string;
  /** The protobufjs JSON of the file's types (field names as in the .proto). */
  readonly root: Record<string, unknown>;
  /** The serialized file descriptors (base64) every definition carries, for reflection. */
  readonly fileDescriptorProtos: readonly string[];
  /** Every message, enum and service, by full name. */
  readonly definitions: Readonly<Record<string, CompiledDefinition>>;
}

/** Absolute path of the compiled form of `fileName`. */
export function compiledProtoPath(fileName: string): string {
  return projectPath("protos", "compiled", `${fileName}.json`);
}

const definitions = new Map<string, protoLoader.PackageDefinition>();

/**
 * The package definition of `fileName` (a file some protocol declares in
 * its descriptor's `protoFiles`), built once from its compiled form.
 */
export function packageDefinition(fileName: string): protoLoader.PackageDefinition {
  let definition = definitions.get(fileName);
  if (!definition) {
    let text: string;
    try {
      text = Deno.readTextFileSync(compiledProtoPath(fileName));
    } catch (error) {
      throw new Error(
        `${fileName} has no compiled form in protos/compiled/ (declare it in a protocol ` +
          `descriptor's protoFiles and run \`deno task protos\`): ${(error as Error).message}`,
      );
    }
    const compiled = JSON.parse(text);
    definition = buildPackageDefinition(compiled as CompiledProto);
    definitions.set(fileName, definition);
  }
  return definition;
}

/** The grpc-js object tree (services and client constructors) of a compiled file. */
export function grpcObject(fileName: string): grpc.GrpcObject {
  return grpc.loadPackageDefinition(packageDefinition(fileName));
}

/** The service definition named `serviceName` (full name, e.g. `ModzyModel`) in `fileName`. */
export function serviceDefinition(
  fileName: string,
  serviceName: string,
): grpc.ServiceDefinition {
  const definition = packageDefinition(fileName)[serviceName];
  // Message and enum definitions carry a `format` key; service definitions do not.
  if (!definition || "format" in definition) {
    throw new Error(`${fileName} has no service ${serviceName}`);
  }
  return definition as grpc.ServiceDefinition;
}

/**
 * The package definition `@grpc/proto-loader` would build for the compiled
 * file: the same serializers (`fromObject` then `encode`; `decode` then
 * `toObject` with {@link LOADER_OPTIONS}), descriptors and method attributes.
 */
export function buildPackageDefinition(compiled: CompiledProto): protoLoader.PackageDefinition {
  const root = protobuf.Root.fromJSON(compiled.root);
  root.resolveAll();
  const files = compiled.fileDescriptorProtos.map((text) => Buffer.from(text, "base64"));
  const messageDefinition = (name: string): protoLoader.MessageTypeDefinition<object, object> => {
    const compiledType = compiled.definitions[name];
    if (!compiledType || !("format" in compiledType)) {
      throw new Error(`compiled proto has no message ${name}`);
    }
    const type = root.lookupType(name);
    return {
      format: compiledType.format as protoLoader.MessageTypeDefinition<object, object>["format"],
      type: compiledType.type as protoLoader.MessageTypeDefinition<object, object>["type"],
      fileDescriptorProtos: files,
      serialize: serializer(type),
      deserialize: deserializer(type),
    };
  };
  const result: protoLoader.PackageDefinition = {};
  for (const [name, compiledDefinition] of Object.entries(compiled.definitions)) {
    if (!("methods" in compiledDefinition)) {
      result[name] = compiledDefinition.format.endsWith("EnumDescriptorProto")
        ? {
          format: compiledDefinition.format as protoLoader.EnumTypeDefinition["format"],
          type: compiledDefinition.type as protoLoader.EnumTypeDefinition["type"],
          fileDescriptorProtos: files,
        }
        : messageDefinition(name);
      continue;
    }
    const service: Record<string, protoLoader.MethodDefinition<object, object>> = {};
    for (const [methodName, method] of Object.entries(compiledDefinition.methods)) {
      const request = messageDefinition(method.requestType);
      const response = messageDefinition(method.responseType);
      service[methodName] = {
        path: method.path,
        requestStream: method.requestStream,
        responseStream: method.responseStream,
        requestSerialize: request.serialize,
        requestDeserialize: request.deserialize,
        responseSerialize: response.serialize,
        responseDeserialize: response.deserialize,
        originalName: method.originalName,
        requestType: request,
        responseType: response,
        options: method.options as protoLoader.MethodDefinition<object, object>["options"],
      };
    }
    result[name] = service;
  }
  return result;
}

/** proto-loader's serializer: an object becomes a message, then bytes. */
export function serializer(type: protobuf.Type): (value: object) => Buffer {
  return (value) => {
    if (Array.isArray(value)) {
      throw new Error(
        `Failed to serialize message: expected object with ${type.name} structure, got array instead`,
      );
    }
    return type.encode(type.fromObject(value)).finish() as Buffer;
  };
}

/** proto-loader's deserializer: bytes become a message, then a plain object. */
export function deserializer(type: protobuf.Type): (bytes: Buffer) => object {
  return (bytes) => type.toObject(type.decode(bytes), LOADER_OPTIONS);
}
