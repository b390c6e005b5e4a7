/**
 * Real clients for the ops services, as outside tools would use them: a
 * grpc-js client of the ModelRepository service built from the runtime's
 * proto, a server reflection client built from the reflection protos that
 * ship in the @grpc/reflection package (snake_case fields, as on the wire),
 * a FileDescriptorProto decoder, and helpers that write model folders.
 *
 * @module
 */
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import descriptor from "protobufjs/ext/descriptor";
import type { OnnxModelSpec } from "../../runtime/backends/onnx/graph_types.ts";
import { encodeOnnxModel } from "../../runtime/backends/onnx/model_writer.ts";
import { grpcObject } from "../../runtime/protocols/wire/proto_loader.ts";
import { PROJECT_ROOT } from "./cli.ts";

/** Calls a unary method of `client` and resolves with its answer. */
export function unary<T>(
  client: grpc.Client,
  method: string,
  request: unknown,
  metadata = new grpc.Metadata(),
): Promise<T> {
  const call = (client as unknown as Record<string, CallableFunction>)[method].bind(client);
  return new Promise((resolve, reject) => {
    call(request, metadata, { deadline: Date.now() + 60_000 }, (error: Error | null, answer: T) => {
      if (error) reject(error);
      else resolve(answer);
    });
  });
}

/** A client of modelruntime.v1.ModelRepository at `target`. */
export function repositoryClient(target: string): grpc.Client {
  const pkg = grpcObject("model_repository.proto") as unknown as {
    modelruntime: { v1: { ModelRepository: grpc.ServiceClientConstructor } };
  };
  return new pkg.modelruntime.v1.ModelRepository(target, grpc.credentials.createInsecure());
}

/** The reflection protocol versions a client can speak. */
export type ReflectionVersion = "v1" | "v1alpha";

/** A server reflection client: one request, one answer, per call. */
export interface ReflectionClient {
  /** Sends one ServerReflectionRequest (snake_case fields) and resolves with the answer. */
  ask(request: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Closes the channel. */
  close(): void;
}

/** A reflection client of `target` speaking `version`. */
export function reflectionClient(target: string, version: ReflectionVersion): ReflectionClient {
  const file = join(
    PROJECT_ROOT,
    "node_modules/@grpc/reflection/build/proto/grpc/reflection",
    version,
    "reflection.proto",
  );
  const definition = protoLoader.loadSync(file, { keepCase: true, oneofs: true, defaults: true });
  const loaded = grpc.loadPackageDefinition(definition) as unknown as {
    grpc: { reflection: Record<string, { ServerReflection: grpc.ServiceClientConstructor }> };
  };
  const Client = loaded.grpc.reflection[version].ServerReflection;
  const client = new Client(target, grpc.credentials.createInsecure());
  return {
    ask(request) {
      return new Promise((resolve, reject) => {
        const stream = (client as unknown as {
          ServerReflectionInfo(): grpc.ClientDuplexStream<unknown, Record<string, unknown>>;
        }).ServerReflectionInfo();
        stream.on("data", (answer) => {
          resolve(answer);
          stream.end();
        });
        stream.on("error", reject);
        stream.write(request);
      });
    },
    close: () => client.close(),
  };
}

/** A decoded google.protobuf.FileDescriptorProto (the parts tests read). */
export interface FileDescriptor {
  /** File name. */
  readonly name: string;
  /** Package ("" when none). */
  readonly package: string;
  /** Top-level messages with their field names. */
  readonly messageType: readonly { name: string; field: readonly { name: string }[] }[];
  /** Services with their method names. */
  readonly service: readonly { name: string; method: readonly { name: string }[] }[];
}

/** Decodes the `file_descriptor_proto` bytes of a reflection answer. */
export function decodeFileDescriptors(answer: Record<string, unknown>): FileDescriptor[] {
  const files = (answer.file_descriptor_response as { file_descriptor_proto: Uint8Array[] })
    .file_descriptor_proto;
  return files.map((bytes) => {
    const decoded = descriptor.FileDescriptorProto.decode(bytes) as unknown as Partial<
      FileDescriptor
    >;
    return {
      name: decoded.name ?? "",
      package: decoded.package ?? "",
      messageType: decoded.messageType ?? [],
      service: decoded.service ?? [],
    };
  });
}

/** Writes `spec` as `<dir>/model.onnx`, creating `dir`. */
export async function writeOnnxFolder(dir: string, spec: OnnxModelSpec): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeFile(join(dir, "model.onnx"), encodeOnnxModel(spec));
}

/** Polls `condition` every 100 ms until it holds or `timeoutMs` passes; returns whether it held. */
export async function eventually(
  condition: () => Promise<boolean> | boolean,
  timeoutMs = 20_000,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}
