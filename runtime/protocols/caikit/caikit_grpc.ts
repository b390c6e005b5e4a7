/**
 * The Caikit door's gRPC handlers: they translate the derived messages to
 * and from Caikit JSON (caikit_values.ts) and call the protocol-free
 * functions — {@link caikitPredict} with the model named by metadata
 * `mm-model-id`, {@link caikitTrain}, the training status and cancel — and
 * map failures to gRPC statuses by kind.
 *
 * @module
 */
import type * as grpc from "@grpc/grpc-js";
import { badRequest, internalError } from "../../base/errors.ts";
import type { Logger } from "../../base/log.ts";
import type { DataPlane } from "../../core/data_plane.ts";
import { isDataObject } from "../../model/caikit_face.ts";
import { callSignal } from "../wire/grpc_call_signal.ts";
import { toServiceError } from "../wire/grpc_status.ts";
import { callRequestId, ownRequestId } from "../wire/service_mount.ts";
import { CAIKIT_GRPC_DOOR, TRAINING_MANAGEMENT_SERVICE } from "./caikit_names.ts";
import { caikitPredict } from "./caikit_predict.ts";
import type { PredictRpc, TrainRpc } from "./caikit_schema.ts";
import { type CaikitSurface, isPendingRequest } from "./caikit_surface.ts";
import {
  caikitCancelTraining,
  caikitTrain,
  type CaikitTrainingOptions,
  caikitTrainingStatus,
} from "./caikit_training.ts";
import { fieldsFromWire, fieldsToWire, fromWire } from "./caikit_values.ts";
import type { StreamSource } from "./training_source.ts";

type Wire = Record<string, unknown>;
type Unary = grpc.handleUnaryCall<unknown, unknown>;

/** What the handlers work with. */
export interface CaikitGrpcOptions {
  /** The data plane every prediction goes through. */
  readonly dataPlane: DataPlane;
  /** Training jobs and settings. */
  readonly training: CaikitTrainingOptions;
  /** Where to log. */
  readonly log: Logger;
}

/** The model a call names with gRPC metadata `mm-model-id`, if any. */
function modelIdOf(call: grpc.ServerUnaryCall<unknown, unknown>): string | undefined {
  const [value] = call.metadata.get("mm-model-id");
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** Implementations of every service of `surface` but `mmesh.ModelRuntime`, by service name. */
export function caikitImplementations(
  surface: CaikitSurface,
  options: CaikitGrpcOptions,
): Map<string, grpc.UntypedServiceImplementation> {
  const schema = surface.schema();
  const services = new Map<string, grpc.UntypedServiceImplementation>();
  const add = (service: string, method: string, handler: Unary) => {
    const methods = services.get(service) ?? {};
    methods[method] = handler as grpc.UntypedHandleCall;
    services.set(service, methods);
  };
  // A request that came before the definitions were installed is decoded now.
  const requestOf = (service: string, method: string, request: unknown): Wire =>
    (isPendingRequest(request)
      ? surface.built().service(service)[method].requestDeserialize(request.pendingBytes as never)
      : request) as Wire;
  for (const predict of schema.predicts) {
    add(predict.service, predict.rpc, predictHandler(predict, options, requestOf));
  }
  for (const train of schema.trains) {
    add(
      train.service,
      train.rpc,
      unary(async (request: Wire) => {
        const job = await caikitTrain(
          train,
          trainRequestOf(train, request, surface),
          options.training,
        );
        return fieldsToWire(surface.version.trainingJob.fields, job, "TrainingJob");
      }, (request) => requestOf(train.service, train.rpc, request)),
    );
  }
  const management = TRAINING_MANAGEMENT_SERVICE;
  const statusWire = (json: Record<string, unknown>) =>
    fieldsToWire(surface.version.trainingStatusResponse.fields, json, "TrainingStatusResponse");
  add(
    management,
    "GetTrainingStatus",
    unary(
      async (request) =>
        statusWire(
          await caikitTrainingStatus(String(request.training_id ?? ""), options.training),
        ),
      (request) => requestOf(management, "GetTrainingStatus", request),
    ),
  );
  add(
    management,
    "CancelTraining",
    unary(
      async (request) =>
        statusWire(await caikitCancelTraining(String(request.training_id ?? ""), options.training)),
      (request) => requestOf(management, "CancelTraining", request),
    ),
  );
  return services;
}

/** A unary handler answering `work`'s result, or its failure as a status. */
function unary(
  work: (request: Wire) => Promise<unknown>,
  decode: (request: unknown) => Wire,
): Unary {
  return (call, callback) => {
    let request: Wire;
    try {
      request = decode(call.request);
    } catch (error) {
      callback(toServiceError(internalError(`undecodable request: ${(error as Error).message}`)));
      return;
    }
    Promise.resolve(request).then(work).then(
      (response) => callback(null, response),
      (error) => callback(toServiceError(error)),
    );
  };
}

function predictHandler(
  predict: PredictRpc,
  options: CaikitGrpcOptions,
  requestOf: (service: string, method: string, request: unknown) => Wire,
): Unary {
  const { task } = predict;
  // Hot: no request context (ownRequestId); the id travels with the request record.
  return ownRequestId<Unary>(async (call, callback) => {
    const life = callSignal(call);
    try {
      const request = requestOf(predict.service, predict.rpc, call.request);
      const output = await caikitPredict(
        options.dataPlane,
        modelIdOf(call),
        task,
        fieldsFromWire(task.parameters, request),
        {
          door: CAIKIT_GRPC_DOOR,
          signal: life.signal,
          requestId: callRequestId(call),
          log: options.log,
        },
      );
      callback(null, fieldsToWire(task.output.fields, output, task.output.name));
    } catch (error) {
      callback(toServiceError(error));
    } finally {
      life[Symbol.dispose]();
    }
  });
}

/** A decoded train request in Caikit JSON. */
function trainRequestOf(train: TrainRpc, request: Wire, surface: CaikitSurface) {
  const version = surface.version;
  const parameters = (version.nestedTrainParameters ? request.parameters ?? {} : request) as Wire;
  return {
    modelName: String(request.model_name ?? ""),
    outputPath: request.output_path as Wire | null,
    source: streamSourceOf(train, parameters[train.stream.name] as Wire | null, surface),
    parameters: fieldsFromWire(train.parameters, parameters),
  };
}

/** The `DataStreamSource<T>` message `wire` as a {@link StreamSource}. */
function streamSourceOf(train: TrainRpc, wire: Wire | null, surface: CaikitSurface): StreamSource {
  const member = surface.version.streamMembers.find((each) => each.name === wire?.data_stream);
  if (!wire || !member) return { kind: "empty" };
  const value = (wire[member.name] ?? {}) as Wire;
  switch (member.kind) {
    case "jsondata": {
      const element = train.stream.element;
      if (!isDataObject(element) && element !== "dict") {
        throw badRequest(`${train.rpc}: training records must be data objects`);
      }
      const records = ((value.data ?? []) as unknown[]).map((record) => fromWire(element, record));
      return { kind: "jsondata", records: records as Record<string, unknown>[] };
    }
    case "file":
      return { kind: "file", filename: String(value.filename ?? "") };
    case "listoffiles":
      return { kind: "listoffiles", files: (value.files ?? []) as string[] };
    case "directory":
      return {
        kind: "directory",
        dirname: String(value.dirname ?? ""),
        extension: String(value.extension ?? ""),
      };
    case "s3files":
      return { kind: "s3files" };
  }
}
