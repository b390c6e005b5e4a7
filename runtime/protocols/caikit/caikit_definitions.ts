/**
 * gRPC service definitions of the derived Caikit surface: the derived
 * packages, the ModelMesh API and Google's Timestamp and Struct become one
 * protobufjs Root, whose messages get @grpc/proto-loader's serializers
 * (same options as every other service) and whose file descriptors — one
 * file per package, Google's types in their usual files, each listing the
 * files it imports — let reflection describe every service completely.
 * protobufjs's descriptor extension (which builds Google's descriptor
 * types, ~20 ms) is imported only when the definitions are built, in the
 * server's late stage: a static import of an npm package stays a static
 * import in the serve bundle, evaluated before anything is served.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import type * as grpc from "@grpc/grpc-js";
import protobuf from "protobufjs";
import { deserializer, serializer } from "../wire/proto_loader.ts";
import type { NestedJson } from "./proto_namespace.ts";

/** The Root and the service definitions built from it. */
export interface CaikitDefinitions {
  /** Every type, resolved. */
  readonly root: protobuf.Root;
  /** Serialized file descriptors of every file, for reflection. */
  readonly files: readonly Buffer[];
  /** The definition of the service `fullName` (built once). */
  service(fullName: string): grpc.ServiceDefinition;
}

/** Google's well-known types used by Caikit, and the files they live in. */
const GOOGLE_FILES: Readonly<Record<string, string>> = {
  Timestamp: "google/protobuf/timestamp.proto",
  Struct: "google/protobuf/struct.proto",
  Value: "google/protobuf/struct.proto",
  ListValue: "google/protobuf/struct.proto",
  NullValue: "google/protobuf/struct.proto",
};

/** Merges the `nested` trees of `trees` (later ones add to earlier ones). */
export function mergeNested(...trees: NestedJson[]): NestedJson {
  const merged: NestedJson = { nested: {} };
  for (const tree of trees) {
    for (const [name, value] of Object.entries(tree.nested ?? {})) {
      const existing = merged.nested![name];
      merged.nested![name] = existing?.nested && value.nested && !existing.fields && !value.fields
        ? mergeNested(existing, value)
        : value;
    }
  }
  return merged;
}

/** protobufjs's descriptor extension (it also adds `Root.toDescriptor`). */
type DescriptorExtension = typeof import("protobufjs/ext/descriptor");

/** Builds the definitions of every service in the packages `json`. */
export async function buildCaikitDefinitions(json: NestedJson): Promise<CaikitDefinitions> {
  // A CommonJS module: its exports are the namespace's default.
  const extension = await import("protobufjs/ext/descriptor");
  const descriptor = (extension as unknown as { default: DescriptorExtension }).default;
  const root = protobuf.Root.fromJSON(mergeNested(
    json,
    protobuf.common.get("google/protobuf/timestamp.proto") as NestedJson,
    protobuf.common.get("google/protobuf/struct.proto") as NestedJson,
  ));
  root.resolveAll();
  const files = fileDescriptors(root, descriptor);
  const built = new Map<string, grpc.ServiceDefinition>();
  const messageType = (type: protobuf.Type) => ({
    format: "Protocol Buffer 3 DescriptorProto",
    type: {},
    fileDescriptorProtos: files,
    serialize: serializer(type),
    deserialize: deserializer(type),
  });
  return {
    root,
    files,
    service(fullName) {
      let definition = built.get(fullName);
      if (definition) return definition;
      const service = root.lookupService(fullName);
      const methods: Record<string, grpc.MethodDefinition<object, object>> = {};
      for (const method of service.methodsArray) {
        const request = method.resolvedRequestType!;
        const response = method.resolvedResponseType!;
        methods[method.name] = {
          path: `/${fullName}/${method.name}`,
          requestStream: method.requestStream ?? false,
          responseStream: method.responseStream ?? false,
          requestSerialize: serializer(request),
          requestDeserialize: deserializer(request),
          responseSerialize: serializer(response),
          responseDeserialize: deserializer(response),
          originalName: method.name[0].toLowerCase() + method.name.slice(1),
          requestType: messageType(request),
          responseType: messageType(response),
        } as grpc.MethodDefinition<object, object>;
      }
      definition = methods as grpc.ServiceDefinition;
      built.set(fullName, definition);
      return definition;
    },
  };
}

/** The file a top-level type of package `pkg` is declared in. */
function fileOf(pkg: string, typeName: string): string {
  if (pkg === "google.protobuf") return GOOGLE_FILES[typeName] ?? "google/protobuf/other.proto";
  return `${pkg.replace(/\./g, "_")}.proto`;
}

/** One encoded FileDescriptorProto per file, each naming the files it imports. */
function fileDescriptors(root: protobuf.Root, descriptor: DescriptorExtension): Buffer[] {
  type FileProto = protobuf.Message & Record<string, unknown> & {
    name: string;
    messageType: { name: string }[];
    enumType: { name: string }[];
    service: { name: string }[];
    dependency: string[];
  };
  const byName = new Map<string, FileProto>();
  const set = root.toDescriptor("proto3") as unknown as { file: FileProto[] };
  for (const file of set.file) {
    const pkg = (file.package as string | undefined) ?? "";
    for (const kind of ["messageType", "enumType", "service"] as const) {
      for (const entry of file[kind]) {
        const name = fileOf(pkg, entry.name);
        let target = byName.get(name);
        if (!target) {
          target = descriptor.FileDescriptorProto.create({
            name,
            package: pkg,
            syntax: "proto3",
          }) as unknown as FileProto;
          byName.set(name, target);
        }
        target[kind].push(entry as never);
      }
    }
  }
  const imports = new Map<string, Set<string>>();
  const refer = (from: protobuf.ReflectionObject, to: protobuf.ReflectionObject | null) => {
    if (!to) return;
    const [source, target] = [from, to].map((object) => topLevelFile(object));
    if (source === target) return;
    if (!imports.has(source)) imports.set(source, new Set());
    imports.get(source)!.add(target);
  };
  const visit = (object: protobuf.ReflectionObject) => {
    if (object instanceof protobuf.Type) {
      for (const field of object.fieldsArray) refer(object, field.resolvedType);
    }
    if (object instanceof protobuf.Service) {
      for (const method of object.methodsArray) {
        refer(object, method.resolvedRequestType);
        refer(object, method.resolvedResponseType);
      }
    }
    if (object instanceof protobuf.Namespace) object.nestedArray.forEach(visit);
  };
  visit(root);
  return [...byName.values()].map((file) => {
    file.dependency = [...imports.get(file.name) ?? []].sort();
    return Buffer.from(descriptor.FileDescriptorProto.encode(file).finish());
  });
}

/** The file of the top-level type that holds `object`. */
function topLevelFile(object: protobuf.ReflectionObject): string {
  let top = object;
  while (top.parent && !(top.parent instanceof protobuf.Root) && isTypeLike(top.parent)) {
    top = top.parent;
  }
  const pkg = top.parent ? top.parent.fullName.replace(/^\./, "") : "";
  return fileOf(pkg, top.name);
}

function isTypeLike(object: protobuf.ReflectionObject): boolean {
  return object instanceof protobuf.Type || object instanceof protobuf.Service ||
    object instanceof protobuf.Enum;
}
