/**
 * The Open Inference Protocol's gRPC door: `inference.GRPCInferenceService`
 * (ServerLive, ServerReady, ModelReady, ServerMetadata, ModelMetadata,
 * ModelInfer) on top of the {@link DataPlane}. It only translates messages;
 * lookups, readiness and tensor validation are the core's, and failures map
 * to gRPC codes through the shared {@link toServiceError}.
 *
 * @module
 */
import type * as grpc from "@grpc/grpc-js";
import type { DataPlane } from "../../core/data_plane.ts";
import { modelMetadata, serverMetadata } from "../../core/model_metadata.ts";
import { toServiceError } from "../wire/grpc_status.ts";
import { callSignal } from "../wire/grpc_call_signal.ts";
import { callRequestId, ownRequestId } from "../wire/service_mount.ts";
import { inferRequestFromMessage, type ModelInferRequestMessage } from "./oip_grpc_codec.ts";
import { oipServiceDefinition } from "./oip_infer_codec.ts";
import type { InferAnswer } from "./oip_infer_response_encoder.ts";
import type { CancelSignal } from "../../core/cancel_signal.ts";

/** The proto file of the Open Inference Protocol. */
export const OIP_PROTO = "grpc_predict_v2.proto";
/** Full service name on the wire. */
export const OIP_SERVICE = "inference.GRPCInferenceService";
/** The door's name in request records. */
export const OIP_GRPC_DOOR = "oip-grpc";

/** What the door needs from the program that mounts it. */
export interface OipServiceOptions {
  /** The data plane the door calls. */
  readonly dataPlane: DataPlane;
}

interface ModelRef {
  name: string;
  version: string;
}

/**
 * Answers a unary call with `produce()`, or with the status of what it threw
 * (`produce` also gets the call's request id, see {@link ownRequestId}).
 */
function answer<Req, Res>(
  produce: (request: Req, signal: CancelSignal, call: grpc.ServerUnaryCall<Req, Res>) =>
    | Res
    | Promise<Res>,
): grpc.handleUnaryCall<Req, Res> {
  return async (call, callback) => {
    // The call's deadline and cancellation reach the core as a signal
    // (try/finally, not `using`: the transpiled `using` costs ~1 µs per call).
    const life = callSignal(call);
    let answer: Res;
    try {
      answer = await produce(call.request, life.signal, call);
    } catch (error) {
      callback(toServiceError(error));
      return;
    } finally {
      life[Symbol.dispose]();
    }
    callback(null, answer);
  };
}

/** Adds `inference.GRPCInferenceService` to `server`. */
export function addOipService(
  server: Pick<grpc.Server, "addService">,
  options: OipServiceOptions,
): void {
  const { dataPlane } = options;
  // ModelInfer has its own wire codec (oip_infer_codec.ts): its handler answers an InferAnswer.
  server.addService(oipServiceDefinition(), {
    ServerLive: answer(() => ({ live: dataPlane.live() })),
    ServerReady: answer(() => ({ ready: dataPlane.ready() })),
    ModelReady: answer((request: ModelRef) => ({
      ready: dataPlane.modelReady(request.name, request.version || undefined),
    })),
    ServerMetadata: answer(() => serverMetadata()),
    ModelMetadata: answer((request: ModelRef) =>
      modelMetadata(dataPlane, request.name, request.version || undefined)
    ),
    // Hot: no request context; the id travels with the request record instead.
    ModelInfer: ownRequestId(answer(async (message: ModelInferRequestMessage, signal, call) => {
      const { request, raw } = inferRequestFromMessage(message);
      const response = await dataPlane.infer(
        message.model_name,
        message.model_version || undefined,
        request,
        OIP_GRPC_DOOR,
        signal,
        callRequestId(call),
      );
      const answer: InferAnswer = { response, raw };
      return answer;
    })),
  });
}
