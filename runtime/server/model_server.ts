/**
 * Assembles the serving process: one grpc-js server carrying the gRPC
 * services of every protocol (protocol_list.ts), bound to one port, and the
 * HTTP server carrying their routes, over one data plane, with an orderly
 * stop. It walks the protocols' descriptors and names no protocol: their
 * declarations give the services, the admin methods, health and the mount
 * stage.
 *
 * @module
 */
import * as grpc from "@grpc/grpc-js";
import type { DataPlane } from "../core/data_plane.ts";
import { HttpServer } from "./http_server.ts";
import { deferServices } from "./deferred_services.ts";
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
import type {
  ProtocolContext,
  ProtocolDescriptor,
  ProtocolMount,
  ProtocolSettings,
} from "../protocols/protocol.ts";
import { PROTOCOLS } from "./protocol_list.ts";
import { methodRoles } from "./method_roles.ts";
import { withAccess } from "./http_access.ts";
import { withRequestContext } from "./http_request_context.ts";
import { bindSharedGrpcPort, type SharedGrpcPort } from "./shared_port.ts";
import type { ServingGroup } from "../core/serving_group.ts";
import { followGroupReadiness } from "../core/group_readiness.ts";

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
  /** The protocols to serve, in mount order; default every protocol (protocol_list.ts). */
  readonly protocols?: readonly ProtocolDescriptor[];
  /** Settings of individual protocols, by protocol name (each validates its own). */
  readonly protocolSettings?: Readonly<Record<string, unknown>>;
  /**
   * Share both ports with other processes (`SO_REUSEPORT`): the serving
   * workers of `--workers N` (runtime/workers/). Default false.
   */
  readonly reusePort?: boolean;
  /** The other serving workers (Status, Shutdown and /metrics span them); absent: none. */
  readonly group?: ServingGroup;
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
  readonly #mounts: readonly ProtocolMount[];
  readonly #resolveStopped: () => void;
  readonly #graceMs: number;
  readonly #shared: SharedGrpcPort | null;
  readonly #unfollowGroup: (() => void) | null;
  #stopping: Promise<void> | null = null;

  private constructor(
    server: grpc.Server,
    port: number,
    options: ServerOptions,
    parts: {
      http: HttpServer | null;
      repository: ModelRepository;
      mounts: readonly ProtocolMount[];
      training?: TrainingJobs | null;
      shared: SharedGrpcPort | null;
      unfollowGroup: (() => void) | null;
    },
  ) {
    this.#shared = parts.shared;
    this.#unfollowGroup = parts.unfollowGroup;
    this.http = parts.http;
    this.training = parts.training ?? null;
    this.#repository = parts.repository;
    this.#mounts = parts.mounts;
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
   * Mounts the start-stage protocols (the Modzy door, health) and stand-ins
   * for the late ones' services, binds the ports, then (unless `lazy`)
   * loads every model, and then mounts the late protocols (late_stage.ts); resolves once all of that is done. The port is bound before
   * the models load so a client's connection set-up overlaps the load: a
   * Status that arrives meanwhile waits for the load (it never answers 200
   * before the model is ready), health reports NOT_SERVING until the models
   * are ready, and the services mounted last are loaded lazily
   * so none of their code delays the first Status. A
   * model that fails to load does not stop the server: Status reports it and
   * Run items fail with the reason.
   */
  static async start(options: ServerOptions): Promise<ModelServer> {
    const limit = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    const settings: ProtocolSettings = {
      trainingDir: options.trainingDir,
      metrics: options.metrics !== undefined,
      http: options.httpPort !== undefined && !options.tls?.ca,
      protocols: options.protocolSettings,
    };
    const protocols = (options.protocols ?? PROTOCOLS)
      .filter((protocol) => protocol.enabled?.(settings) ?? true);
    const declared = protocols.flatMap((protocol) => protocol.services(settings));
    const roles = methodRoles(declared);
    // An open policy checks nothing: no interceptor or route wrapper on the hot path at all.
    const access = guarded(options.access);
    const grpcServer = new grpc.Server({
      "grpc.max_receive_message_length": limit,
      "grpc.max_send_message_length": limit,
      interceptors: access ? [accessInterceptor(access, roles.roleOf)] : [],
    });
    const address = `${options.hostname ?? "0.0.0.0"}:${options.port}`;
    const models = options.dataPlane.registry.list();
    let instance: ModelServer | null = null;
    // Every service goes through the mount: its calls get request ids, and
    // health and reflection cover exactly the services mounted.
    const mount = serviceMount(grpcServer);
    let target: ServiceMount = mount;
    const firstStatus = Promise.withResolvers<void>();
    // The late protocols are mounted last (see below): health knows, and
    // their stand-ins make early calls wait for them rather than fail.
    let allMounted = false;
    const mounted = Promise.withResolvers<void>();
    const wanted = Promise.withResolvers<void>();
    const untilAllMounted = () => {
      wanted.resolve();
      return mounted.promise;
    };
    const contextWith = (
      parts: Pick<ProtocolContext, "repository" | "training">,
    ): ProtocolContext => ({
      dataPlane: options.dataPlane,
      log: options.log,
      settings,
      ...parts,
      metrics: options.metrics ?? null,
      progress: { allMounted: () => allMounted, untilAllMounted },
      declaredServices: declared,
      mountedDefinitions: () => mount.definitions(),
      mountedNames: () => mount.names(),
      addService: (definition, implementation) => target.addService(definition, implementation),
      requestStop: () => options.group ? options.group.requestStop() : void instance?.stop(),
      group: options.group ?? null,
      firstStatusAnswered: () => firstStatus.resolve(),
    });
    const early = protocols.filter((protocol) => protocol.stage === "start");
    const late = protocols.filter((protocol) => protocol.stage === "late");
    const mounts: ProtocolMount[] = [];
    const startContext = contextWith({ repository: null, training: null });
    for (const protocol of early) mounts.push(await protocol.mount(startContext));
    const deferred = deferServices(
      mount,
      late.flatMap((protocol) => protocol.services(settings))
        .flatMap((service) => service.definition ? [service.definition()] : []),
      () => wanted.resolve(),
    );
    let http: HttpServer | null = null;
    const closeEarly = () => {
      mounted.resolve();
      for (const each of mounts) void each.close?.();
      grpcServer.forceShutdown();
      void shared?.close();
      void http?.stop();
    };
    let port: number;
    let shared: SharedGrpcPort | null = null;
    try {
      http = await startHttp(options, untilAllMounted);
      if (options.reusePort) {
        shared = await bindSharedGrpcPort(
          grpcServer,
          grpcServerCredentials(options.tls ?? null),
          options.hostname ?? "0.0.0.0",
          options.port,
        );
      }
      port = shared ? shared.port : await new Promise<number>((resolve, reject) => {
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
    let lateStage;
    try {
      if (!options.lazy) await Promise.all(models.map((entry) => entry.host.initialize()));
      if (options.firstStatusWaitMs) {
        // The answer needs a few turns of the event loop to leave (data, then trailers).
        const answerSent = firstStatus.promise.then(() => sleep(STATUS_ANSWER_FLUSH_MS));
        await firstOf(Promise.race([answerSent, wanted.promise]), options.firstStatusWaitMs);
      }
      target = deferred.mount;
      const { mountLateStage } = await import("./late_stage.ts");
      lateStage = await mountLateStage(late, options, contextWith);
      mounts.push(...lateStage.mounts);
      if (http) {
        const routes = withRequestContext(lateStage.routes);
        http.addRoutes(access ? withAccess(routes, access) : routes);
        http.addErrorScopes(lateStage.errorScopes);
      }
    } catch (error) {
      closeEarly();
      throw error;
    }
    // With serving workers, the server is ready only when every worker is.
    const group = options.group;
    const unfollowGroup = group ? followGroupReadiness(options.dataPlane, group) : null;
    allMounted = true;
    mounted.resolve();
    for (const each of mounts) each.refresh?.();
    instance = new ModelServer(grpcServer, port, options, {
      http,
      repository: lateStage.repository,
      training: lateStage.training,
      mounts,
      shared,
      unfollowGroup,
    });
    options.log.info("serving", {
      port,
      ...(http ? { http_port: http.port } : {}),
      models: models.map((entry) => entry.name).join(","),
    });
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
      for (const mount of this.#mounts) mount.refresh?.();
      // Let the answer that asked for the stop (Shutdown) leave before closing.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const grace = this.#graceMs;
      let graceTimer: ReturnType<typeof setTimeout> | undefined;
      const graceOver = new Promise<"over">((resolve) => {
        graceTimer = setTimeout(() => resolve("over"), grace);
      });
      const drained = Promise.all([
        this.#shared?.close(),
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
      for (const mount of this.#mounts) await mount.close?.();
      this.#unfollowGroup?.();
      this.#log.info("stopped");
      this.#resolveStopped();
    })();
    return this.#stopping;
  }
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
 * The HTTP server (OIP REST, /metrics, …), started before its routes exist
 * (the late stage adds them; a request meanwhile waits via
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
    reusePort: options.reusePort,
    hostname: options.hostname,
    tls: options.tls ?? null,
    log: options.log,
    untilRouted,
    maxBodyBytes: options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
  });
}

/** `access` when it restricts something, else undefined (nothing to check per call). */
function guarded(access: AccessPolicy | undefined): AccessPolicy | undefined {
  return access && !accessIsOpen(access) ? access : undefined;
}
