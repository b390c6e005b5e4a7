/**
 * The Modzy door: the `ModzyModel` gRPC service (Status, Run, Shutdown) on top
 * of the {@link DataPlane}. It converts messages and maps outcomes to the
 * contract's status codes and texts; every decision is the core's. The
 * default model answers unless gRPC metadata `mm-model-id` names another.
 *
 * @module
 */
import * as grpc from "@grpc/grpc-js";
import type { DataPlane } from "../../core/data_plane.ts";
import type { InputFiles, ItemResult } from "../../model/contract.ts";
import { ERROR_OUTPUT_KEY, errorOutput } from "../../model/outputs.ts";
import type { Logger } from "../../base/log.ts";
import { type RunRequestMessage, withRunCodec } from "./modzy_run_codec.ts";
import { serviceDefinition } from "../wire/proto_loader.ts";
import { callRequestId, ownRequestId } from "../wire/service_mount.ts";
import { statusMetadata } from "./modzy_status.ts";
import { toServiceError } from "../wire/grpc_status.ts";
import { callSignal } from "../wire/grpc_call_signal.ts";
import { omitProto3Defaults } from "../wire/proto3_defaults.ts";

/** The proto file and service name of the Modzy contract. */
export const MODZY_PROTO = "model.proto";
/** Full service name on the wire (the proto has no package). */
export const MODZY_SERVICE = "ModzyModel";

/**
 * The `ModzyModel` service definition the door serves: the compiled proto's,
 * with the Run method's fast codec (modzy_run_codec.ts). Built once.
 */
export function modzyServiceDefinition(): grpc.ServiceDefinition {
  return modzyDefinition ??= withRunCodec(serviceDefinition(MODZY_PROTO, MODZY_SERVICE));
}

let modzyDefinition: grpc.ServiceDefinition | undefined;

/** What the Modzy door needs from the program that mounts it. */
export interface ModzyServiceOptions {
  /** The data plane the door calls. */
  readonly dataPlane: DataPlane;
  /** Logger for load failures and shutdown. */
  readonly log: Logger;
  /** Called after a Shutdown answer has been sent. */
  readonly onShutdown: () => void;
  /** Called after each Status answer has been handed to grpc-js. */
  readonly onStatusAnswered?: () => void;
  /**
   * With serving workers: reports a model initialised here and resolves
   * whether this is the whole server's first report (see ServingGroup);
   * absent: this process alone decides.
   */
  readonly reportInitialized?: (model: string) => Promise<boolean>;
}

/**
 * Adds the `ModzyModel` service to `server`. The first successful Status says
 * "Model Initialized Successfully.", later ones "Model Already Initialized.",
 * as the reference server does.
 */
export function addModzyService(
  server: Pick<grpc.Server, "addService">,
  options: ModzyServiceOptions,
): void {
  const { dataPlane, log } = options;
  const initializationReported = new Set<string>();

  const answerStatus: grpc.handleUnaryCall<unknown, unknown> = async (call, callback) => {
    let answer;
    try {
      answer = await dataPlane.initialize(modelId(call), DOOR);
    } catch (error) {
      callback(toServiceError(error));
      return;
    }
    const { entry, outcome } = answer;
    const metadata = statusMetadata(entry.host.bundle.spec);
    if (outcome.ok) {
      let first = !initializationReported.has(entry.name);
      initializationReported.add(entry.name);
      if (first && options.reportInitialized) {
        try {
          first = await options.reportInitialized(entry.name);
        } catch (error) {
          callback(toServiceError(error));
          return;
        }
      }
      const message = first ? "Model Initialized Successfully." : "Model Already Initialized.";
      callback(null, omitProto3Defaults({ status_code: 200, status: "OK", message, ...metadata }));
    } else {
      log.error("model failed to initialize", { reason: outcome.error.message });
      callback(
        null,
        omitProto3Defaults({
          status_code: 500,
          status: "Internal Server Error",
          message: "Model Failed to Initialize.",
          ...metadata,
        }),
      );
    }
  };

  const answered = options.onStatusAnswered;
  const status: grpc.handleUnaryCall<unknown, unknown> = answered
    ? (call, callback) =>
      answerStatus(call, (...answer: Parameters<typeof callback>) => {
        callback(...answer);
        answered();
      })
    : answerStatus;

  // Hot: no request context; the id travels with the request record instead.
  const run: grpc.handleUnaryCall<RunRequestMessage, unknown> = ownRequestId(
    async (call, callback) => {
      const request = call.request;
      if (request.inputs.length === 0) {
        callback({
          code: grpc.status.INVALID_ARGUMENT,
          details: "RunRequest has no input items: send at least one InputItem",
        });
        return;
      }
      // The Run codec (modzy_run_codec.ts) has already read each item into the core's file map.
      const items: readonly InputFiles[] = request.inputs;
      let results;
      // The call's deadline and cancellation reach the core as a signal
      // (try/finally, not `using`: the transpiled `using` costs ~1 µs per call).
      const life = callSignal(call);
      try {
        results = await dataPlane.run(
          modelId(call),
          items,
          {
            detectDrift: request.detect_drift,
            explain: request.explain,
          },
          DOOR,
          life.signal,
          callRequestId(call),
        );
      } catch (error) {
        callback(toServiceError(error));
        return;
      } finally {
        life[Symbol.dispose]();
      }
      callback(null, {
        status_code: 200,
        status: "OK",
        message: "Inference executed",
        outputs: results.map(toOutputItem),
      });
    },
  );

  const shutdown: grpc.handleUnaryCall<unknown, unknown> = (_call, callback) => {
    log.info("shutdown requested over gRPC");
    callback(null, { status_code: 200, status: "OK", message: "Model Shutdown Successfully." });
    options.onShutdown();
  };

  server.addService(modzyServiceDefinition(), {
    Status: status,
    Run: run,
    Shutdown: shutdown,
  });
}

/** The door's name in request records, metrics and logs. */
export const MODZY_DOOR = "modzy";
const DOOR = MODZY_DOOR;

/** The model a call names with gRPC metadata `mm-model-id` (Caikit's convention), if any. */
function modelId(call: grpc.ServerUnaryCall<unknown, unknown>): string | undefined {
  const [value] = call.metadata.get("mm-model-id");
  return typeof value === "string" && value !== "" ? value : undefined;
}

function toOutputItem(
  result: ItemResult,
): { output: Record<string, Uint8Array>; success: boolean } {
  if (result instanceof Error) {
    return { output: { [ERROR_OUTPUT_KEY]: errorOutput(result.message) }, success: false };
  }
  const output: Record<string, Uint8Array> = {};
  for (const [name, bytes] of result) output[name] = bytes;
  return { output, success: true };
}
