/**
 * ModelMesh's model-runtime API (`mmesh.ModelRuntime`) as a Caikit runtime
 * serves it: `loadModel` loads a Caikit model folder (any folder the model
 * repository can read) under `modelId`, so Predict with `mm-model-id =
 * modelId` works; `unloadModel` removes it again; `modelSize` and
 * `predictModelSize` answer a folder's bytes; `runtimeStatus` is READY once
 * the service answers. Loading goes through the model repository.
 *
 * @module
 */
import { resolve } from "node:path";
import type * as grpc from "@grpc/grpc-js";
import { asRuntimeError, badRequest, notFound, RuntimeError } from "../../base/errors.ts";
import type { DataPlane } from "../../core/data_plane.ts";
import type { ModelRepository } from "../../repository/model_repository.ts";
import { toServiceError } from "../wire/grpc_status.ts";
import { folderBytes } from "./caikit_model_folder.ts";

/** What the ModelMesh service works with. */
export interface MmeshOptions {
  /** The data plane (its registry holds the models). */
  readonly dataPlane: DataPlane;
  /** The model repository that loads folders. */
  readonly repository: ModelRepository;
  /** Full names of the predict RPCs (ModelMesh's method infos). */
  readonly predictPaths: readonly string[];
  /** The Caikit wire version served, in the runtime version. */
  readonly wireVersion: string;
}

interface ModelRequest {
  modelId: string;
  modelPath?: string;
}

type Unary = grpc.handleUnaryCall<ModelRequest, unknown>;

/** The implementation of `mmesh.ModelRuntime`. */
export function mmeshImplementation(options: MmeshOptions): grpc.UntypedServiceImplementation {
  const { dataPlane, repository } = options;
  const answer = (work: (request: ModelRequest) => Promise<unknown>): Unary => (call, callback) => {
    work(call.request).then(
      (response) => callback(null, response),
      (error) => callback(toServiceError(error)),
    );
  };
  const loaded = (modelId: string) => {
    if (!dataPlane.registry.has(modelId)) throw notFound(`Model '${modelId}' not loaded`);
    return dataPlane.registry.get(modelId);
  };
  const pathOf = (request: ModelRequest) => {
    if (!request.modelPath) throw badRequest("modelPath is required: a Caikit model folder");
    return resolve(request.modelPath);
  };
  return {
    loadModel: answer(async (request) => {
      if (!request.modelId) throw badRequest("Missing required model ID");
      const path = pathOf(request);
      try {
        await repository.loadPath(request.modelId, path);
      } catch (error) {
        throw loadFailure(request.modelId, error);
      }
      return { sizeInBytes: await folderBytes(path), maxConcurrency: 0 };
    }),
    unloadModel: answer(async (request) => {
      loaded(request.modelId);
      await repository.unload(request.modelId);
      return {};
    }),
    predictModelSize: answer(async (request) => {
      const path = pathOf(request);
      try {
        return { sizeInBytes: await folderBytes(path) };
      } catch (error) {
        throw notFound(
          `Model ${request.modelId} not found. Nested error: ${path}: ` +
            asRuntimeError(error).message,
        );
      }
    }),
    modelSize: answer(async (request) => ({
      sizeInBytes: await folderBytes(loaded(request.modelId).host.bundle.dir),
    })),
    runtimeStatus: answer(() =>
      Promise.resolve({
        status: dataPlane.draining ? "FAILING" : "READY",
        capacityInBytes: 0,
        maxLoadingConcurrency: 1,
        modelLoadingTimeoutMs: 0,
        defaultModelSizeInBytes: 0,
        runtimeVersion: `model-runtime (Caikit ${options.wireVersion} wire)`,
        numericRuntimeVersion: 0,
        methodInfos: Object.fromEntries(
          options.predictPaths.map((path) => [path, { idInjectionPath: [] }]),
        ),
        limitModelConcurrency: false,
        allowAnyMethod: false,
      })
    ),
  };
}

/** A failed load as Caikit reports it. */
function loadFailure(modelId: string, error: unknown): RuntimeError {
  const failure = asRuntimeError(error);
  if (failure.kind === "not_found") {
    return notFound(`Model ${modelId} not found. Nested error: ${failure.message}`);
  }
  if (failure.kind === "bad_request") return failure;
  return new RuntimeError(
    "internal",
    `Model ${modelId} failed to load. Nested error: ${failure.message}`,
  );
}
