/**
 * A client of the `modelruntime.training.v1.TrainingService`: start a
 * training job, poll its status, cancel it, or follow it to the end.
 *
 * @module
 */
import * as grpc from "@grpc/grpc-js";
import { grpcObject } from "../protocols/wire/proto_loader.ts";
import { TRAINING_PROTO } from "../protocols/training/training_service.ts";
import { DEFAULT_MAX_MESSAGE_BYTES } from "../base/limits.ts";

/** What to train. */
export interface TrainCall {
  /** Model name. */
  readonly modelName: string;
  /** A CSV path the server can read. */
  readonly csvPath?: string;
  /** Or the CSV bytes. */
  readonly csvBytes?: Uint8Array;
  /** Label column. */
  readonly label?: string;
  /** Model family (`auto`, the default; `linear`, `mlp`, `trees`; alias `logreg`) or a trainable module id. */
  readonly model?: string;
  /** `classification` or `regression`; guessed by the server when absent. */
  readonly task?: string;
  /** Seed. */
  readonly seed?: number;
  /** Bundle version. */
  readonly version?: string;
}

/** A decoded `TrainingStatus` (proto field names). */
export interface TrainingStatusAnswer {
  /** Job id. */
  training_id: string;
  /** Model name. */
  model_name: string;
  /** QUEUED, RUNNING, COMPLETED, ERRORED or CANCELED. */
  state: string;
  /** RFC 3339 timestamps, empty until they happen. */
  submitted_at: string;
  /** When it started. */
  started_at: string;
  /** When it ended. */
  finished_at: string;
  /** 0 to 1. */
  progress: number;
  /** Latest progress line. */
  message: string;
  /** Holdout metrics once COMPLETED. */
  metrics: {
    accuracy: number;
    macro_f1: number;
    per_class: { label: string; precision: number; recall: number; f1: number; support: number }[];
    /** Regression figures (zero for a classification). */
    rmse: number;
    mae: number;
    r2: number;
    /** `classification` or `regression`: which figures apply. */
    task: string;
  } | null;
  /** Why it ERRORED. */
  error: string;
  /** Bundle folder once COMPLETED. */
  bundle_dir: string;
  /** The family trained once COMPLETED (`auto`'s choice); empty for a module (or an older server). */
  model: string;
}

/** States after which a job never changes. */
export const FINAL_STATES: readonly string[] = ["COMPLETED", "ERRORED", "CANCELED"];

/**
 * The client. Construct with `host:port`; call `close` when done.
 *
 * @example
 * ```ts ignore
 * const client = new TrainingClient("localhost:45000");
 * const { training_id } = await client.train({ modelName: "news", csvPath: "/data/news.csv" });
 * const final = await client.follow(training_id, (status) => console.log(status.progress));
 * client.close();
 * ```
 */
export class TrainingClient {
  readonly #client: grpc.Client;

  /** Connects (lazily) to `target`; `options` are grpc-js channel options. */
  constructor(
    target: string,
    credentials: grpc.ChannelCredentials = grpc.credentials.createInsecure(),
    options: grpc.ChannelOptions = {},
  ) {
    const root = grpcObject(TRAINING_PROTO) as unknown as {
      modelruntime: { training: { v1: { TrainingService: grpc.ServiceClientConstructor } } };
    };
    this.#client = new root.modelruntime.training.v1.TrainingService(target, credentials, {
      "grpc.max_receive_message_length": DEFAULT_MAX_MESSAGE_BYTES,
      "grpc.max_send_message_length": DEFAULT_MAX_MESSAGE_BYTES,
      ...options,
    });
  }

  /** Starts a job; answers with its id and the model name (as submitted). */
  train(call: TrainCall): Promise<{ training_id: string; model_name: string }> {
    const request: Record<string, unknown> = {
      model_name: call.modelName,
      parameters: {
        label: call.label ?? "",
        model: call.model ?? "",
        version: call.version ?? "",
        task: call.task ?? "",
        ...(call.seed === undefined ? {} : { seed: call.seed }),
      },
    };
    if (call.csvBytes !== undefined) request.csv_bytes = call.csvBytes;
    else request.csv_path = call.csvPath ?? "";
    return this.#call("Train", request) as Promise<{ training_id: string; model_name: string }>;
  }

  /** The job's status. */
  status(trainingId: string): Promise<TrainingStatusAnswer> {
    return this.#call("GetTrainingStatus", { training_id: trainingId }) as Promise<
      TrainingStatusAnswer
    >;
  }

  /** Cancels the job; answers with its status afterwards. */
  cancel(trainingId: string): Promise<TrainingStatusAnswer> {
    return this.#call("CancelTraining", { training_id: trainingId }) as Promise<
      TrainingStatusAnswer
    >;
  }

  /** Polls every `intervalMs` (default 250) until the job ends; `onStatus` hears each poll. */
  async follow(
    trainingId: string,
    onStatus?: (status: TrainingStatusAnswer) => void,
    intervalMs = 250,
  ): Promise<TrainingStatusAnswer> {
    for (;;) {
      const status = await this.status(trainingId);
      onStatus?.(status);
      if (FINAL_STATES.includes(status.state)) return status;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }

  /** Closes the channel. */
  close(): void {
    this.#client.close();
  }

  #call(method: string, request: unknown): Promise<unknown> {
    const invoke = (this.#client as unknown as Record<string, unknown>)[method] as (
      request: unknown,
      metadata: grpc.Metadata,
      options: grpc.CallOptions,
      callback: (error: grpc.ServiceError | null, response: unknown) => void,
    ) => void;
    return new Promise((resolve, reject) => {
      invoke.call(
        this.#client,
        request,
        new grpc.Metadata(),
        { deadline: Date.now() + 30_000, waitForReady: true },
        (error, response) => (error ? reject(error) : resolve(response)),
      );
    });
  }
}
