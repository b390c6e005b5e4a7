/**
 * The newest Caikit version's fixed gRPC services: the info service
 * (`GetRuntimeInfo`, `GetModelsInfo`) and model management (`DeployModel`,
 * `UndeployModel`, admin), translating to and from the protocol-free
 * functions of caikit_models.ts; failures become gRPC statuses by kind.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import type * as grpc from "@grpc/grpc-js";
import { internalError } from "../../base/errors.ts";
import { toServiceError } from "../wire/grpc_status.ts";
import { INFO_SERVICE, MODEL_MANAGEMENT_SERVICE } from "./caikit_info_schema.ts";
import {
  type CaikitModelsOptions,
  deployModel,
  modelsInfo,
  runtimeInfo,
  undeployModel,
} from "./caikit_models.ts";
import { type CaikitSurface, decodedRequest } from "./caikit_surface.ts";
import { toWire } from "./caikit_values.ts";

type Wire = Record<string, unknown>;

/** A `ModelInfo` in Caikit JSON as the message object (its metadata a Struct). */
function modelInfoWire(info: Record<string, unknown>): Wire {
  return { ...info, metadata: toWire("dict", info.metadata ?? {}, "ModelInfo.metadata") };
}

/** The implementations of the info service and model management, by service name. */
export function caikitInfoImplementations(
  surface: CaikitSurface,
  options: CaikitModelsOptions,
): Map<string, grpc.UntypedServiceImplementation> {
  const unary = (service: string, method: string, work: (request: Wire) => Promise<unknown>) =>
    ((call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      let request: Wire;
      try {
        request = decodedRequest(surface, service, method, call.request);
      } catch (error) {
        callback(toServiceError(internalError(`undecodable request: ${(error as Error).message}`)));
        return;
      }
      work(request).then(
        (response) => callback(null, response),
        (error) => callback(toServiceError(error)),
      );
    }) as grpc.UntypedHandleCall;
  return new Map<string, grpc.UntypedServiceImplementation>([
    [INFO_SERVICE, {
      GetRuntimeInfo: unary(
        INFO_SERVICE,
        "GetRuntimeInfo",
        () => Promise.resolve(runtimeInfo(options)),
      ),
      GetModelsInfo: unary(INFO_SERVICE, "GetModelsInfo", async (request) => {
        const answer = await modelsInfo(options, (request.model_ids ?? []) as string[]);
        return { models: answer.models.map(modelInfoWire) };
      }),
    }],
    [MODEL_MANAGEMENT_SERVICE, {
      DeployModel: unary(MODEL_MANAGEMENT_SERVICE, "DeployModel", async (request) => {
        const files = ((request.model_files ?? []) as Wire[]).map((file) => ({
          filename: String(file.filename ?? ""),
          data: new Uint8Array((file.data ?? Buffer.alloc(0)) as Uint8Array),
        }));
        return modelInfoWire(await deployModel(options, String(request.model_id ?? ""), files));
      }),
      UndeployModel: unary(
        MODEL_MANAGEMENT_SERVICE,
        "UndeployModel",
        (request) => undeployModel(options, String(request.model_id ?? "")),
      ),
    }],
  ]);
}
