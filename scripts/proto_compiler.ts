/**
 * Compiles the gRPC `.proto` files the runtime serves into the JSON files of
 * `protos/compiled/`, which runtime/protocols/wire/proto_loader.ts reads at start
 * instead of parsing `.proto` text: the protobufjs JSON of the file's types
 * and everything @grpc/proto-loader would compute from them (serialized file
 * descriptors, descriptor objects, method paths and options). The compiled
 * form comes from @grpc/proto-loader itself, so a definition built from it
 * equals the one `loadSync` builds. `deno task protos` writes the files;
 * tests/compiled_protos_test.ts fails when they are not what this module
 * makes of protos/ now.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { dirname, join, resolve } from "node:path";
import * as protoLoader from "@grpc/proto-loader";
import protobuf from "protobufjs";
import { protoPath as healthProtoPath } from "grpc-health-check";
import { projectPath, protoPath } from "../runtime/base/assets.ts";
import { compiledProtoFiles } from "../runtime/server/protocol_list.ts";
import {
  type CompiledDefinition,
  type CompiledMethod,
  type CompiledProto,
  compiledProtoPath,
  LOADER_OPTIONS,
} from "../runtime/protocols/wire/proto_loader.ts";

/**
 * Where the `.proto` source of a compiled file is: its folder and its name
 * in it, which is the name its file descriptor carries (so reflection names
 * the same file wherever the runtime is installed). `health.proto` is the
 * grpc-health-check package's `health/v1/health.proto`; the others are in protos/.
 */
export function protoSource(fileName: string): { dir: string; name: string } {
  if (fileName === "health.proto") {
    return { dir: resolve(dirname(healthProtoPath), "..", ".."), name: "health/v1/health.proto" };
  }
  return { dir: dirname(protoPath(fileName)), name: fileName };
}

/** The compiled form of the `.proto` file `fileName` (one a protocol declares in its `protoFiles`). */
export function compileProto(fileName: string): CompiledProto {
  const { dir, name } = protoSource(fileName);
  const packageDefinition = protoLoader.loadSync(name, { ...LOADER_OPTIONS, includeDirs: [dir] });
  const root = new protobuf.Root().loadSync(join(dir, name), { keepCase: true });
  root.resolveAll();
  const definitions: Record<string, CompiledDefinition> = {};
  let fileDescriptorProtos: string[] | null = null;
  for (const [name, definition] of Object.entries(packageDefinition)) {
    if ("format" in definition) {
      const type = definition as protoLoader.MessageTypeDefinition<object, object>;
      fileDescriptorProtos ??= type.fileDescriptorProtos.map((bytes) => base64(bytes));
      definitions[name] = { format: type.format, type: type.type };
      continue;
    }
    const service = root.lookupService(name);
    const methods: Record<string, CompiledMethod> = {};
    for (const [methodName, method] of Object.entries(definition)) {
      const reflected = service.methods[methodName];
      methods[methodName] = {
        path: method.path,
        requestStream: method.requestStream,
        responseStream: method.responseStream,
        originalName: method.originalName ?? methodName,
        requestType: fullName(reflected.resolvedRequestType),
        responseType: fullName(reflected.resolvedResponseType),
        options: (method as { options?: unknown }).options ?? {},
      };
    }
    definitions[name] = { methods };
  }
  return {
    generatedBy: "scripts/compile_protos.ts (deno task protos); do not edit",
    root: root.toJSON() as Record<string, unknown>,
    fileDescriptorProtos: fileDescriptorProtos ?? [],
    definitions,
  };
}

/** The text of the compiled file of `fileName` exactly as `deno task protos` writes it. */
export function compiledProtoText(fileName: string): string {
  return JSON.stringify(compileProto(fileName), null, 2) + "\n";
}

/** Writes every compiled file into protos/compiled/; returns the paths written. */
export function writeCompiledProtos(): string[] {
  Deno.mkdirSync(projectPath("protos", "compiled"), { recursive: true });
  return compiledProtoFiles().map((fileName) => {
    const path = compiledProtoPath(fileName);
    Deno.writeTextFileSync(path, compiledProtoText(fileName));
    return path;
  });
}

function fullName(type: protobuf.Type | null): string {
  if (type === null) throw new Error("a method type did not resolve");
  return type.fullName.replace(/^\./, "");
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64");
}
