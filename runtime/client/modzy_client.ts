/**
 * A typed client of the Modzy contract (`ModzyModel` Status, Run, Shutdown),
 * for tests, the `infer` and `check` commands, and model authors.
 *
 * @module
 */
import * as grpc from "@grpc/grpc-js";
import { grpcObject } from "../protocols/wire/proto_loader.ts";
import { MODZY_PROTO, MODZY_SERVICE } from "../protocols/modzy/modzy_service.ts";
import { DEFAULT_MAX_MESSAGE_BYTES } from "../base/limits.ts";

/** A decoded `StatusResponse` (proto field names). */
export interface StatusAnswer {
  /** 200 when the model is initialised, 500 when it failed. */
  status_code: number;
  /** "OK" or "Internal Server Error". */
  status: string;
  /** Human-readable outcome. */
  message: string;
  /** Name, version, author, type and source. */
  model_info: Record<string, string>;
  /** Summary, details, technical, performance. */
  description: Record<string, string>;
  /** Declared input files. */
  inputs: {
    filename: string;
    accepted_media_types: string[];
    max_size: string;
    description: string;
  }[];
  /** Declared output files. */
  outputs: { filename: string; media_type: string; max_size: string; description: string }[];
  /** Resource needs. */
  resources: { required_ram: string; num_cpus: number; num_gpus: number };
  /** Timeouts as written in model.yaml. */
  timeout: { status: string; run: string };
  /** Feature flags, `batch_size` among them. */
  features: Record<string, unknown>;
}

/** One decoded `OutputItem`: output files by name and the success flag. */
export interface RunItemAnswer {
  /** Output files (or the `error` document) by name. */
  output: Record<string, Uint8Array>;
  /** False when the item failed; `output.error` then says why. */
  success: boolean;
}

/** A decoded `RunResponse`. */
export interface RunAnswer {
  /** 200 on success. */
  status_code: number;
  /** "OK" on success. */
  status: string;
  /** "Inference executed" on success. */
  message: string;
  /** One answer per input item, in order. */
  outputs: RunItemAnswer[];
}

/** A decoded `ShutdownResponse`. */
export interface ShutdownAnswer {
  /** 200 on success. */
  status_code: number;
  /** "OK" on success. */
  status: string;
  /** "Model Shutdown Successfully." */
  message: string;
}

/** Per-call options. */
export interface CallOptions {
  /** Deadline in milliseconds from now; default 30 s. */
  readonly timeoutMs?: number;
  /** The model to address (gRPC metadata `mm-model-id`); default the server's default model. */
  readonly modelId?: string;
  /** Wait (until the deadline) for a server that is not listening yet, instead of failing at once. */
  readonly waitForReady?: boolean;
}

type UnaryMethod = (
  request: unknown,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: (error: grpc.ServiceError | null, response: unknown) => void,
) => grpc.ClientUnaryCall;

/**
 * A client of one Modzy model server. Construct it with a `host:port` target;
 * call {@link ModzyClient.close} when done.
 *
 * @example
 * ```ts ignore
 * import { ModzyClient } from "./modzy_client.ts";
 * const client = new ModzyClient("localhost:45000");
 * const status = await client.status();
 * const input = new TextEncoder().encode('{"sepal_length":5.1,"sepal_width":3.5,"petal_length":1.4,"petal_width":0.2}');
 * const run = await client.run([{ "input.json": input }]);
 * client.close();
 * ```
 */
export class ModzyClient {
  readonly #client: grpc.Client;

  /**
   * Connects (lazily) to `target`, e.g. `localhost:45000`, with `credentials`
   * (plain text by default) and extra grpc-js client options (e.g. the
   * interceptors of `clientConnection` in client_security.ts that send a token).
   */
  constructor(
    target: string,
    credentials: grpc.ChannelCredentials = grpc.credentials.createInsecure(),
    clientOptions: grpc.ClientOptions = {},
  ) {
    const service = grpcObject(MODZY_PROTO)[MODZY_SERVICE] as grpc.ServiceClientConstructor;
    this.#client = new service(target, credentials, {
      "grpc.max_receive_message_length": DEFAULT_MAX_MESSAGE_BYTES,
      "grpc.max_send_message_length": DEFAULT_MAX_MESSAGE_BYTES,
      ...clientOptions,
    });
  }

  /** Calls Status (which initialises the model on a lazy server). */
  status(options?: CallOptions): Promise<StatusAnswer> {
    return this.#call("Status", {}, options) as Promise<StatusAnswer>;
  }

  /** Calls Run with one map of input files per item. */
  run(
    items: readonly Readonly<Record<string, Uint8Array>>[],
    flags: { detectDrift?: boolean; explain?: boolean } = {},
    options?: CallOptions,
  ): Promise<RunAnswer> {
    const request = {
      inputs: items.map((input) => ({ input })),
      detect_drift: flags.detectDrift ?? false,
      explain: flags.explain ?? false,
    };
    return this.#call("Run", request, options) as Promise<RunAnswer>;
  }

  /** Calls Shutdown; the server answers, then exits. */
  shutdown(options?: CallOptions): Promise<ShutdownAnswer> {
    return this.#call("Shutdown", {}, options) as Promise<ShutdownAnswer>;
  }

  /** Closes the channel. */
  close(): void {
    this.#client.close();
  }

  async #call(method: string, request: unknown, options: CallOptions = {}): Promise<unknown> {
    const fn = (this.#client as unknown as Record<string, UnaryMethod>)[method];
    const deadline = Date.now() + (options.timeoutMs ?? 30_000);
    if (options.waitForReady) {
      await new Promise<void>((resolve, reject) =>
        this.#client.waitForReady(deadline, (error) => error ? reject(error) : resolve())
      );
    }
    const metadata = new grpc.Metadata();
    if (options.modelId) metadata.set("mm-model-id", options.modelId);
    return await new Promise((resolve, reject) => {
      fn.call(this.#client, request, metadata, { deadline }, (error, response) => {
        if (error) reject(error);
        else resolve(response);
      });
    });
  }
}
