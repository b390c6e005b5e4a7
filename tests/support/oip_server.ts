/**
 * Test support for the Open Inference Protocol doors: a real server (gRPC +
 * HTTP on free ports) hosting small ONNX graphs through the onnx-tensor
 * module, registered directly in a ModelRegistry, and a grpc-js client made
 * from the runtime's grpc_predict_v2.proto.
 *
 * @module
 */
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import type { OnnxModelSpec } from "../../runtime/backends/onnx/graph_types.ts";
import { encodeOnnxModel } from "../../runtime/backends/onnx/model_writer.ts";
import type { Bundle } from "../../runtime/bundle/types.ts";
import { DataPlane } from "../../runtime/core/data_plane.ts";
import { ModelHost } from "../../runtime/core/model_host.ts";
import { ModelRegistry } from "../../runtime/core/registry.ts";
import { createLogger } from "../../runtime/base/log.ts";
import type { ModelWrapper } from "../../runtime/model/contract.ts";
import { OnnxTensorModule } from "../../runtime/modules/onnx_tensor.ts";
import { ModelServer } from "../../runtime/server/model_server.ts";
import { grpcObject } from "../../runtime/protocols/wire/proto_loader.ts";
import { testBundle } from "./test_bundle.ts";

/** A model to host: its name and either an ONNX spec or a ready wrapper and bundle. */
export type HostedModel =
  | { readonly name: string; readonly onnx: OnnxModelSpec; readonly version?: string }
  | { readonly name: string; readonly wrapper: ModelWrapper; readonly bundle: Bundle };

/** A running OIP test server, its clients and a cleanup. */
export interface OipFixture {
  /** The server. */
  readonly server: ModelServer;
  /** grpc-js client of inference.GRPCInferenceService. */
  readonly client: grpc.Client;
  /** Base URL of the HTTP server, e.g. `http://127.0.0.1:1234`. */
  readonly baseUrl: string;
  /** Calls a unary RPC and resolves with its answer. */
  call<T = Record<string, unknown>>(method: string, request: unknown): Promise<T>;
  /** Stops everything and removes temporary files. */
  close(): Promise<void>;
}

/** Writes each ONNX spec to a temp folder and serves every model on free ports. */
export async function startOipServer(
  models: readonly HostedModel[],
  options: { lazy?: boolean } = {},
): Promise<OipFixture> {
  const temp = await Deno.makeTempDir({ prefix: "oip-test-" });
  const registry = new ModelRegistry();
  for (const model of models) {
    if ("wrapper" in model) {
      registry.add({
        name: model.name,
        version: model.bundle.spec.version,
        host: new ModelHost(model.bundle, model.wrapper),
        origin: "bundle",
      });
      continue;
    }
    const dir = join(temp, model.name);
    await Deno.mkdir(dir);
    await Deno.writeFile(join(dir, "model.onnx"), encodeOnnxModel(model.onnx));
    const base = testBundle(1);
    const bundle: Bundle = {
      ...base,
      dir,
      spec: {
        ...base.spec,
        name: model.name,
        version: model.version ?? "1",
        module: { id: "onnx-tensor", config: {} },
      },
    };
    registry.add({
      name: model.name,
      version: bundle.spec.version,
      host: new ModelHost(bundle, new OnnxTensorModule()),
      origin: "repository",
    });
  }
  const server = await ModelServer.start({
    dataPlane: new DataPlane(registry),
    port: 0,
    httpPort: 0,
    hostname: "127.0.0.1",
    lazy: options.lazy,
    log: createLogger("silent"),
  });
  const inference = grpcObject("grpc_predict_v2.proto").inference as grpc.GrpcObject;
  const Service = inference.GRPCInferenceService as grpc.ServiceClientConstructor;
  const client = new Service(`127.0.0.1:${server.port}`, grpc.credentials.createInsecure());
  const call = <T>(method: string, request: unknown) =>
    new Promise<T>((resolve, reject) => {
      const fn = (client as unknown as Record<
        string,
        (r: unknown, cb: (e: grpc.ServiceError | null, v: T) => void) => void
      >)[method].bind(client);
      fn(request, (error, value) => error ? reject(error) : resolve(value));
    });
  return {
    server,
    client,
    baseUrl: `http://127.0.0.1:${server.http!.port}`,
    call,
    async close() {
      client.close();
      await server.stop();
      await Deno.remove(temp, { recursive: true });
    },
  };
}
