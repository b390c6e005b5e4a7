/**
 * A Caikit client for tests, the way a Caikit user builds one: grpc-js
 * stubs from the 0.18.1 reference protos (tests/fixtures/caikit/0.18.1/),
 * one call at a time, answering the response or the status it failed with.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { PROJECT_ROOT } from "./cli.ts";

/** The reference protos' folder. */
export const CAIKIT_REFERENCE = join(PROJECT_ROOT, "tests", "fixtures", "caikit", "0.18.1");
/** The template's demo layout. */
export const CAIKIT_DEMO = join(PROJECT_ROOT, "tests", "fixtures", "caikit", "demo");

/** What a call answered: its response, or its status code and details. */
export type Answer =
  | { readonly ok: true; readonly value: Record<string, unknown> }
  | { readonly ok: false; readonly code: grpc.status; readonly details: string };

/** The services of the reference protos, by short name. */
export interface CaikitClients {
  readonly template: grpc.Client;
  readonly training: grpc.Client;
  readonly management: grpc.Client;
  readonly mmesh: grpc.Client;
  close(): void;
}

let reference: grpc.GrpcObject | null = null;

/** The reference protos' grpc-js objects (loaded once). */
export function caikitReference(): grpc.GrpcObject {
  reference ??= grpc.loadPackageDefinition(protoLoader.loadSync(
    ["caikit_runtime_Template.proto", "caikit_runtime_training.proto", "mmesh_model_runtime.proto"],
    {
      includeDirs: [CAIKIT_REFERENCE],
      keepCase: true,
      longs: String,
      enums: String,
      defaults: true,
      oneofs: true,
    },
  ));
  return reference;
}

/** Clients of every reference service at `target`. */
export function caikitClients(target: string): CaikitClients {
  // deno-lint-ignore no-explicit-any
  const root = caikitReference() as any;
  const credentials = grpc.credentials.createInsecure();
  const clients = {
    template: new root.caikit.runtime.Template.TemplateService(target, credentials),
    training: new root.caikit.runtime.Template.TemplateTrainingService(target, credentials),
    management: new root.caikit.runtime.training.TrainingManagement(target, credentials),
    mmesh: new root.mmesh.ModelRuntime(target, credentials),
  };
  return { ...clients, close: () => Object.values(clients).forEach((each) => each.close()) };
}

/** Calls `method` of `client` with `request` and metadata `headers`. */
export function call(
  client: grpc.Client,
  method: string,
  request: unknown,
  headers: Readonly<Record<string, string>> = {},
): Promise<Answer> {
  const metadata = new grpc.Metadata();
  for (const [key, value] of Object.entries(headers)) metadata.set(key, value);
  return new Promise((resolve) => {
    // deno-lint-ignore no-explicit-any
    (client as any)[method](request, metadata, (error: grpc.ServiceError | null, value: any) => {
      resolve(
        error ? { ok: false, code: error.code, details: error.details } : { ok: true, value },
      );
    });
  });
}

/** The response of an answer that must have succeeded. */
export function ok(answer: Answer): Record<string, unknown> {
  if (!answer.ok) throw new Error(`expected success, got ${answer.code}: ${answer.details}`);
  return answer.value;
}

/** Sends `bytes` as the request of `path` with no serializer; answers the status. */
export function rawCall(target: string, path: string, bytes: Uint8Array): Promise<Answer> {
  const client = new grpc.Client(target, grpc.credentials.createInsecure());
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      path,
      (value: Buffer) => value,
      (value: Buffer) => value,
      Buffer.from(bytes),
      new grpc.Metadata(),
      (error, value) => {
        client.close();
        resolve(
          error ? { ok: false, code: error.code, details: error.details } : {
            ok: true,
            value: { bytes: value },
          },
        );
      },
    );
  });
}

/** Polls GetTrainingStatus until the job ends; answers the last status. */
export async function untilTrained(
  clients: CaikitClients,
  trainingId: string,
  timeoutMs = 60_000,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = ok(
      await call(clients.management, "GetTrainingStatus", { training_id: trainingId }),
    );
    if (["COMPLETED", "ERRORED", "CANCELED"].includes(status.state as string)) return status;
    if (Date.now() > deadline) throw new Error(`training ${trainingId} still ${status.state}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The newest (v0.29.1) reference protos' folder. */
export const CAIKIT_NEWEST_REFERENCE = join(
  PROJECT_ROOT,
  "tests",
  "fixtures",
  "caikit",
  "newest",
);

/** Clients of the newest reference services: the 0.18.1 ones' plus info and model management. */
export interface CaikitNewestClients extends CaikitClients {
  readonly info: grpc.Client;
  readonly models: grpc.Client;
}

let newestReference: grpc.GrpcObject | null = null;

/** Clients of every newest reference service at `target` (stubs from tests/fixtures/caikit/newest/). */
export function caikitNewestClients(target: string): CaikitNewestClients {
  newestReference ??= grpc.loadPackageDefinition(protoLoader.loadSync(
    [
      "caikit_runtime_Template.proto",
      "caikit_runtime_training.proto",
      "caikit_runtime_info.proto",
      "caikit_runtime_models.proto",
      "mmesh_model_runtime.proto",
    ],
    {
      includeDirs: [CAIKIT_NEWEST_REFERENCE],
      keepCase: true,
      longs: String,
      enums: String,
      defaults: true,
      oneofs: true,
    },
  ));
  // deno-lint-ignore no-explicit-any
  const root = newestReference as any;
  const credentials = grpc.credentials.createInsecure();
  const clients = {
    template: new root.caikit.runtime.Template.TemplateService(target, credentials),
    training: new root.caikit.runtime.Template.TemplateTrainingService(target, credentials),
    management: new root.caikit.runtime.training.TrainingManagement(target, credentials),
    mmesh: new root.mmesh.ModelRuntime(target, credentials),
    info: new root.caikit.runtime.info.InfoService(target, credentials),
    models: new root.caikit.runtime.models.ModelManagement(target, credentials),
  };
  return { ...clients, close: () => Object.values(clients).forEach((each) => each.close()) };
}
