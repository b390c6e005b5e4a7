/**
 * The `modelruntime.training.v1.TrainingService` gRPC door (Train,
 * GetTrainingStatus, CancelTraining) over the server's {@link TrainingDesk}.
 * Translation only: the job manager decides; errors map to gRPC codes by kind.
 *
 * @module
 */
import type * as grpc from "@grpc/grpc-js";
import type { TrainingJobStatus } from "../../hosting/training_job_types.ts";
import type { TrainingDesk } from "../../hosting/training_desk.ts";
import { badRequest } from "../../base/errors.ts";
import { toServiceError } from "../wire/grpc_status.ts";
import { serviceDefinition } from "../wire/proto_loader.ts";

/** The proto file of the service. */
export const TRAINING_PROTO = "training.proto";
/** Full service name on the wire. */
export const TRAINING_SERVICE = "modelruntime.training.v1.TrainingService";

interface TrainRequestMessage {
  model_name: string;
  data?: "csv_path" | "csv_bytes";
  csv_path?: string;
  csv_bytes?: Uint8Array;
  parameters?: {
    label?: string;
    model?: string;
    seed?: number;
    version?: string;
    task?: string;
  } | null;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The wire form of a job status. */
export function statusMessage(status: TrainingJobStatus): Record<string, unknown> {
  const time = (date?: Date) => (date ? date.toISOString() : "");
  return {
    training_id: status.trainingId,
    model_name: status.modelName,
    state: status.state,
    submitted_at: time(status.submittedAt),
    started_at: time(status.startedAt),
    finished_at: time(status.finishedAt),
    progress: status.progress,
    message: status.message,
    metrics: status.metrics
      ? {
        accuracy: status.metrics.accuracy,
        macro_f1: status.metrics.macroF1,
        per_class: status.metrics.perClass.map((entry) => ({ ...entry })),
        task: "classification",
      }
      : status.regressionMetrics
      ? {
        rmse: status.regressionMetrics.rmse,
        mae: status.regressionMetrics.mae,
        r2: status.regressionMetrics.r2,
        task: "regression",
      }
      : null,
    error: status.error ?? "",
    bundle_dir: status.bundleDir ?? "",
    model: status.model ?? "",
  };
}

/** Adds the TrainingService for `jobs` to `server`. */
export function addTrainingService(
  server: Pick<grpc.Server, "addService">,
  jobs: TrainingDesk,
): void {
  const train: grpc.handleUnaryCall<TrainRequestMessage, unknown> = async (call, callback) => {
    try {
      const request = call.request;
      let csvText: string | undefined;
      if (request.data === "csv_bytes") {
        try {
          csvText = utf8.decode(request.csv_bytes ?? new Uint8Array());
        } catch {
          throw badRequest("csv_bytes is not valid UTF-8 text");
        }
      }
      const parameters = request.parameters ?? {};
      const answer = await jobs.submit({
        modelName: request.model_name,
        csvPath: request.data === "csv_path" ? request.csv_path : undefined,
        csvText,
        label: parameters.label,
        model: parameters.model,
        task: parameters.task,
        seed: parameters.seed,
        version: parameters.version,
      });
      callback(null, { training_id: answer.trainingId, model_name: answer.modelName });
    } catch (error) {
      callback(toServiceError(error));
    }
  };
  const status: grpc.handleUnaryCall<{ training_id: string }, unknown> = async (
    call,
    callback,
  ) => {
    try {
      callback(null, statusMessage(await jobs.status(call.request.training_id)));
    } catch (error) {
      callback(toServiceError(error));
    }
  };
  const cancel: grpc.handleUnaryCall<{ training_id: string }, unknown> = async (
    call,
    callback,
  ) => {
    try {
      callback(null, statusMessage(await jobs.cancel(call.request.training_id)));
    } catch (error) {
      callback(toServiceError(error));
    }
  };
  server.addService(serviceDefinition(TRAINING_PROTO, TRAINING_SERVICE), {
    Train: train,
    GetTrainingStatus: status,
    CancelTraining: cancel,
  });
}
