/**
 * Assembles the serving process: one grpc-js server carrying the wire
 * adapters (Modzy, Open Inference Protocol, model repository, health,
 * reflection), bound to one port, and the HTTP server (REST, /metrics), over
 * one data plane, with an orderly stop.
 *
 * @module
 */
import * as grpc from "@grpc/grpc-js";
import type { DataPlane } from "../core/data_plane.ts";
import { addModzyService } from "../protocols/modzy/modzy_service.ts";
import { HttpServer } from "./http_server.ts";
import { deferServices } from "./deferred_services.ts";
import { serviceDefinition } from "../protocols/wire/proto_loader.ts";
import { oipServiceDefinition } from "../protocols/oip/oip_infer_codec.ts";
import { addHealthService, type HealthService } from "../protocols/health/health_service.ts";
import { type ServiceMount, serviceMount } from "../protocols/wire/service_mount.ts";
import type { TrainingJobs } from "../hosting/training_jobs.ts";
import type { ModelHostFactory } from "../hosting/model_host_factory.ts";
import type { RuntimeMetrics } from "../metrics/runtime_metrics.ts";
import type { ModelRepository } from "../repository/model_repository.ts";
import type { Logger } from "../base/log.ts";
import { DEFAULT_GRACE_MS, DEFAULT_MAX_MESSAGE_BYTES } from "../base/limits.ts";
import { accessIsOpen, type AccessPolicy } from "../base/access_policy.ts";
import { accessInterceptor } from "./grpc_access.ts";
import { grpcServerCredentials } from "./grpc_tls.ts";
import type { TlsMaterial } from "../base/tls.ts";
import { importServerExtras } from "./server_extras_loader.ts";

/** Full name of the training service (mounted only with a training directory). */
const TRAINING_SERVICE = "modelruntime.training.v1.TrainingService";

/** How to serve. */
export interface ServerOptions {
  /** The data plane (and through it the models) to serve. */
  readonly dataPlane: DataPlane;
  /** gRPC port; 0 picks a free one. */
  readonly port: number;
  /** Listen address; default all interfaces (`0.0.0.0`). */
  readonly hostname?: string;
  /** Defer loading models to the first Status, as the reference does. */
  readonly lazy?: boolean;
  /** Send and receive limit in bytes; default 250 MiB. */
  readonly maxMessageBytes?: number;
  /** Where to log. */
  readonly log: Logger;
  /** HTTP port (Open Inference Protocol REST); 0 picks a free one; absent: no HTTP server. */
  readonly httpPort?: number;
  /**
   * The model repository behind the ModelRepository service (stopped with the
   * server); absent: a repository without a folder (index and unload only).
   */
  readonly repository?: ModelRepository;
  /** Metrics served at `/metrics` on the HTTP port; absent: no /metrics route. */
  readonly metrics?: RuntimeMetrics;
  /**
   * Folder training jobs write completed models to; when given, the
   * TrainingService is mounted (absent: no training service).
   */
  readonly trainingDir?: string;
  /** Training jobs running at once; default 2. */
  readonly trainingConcurrency?: number;
  /**
   * Builds the hosts of models trained by the training service (batching,
   * batch metrics), as the server's other models were built; default:
   * batching on, batches counted into `metrics`.
   */
  readonly hosts?: ModelHostFactory;
  /**
   * TLS for both ports (certificate and key); with a CA, the gRPC port
   * requires client certificates signed by it (mutual TLS). Absent: plain text.
   */
  readonly tls?: TlsMaterial | null;
  /** Who may call what (admin switch, tokens); absent: everything open. */
  readonly access?: AccessPolicy;
  /**
   * How long `stop` lets calls in flight finish before cutting them off, in
   * milliseconds; default 10 000.
   */
  readonly graceMs?: number;
  /**
   * How long, once the models have loaded, the services mounted last (see
   * {@link ModelServer.start}) wait for the first Modzy Status to be answered
   * before loading anyway, in milliseconds; default 0 (no wait). Loading
   * them blocks the event loop for a while, so a Status whose connection is
   * still being set up would wait for it; the command-line server waits.
   */
  readonly firstStatusWaitMs?: number;
}

/**
 * How long after the first Status answer the optional services still wait
 * (with `firstStatusWaitMs`), so the answer has left before they load.
 */
const STATUS_ANSWER_FLUSH_MS = 10;

/**
 * A running server. A class because it has a life cycle: `start`, then
 * `stop` (from a signal, the Shutdown RPC, or a test), then `stopped` resolves.
 */
export class ModelServer {
  /** The port actually bound. */
  readonly port: number;
  /** The data plane served. */
  readonly dataPlane: DataPlane;
  /** The HTTP server (REST doors; others add routes to it), when one was asked for. */
  readonly http: HttpServer | null;
  /** The training jobs, when a training directory was given. */
  readonly training: TrainingJobs | null;
  /** Resolves once the server has stopped and the model is released. */
  readonly stopped: Promise<void>;
  readonly #server: grpc.Server;
  readonly #log: Logger;
  readonly #repository: ModelRepository;
  readonly #health: HealthService;
  readonly #resolveStopped: () => void;
  readonly #graceMs: number;
  #stopping: Promise<void> | null = null;

  private constructor(
    server: grpc.Server,
    port: number,
    options: ServerOptions,
    parts: {
      http: HttpServer | null;
      repository: ModelRepository;
      health: HealthService;
      training?: TrainingJobs | null;
    },
  ) {
    this.http = parts.http;
    this.training = parts.training ?? null;
    this.#repository = parts.repository;
    this.#health = parts.health;
    this.#server = server;
    this.port = port;
    this.dataPlane = options.dataPlane;
    this.#log = options.log;
    this.#graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
    let resolve!: () => void;
    this.stopped = new Promise((r) => resolve = r);
    this.#resolveStopped = resolve;
  }

  /**
   * Mounts the Modzy door and health, binds the port, then (unless `lazy`)
   * loads every model, and then mounts the other services and starts the
   * HTTP server; resolves once all of that is done. The port is bound before
   * the models load so a client's connection set-up overlaps the load: a
   * Status that arrives meanwhile waits for the load (it never answers 200
   * before the model is ready), health reports NOT_SERVING until the models
   * are ready, and the services mounted last are loaded lazily
   * (server_extras.ts) so none of their code delays the first Status. A
   * model that fails to load does not stop the server: Status reports it and
   * Run items fail with the reason.
   */
  static async start(options: ServerOptions): Promise<ModelServer> {
    const limit = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    // An open policy checks nothing: no interceptor or route wrapper on the hot path at all.
    const access = guarded(options.access);
    const grpcServer = new grpc.Server({
      "grpc.max_receive_message_length": limit,
      "grpc.max_send_message_length": limit,
      interceptors: access ? [accessInterceptor(access)] : [],
    });
    const address = `${options.hostname ?? "0.0.0.0"}:${options.port}`;
    const models = options.dataPlane.registry.list();
    let instance: ModelServer | null = null;
    // Every service goes through the mount: its calls get request ids, and
    // health and reflection cover exactly the services mounted.
    const mount = serviceMount(grpcServer);
    const firstStatus = Promise.withResolvers<void>();
    addModzyService(afterStatus(mount, firstStatus.resolve) as unknown as grpc.Server, {
      dataPlane: options.dataPlane,
      log: options.log,
      onShutdown: () => void instance?.stop(),
    });
    // The optional services are mounted last (see below): health knows, and
    // their stand-ins make early calls wait for them rather than fail.
    let allMounted = false;
    const mounted = Promise.withResolvers<void>();
    const wanted = Promise.withResolvers<void>();
    const untilAllMounted = () => {
      wanted.resolve();
      return mounted.promise;
    };
    const health = addHealthService(mount, options.dataPlane, () => mount.names(), {
      allMounted: () => allMounted,
      untilAllMounted,
    });
    const deferred = deferServices(
      mount,
      DEFERRED_SERVICES
        .filter(([name]) => name !== TRAINING_SERVICE || options.trainingDir !== undefined)
        .map(([, definition]) => definition()),
      () => wanted.resolve(),
    );
    let http: HttpServer | null = null;
    const closeEarly = () => {
      mounted.resolve();
      health.close();
      grpcServer.forceShutdown();
      void http?.stop();
    };
    let port: number;
    try {
      http = await startHttp(options, untilAllMounted);
      port = await new Promise<number>((resolve, reject) => {
        grpcServer.bindAsync(
          address,
          grpcServerCredentials(options.tls ?? null),
          (error, bound) => {
            if (error) reject(new Error(`cannot listen on ${address}: ${error.message}`));
            else resolve(bound);
          },
        );
      });
    } catch (error) {
      closeEarly();
      throw error;
    }
    let extras;
    try {
      if (!options.lazy) await Promise.all(models.map((entry) => entry.host.initialize()));
      if (options.firstStatusWaitMs) {
        // The answer needs a few turns of the event loop to leave (data, then trailers).
        const answerSent = firstStatus.promise.then(() => sleep(STATUS_ANSWER_FLUSH_MS));
        await firstOf(Promise.race([answerSent, wanted.promise]), options.firstStatusWaitMs);
      }
      const { startServerExtras } = await importServerExtras();
      extras = startServerExtras(deferred.mount, { ...options, access, http });
    } catch (error) {
      closeEarly();
      throw error;
    }
    allMounted = true;
    mounted.resolve();
    health.refresh();
    instance = new ModelServer(grpcServer, port, options, { ...extras, http, health });
    options.log.info("serving", { port, models: models.map((entry) => entry.name).join(",") });
    return instance;
  }

  /**
   * Drains and stops: readiness and health turn NOT_SERVING at once, both
   * ports stop accepting, calls in flight get up to the grace period
   * (`graceMs`) to finish and are then cut off; the models are released and
   * `stopped` resolves. Idempotent (a signal and the Shutdown RPC share it).
   */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      this.dataPlane.startDraining();
      this.#health.refresh();
      // Let the answer that asked for the stop (Shutdown) leave before closing.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const grace = this.#graceMs;
      let graceTimer: ReturnType<typeof setTimeout> | undefined;
      const graceOver = new Promise<"over">((resolve) => {
        graceTimer = setTimeout(() => resolve("over"), grace);
      });
      const drained = Promise.all([
        new Promise<void>((resolve) => this.#server.tryShutdown(() => resolve())),
        this.http?.stop(),
      ]);
      if (await Promise.race([drained, graceOver]) === "over") {
        this.#log.warn("grace period over: cutting off calls still in flight", { graceMs: grace });
        this.#server.forceShutdown();
      }
      clearTimeout(graceTimer);
      await this.training?.close();
      await this.#repository.stop();
      const models = this.dataPlane.registry.list();
      await Promise.all(models.map((entry) => this.dataPlane.registry.remove(entry.name)));
      this.#health.close();
      this.#log.info("stopped");
      this.#resolveStopped();
    })();
    return this.#stopping;
  }
}

/**
 * `mount`, except that `answered` is called after each answer of a service's
 * `Status` method (the Modzy door's) has been handed to grpc-js.
 */
function afterStatus(mount: ServiceMount, answered: () => void): ServiceMount {
  return {
    ...mount,
    addService(definition, implementation) {
      const status = implementation.Status as grpc.handleUnaryCall<unknown, unknown> | undefined;
      if (!status) return mount.addService(definition, implementation);
      mount.addService(definition, {
        ...implementation,
        Status: ((call, callback) =>
          status(call, (...answer) => {
            callback(...answer);
            answered();
          })) as grpc.handleUnaryCall<unknown, unknown>,
      });
    },
  };
}

/** Resolves when `promise` does or after `ms` milliseconds, whichever comes first. */
async function firstOf(promise: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const elapsed = new Promise<void>((resolve) => timer = setTimeout(resolve, ms));
  await Promise.race([promise, elapsed]);
  clearTimeout(timer);
}

/** Resolves after `ms` milliseconds. */
function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The services mounted by server_extras.ts, by full name with their
 * definitions: stand-ins for them are mounted before the port is bound (the
 * training service only with a training directory).
 */
const DEFERRED_SERVICES: readonly (readonly [string, () => grpc.ServiceDefinition])[] = [
  // OIP with its ModelInfer wire codec (oip_infer_codec.ts): the stand-in's serializers are the served ones.
  ["inference.GRPCInferenceService", oipServiceDefinition],
  [
    "modelruntime.v1.ModelRepository",
    () => serviceDefinition("model_repository.proto", "modelruntime.v1.ModelRepository"),
  ],
  [TRAINING_SERVICE, () => serviceDefinition("training.proto", TRAINING_SERVICE)],
];

/**
 * The HTTP server (OIP REST, /metrics), started before its routes exist
 * (server_extras.ts adds them; a request meanwhile waits via
 * `untilRouted`), or null when none is asked for or mutual TLS forbids it.
 */
async function startHttp(
  options: ServerOptions,
  untilRouted: () => Promise<void>,
): Promise<HttpServer | null> {
  if (options.httpPort === undefined) return null;
  // Deno.serve cannot require client certificates (denoland/deno#26825): under
  // mutual TLS the REST port stays closed rather than open to any client.
  if (options.tls?.ca) {
    options.log.warn(
      "mutual TLS (--tls-ca): the HTTP port (REST, /metrics) is not opened, because " +
        "Deno.serve cannot require client certificates; use gRPC",
    );
    return null;
  }
  return await HttpServer.start({
    port: options.httpPort,
    hostname: options.hostname,
    tls: options.tls ?? null,
    log: options.log,
    untilRouted,
  });
}

/** `access` when it restricts something, else undefined (nothing to check per call). */
function guarded(access: AccessPolicy | undefined): AccessPolicy | undefined {
  return access && !accessIsOpen(access) ? access : undefined;
}
