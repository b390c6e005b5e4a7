/**
 * The one-call way to serve a model: a bundle (the embedded one by default)
 * served by its registered module, or by a wrapper the caller supplies, and
 * optionally a model repository folder beside it.
 *
 * @module
 */
import { embeddedBundleRoot } from "../base/assets.ts";
import { loadBundle } from "../bundle/load.ts";
import { modelHostFactory } from "../hosting/model_host_factory.ts";
import type { BatchingOptions } from "../core/model_host.ts";
import { DataPlane } from "../core/data_plane.ts";
import { ModelRegistry } from "../core/registry.ts";
import { urlSafeName } from "../core/model_names.ts";
import { createLogger, type Logger } from "../base/log.ts";
import type { ModelWrapper } from "../model/contract.ts";
import { ModelServer } from "./model_server.ts";
import type { TlsMaterial } from "../base/tls.ts";
import type { AccessPolicy } from "../base/access_policy.ts";
import type { AdmissionLimits } from "../core/admission.ts";
import { ModelRepository } from "../repository/model_repository.ts";
import type { RuntimeMetrics } from "../metrics/runtime_metrics.ts";
import { sharedMetrics } from "../metrics/shared_metrics.ts";
import { requestObserver } from "./request_observer.ts";
import type { ServingGroup } from "../core/serving_group.ts";

/** What to serve and where. */
export interface ServeModelOptions {
  /** Bundle version folder or root; default the embedded iris bundle. */
  readonly bundle?: string;
  /** Serve with this wrapper instead of the module model.yaml names. */
  readonly wrapper?: ModelWrapper;
  /** gRPC port; default 45000; 0 picks a free one. */
  readonly port?: number;
  /** Listen address; default all interfaces. */
  readonly hostname?: string;
  /** Load at the first Status instead of at start. */
  readonly lazy?: boolean;
  /** Where to log; default `info` level on stderr. */
  readonly log?: Logger;
  /**
   * HTTP port of the Open Inference Protocol REST door: default 8080, or a
   * free port when `port` is 0 (so tests never collide); null: no HTTP server.
   */
  readonly httpPort?: number | null;
  /** Dynamic batching of concurrent requests; on by default. */
  readonly batching?: BatchingOptions;
  /**
   * A model repository folder served beside the bundle: every subfolder is a
   * model, loaded at start; folders added or removed later are picked up.
   */
  readonly models?: string;
  /** Milliseconds between scans of the repository folder; default 1000. */
  readonly repositoryPollMs?: number;
  /** Where requests are counted (served at /metrics); default the process-wide metrics. */
  readonly metrics?: RuntimeMetrics;
  /** Folder for models trained over the TrainingService; absent: no training service. */
  readonly trainingDir?: string;
  /** TLS (and with a CA, mutual TLS on gRPC); see the server option `tls`. */
  readonly tls?: TlsMaterial | null;
  /** Admin switch and tokens; absent: everything open. */
  readonly access?: AccessPolicy;
  /** Drain grace period in ms; default 10 000. */
  readonly graceMs?: number;
  /** gRPC message size limit in bytes; default 250 MiB. */
  readonly maxMessageBytes?: number;
  /** Bounds on requests working and waiting (beyond: resource_exhausted). */
  readonly limits?: AdmissionLimits;
  /** See the server option of the same name; default 0. */
  readonly firstStatusWaitMs?: number;
  /** Settings of individual protocols, by protocol name (see the server option). */
  readonly protocolSettings?: Readonly<Record<string, unknown>>;
  /** Share both ports with other processes; see the server option of the same name. */
  readonly reusePort?: boolean;
  /** The other serving workers; see the server option of the same name. */
  readonly group?: ServingGroup;
}

/**
 * Loads the bundle, starts a server and returns it once it is listening (and,
 * unless `lazy`, once the model has loaded). Stop it with `server.stop()`.
 *
 * @example
 * ```ts ignore
 * import { serveModel } from "./serve_model.ts";
 * const server = await serveModel({ port: 0 });
 * console.log(`listening on ${server.port}`);
 * await server.stop();
 * ```
 */
export async function serveModel(options: ServeModelOptions = {}): Promise<ModelServer> {
  const log = options.log ?? createLogger("info");
  const path = options.bundle ?? embeddedBundleRoot();
  const metrics = options.metrics ?? sharedMetrics;
  // Every model served — the bundle, repository folders, trained models — is
  // hosted alike: the same batching, batch sizes and queue times in `metrics`.
  const hosts = modelHostFactory({
    log,
    batching: options.batching,
    onBatch: (model, size, waitedMs) => metrics.observeBatch(model, size, waitedMs),
  });
  const host = options.wrapper
    ? hosts.forBundle(await loadBundle(path), options.wrapper)
    : await hosts.fromBundleFolder(path);
  const registry = new ModelRegistry();
  const { name, version } = host.bundle.spec;
  registry.add({ name: urlSafeName(name), version, host, origin: "bundle" }, true);
  const repository = new ModelRepository({
    dir: options.models ?? null,
    registry,
    log,
    pollMs: options.repositoryPollMs,
    hosts,
    group: options.group,
  });
  let server: ModelServer;
  try {
    await repository.start();
    server = await ModelServer.start({
      dataPlane: new DataPlane(registry, requestObserver(metrics, log), options.limits),
      port: options.port ?? 45000,
      httpPort: defaultHttpPort(options),
      hostname: options.hostname,
      lazy: options.lazy,
      log,
      repository,
      metrics,
      trainingDir: options.trainingDir,
      hosts,
      tls: options.tls,
      access: options.access,
      graceMs: options.graceMs,
      maxMessageBytes: options.maxMessageBytes,
      firstStatusWaitMs: options.firstStatusWaitMs,
      protocolSettings: options.protocolSettings,
      reusePort: options.reusePort,
      group: options.group,
    });
  } catch (error) {
    await repository.stop();
    await Promise.all(registry.list().map((entry) => registry.remove(entry.name)));
    throw error;
  }
  const unfollow = metrics.followRegistry(registry);
  server.stopped.then(unfollow);
  return server;
}

/** The HTTP port to serve on, or undefined for none (see {@link ServeModelOptions.httpPort}). */
function defaultHttpPort(options: ServeModelOptions): number | undefined {
  if (options.httpPort === null) return undefined;
  return options.httpPort ?? (options.port === 0 ? 0 : 8080);
}
