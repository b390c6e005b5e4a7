/**
 * The `modelruntime.v1.ModelRepository` gRPC service (RepositoryIndex, Load,
 * Unload) over a {@link ModelRepository}. Translation only: the repository
 * decides, errors map to gRPC codes by kind (unknown name: NOT_FOUND).
 *
 * @module
 */
import type * as grpc from "@grpc/grpc-js";
import type { ModelRepository } from "../../repository/model_repository.ts";
import { toServiceError } from "../wire/grpc_status.ts";
import { serviceDefinition } from "../wire/proto_loader.ts";

/** The proto file of the service. */
export const REPOSITORY_PROTO = "model_repository.proto";
/** Full service name on the wire. */
export const REPOSITORY_SERVICE = "modelruntime.v1.ModelRepository";

/** Adds the ModelRepository service for `repository` to `server`. */
export function addRepositoryService(
  server: Pick<grpc.Server, "addService">,
  repository: ModelRepository,
): void {
  const index: grpc.handleUnaryCall<{ ready: boolean }, unknown> = (call, callback) => {
    const models = repository.index().filter((model) =>
      !call.request.ready || model.state === "READY"
    );
    callback(null, { models });
  };
  const load: grpc.handleUnaryCall<{ name: string }, unknown> = async (call, callback) => {
    try {
      callback(null, { model: await repository.load(call.request.name) });
    } catch (error) {
      callback(toServiceError(error));
    }
  };
  const unload: grpc.handleUnaryCall<{ name: string }, unknown> = async (call, callback) => {
    try {
      await repository.unload(call.request.name);
      callback(null, {});
    } catch (error) {
      callback(toServiceError(error));
    }
  };
  server.addService(serviceDefinition(REPOSITORY_PROTO, REPOSITORY_SERVICE), {
    RepositoryIndex: index,
    Load: load,
    Unload: unload,
  });
}
