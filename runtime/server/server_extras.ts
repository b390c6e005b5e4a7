/**
 * The parts of the serving process that the first Modzy Status does not
 * need: the Open Inference Protocol door, the model repository and training
 * services, reflection, and the routes of the HTTP server (REST, /metrics).
 * The server assembly (server.ts) imports this module lazily and mounts them
 * once the port is bound and the models are loaded, so they cost nothing
 * before the first Status answers (calls and HTTP requests that come
 * earlier wait for them); `ModelServer.start` still resolves only once they
 * are all up.
 *
 * @module
 */
import type * as grpc from "@grpc/grpc-js";
import type { DataPlane } from "../core/data_plane.ts";
import { addOipService } from "../protocols/oip/oip_grpc_service.ts";
import { oipRestRoutes } from "../protocols/oip/oip_rest.ts";
import type { HttpServer } from "./http_server.ts";
import { withRequestContext } from "./http_request_context.ts";
import { addReflectionService } from "../protocols/reflection/reflection_service.ts";
import { addRepositoryService } from "../protocols/repository/repository_service.ts";
import type { ServiceMount } from "../protocols/wire/service_mount.ts";
import { addTrainingService } from "../protocols/training/training_service.ts";
import { TrainingJobs } from "../hosting/training_jobs.ts";
import {
  type BatchObserver,
  type ModelHostFactory,
  modelHostFactory,
} from "../hosting/model_host_factory.ts";
import { metricsRoute } from "../protocols/prometheus/metrics_route.ts";
import type { RuntimeMetrics } from "../metrics/runtime_metrics.ts";
import { ModelRepository } from "../repository/model_repository.ts";
import type { Logger } from "../base/log.ts";
import type { AccessPolicy } from "../base/access_policy.ts";
import { withAccess } from "./http_access.ts";

/** What the optional parts are built from (a subset of the server's options). */
export interface ServerExtrasOptions {
  /** The data plane served. */
  readonly dataPlane: DataPlane;
  /** The HTTP server (started already) that gets the REST and /metrics routes, if any. */
  readonly http: HttpServer | null;
  /** The repository behind the ModelRepository service; absent: one without a folder. */
  readonly repository?: ModelRepository;
  /** Metrics served at `/metrics`; absent: no /metrics route. */
  readonly metrics?: RuntimeMetrics;
  /** Folder of the training service's models; absent: no training service. */
  readonly trainingDir?: string;
  /** Training jobs running at once. */
  readonly trainingConcurrency?: number;
  /** Builds the hosts of trained models; see the server option of the same name. */
  readonly hosts?: ModelHostFactory;
  /** Who may call what, when it restricts anything (else undefined). */
  readonly access?: AccessPolicy;
  /** Where to log. */
  readonly log: Logger;
}

/** The optional parts once mounted. */
export interface ServerExtras {
  /** The repository behind the ModelRepository service. */
  readonly repository: ModelRepository;
  /** The training jobs, when a training directory was given. */
  readonly training: TrainingJobs | null;
}

/**
 * Mounts the OIP, repository and (with a training directory) training
 * services on `mount`, then reflection over everything mounted, and adds
 * the HTTP routes.
 */
export function startServerExtras(
  mount: ServiceMount,
  options: ServerExtrasOptions,
): ServerExtras {
  addOipService(mount as unknown as grpc.Server, { dataPlane: options.dataPlane });
  const repository = options.repository ??
    new ModelRepository({ dir: null, registry: options.dataPlane.registry, log: options.log });
  addRepositoryService(mount, repository);
  const training = options.trainingDir === undefined ? null : new TrainingJobs({
    trainingDir: options.trainingDir,
    registry: options.dataPlane.registry,
    concurrency: options.trainingConcurrency,
    log: options.log,
    hosts: options.hosts ?? modelHostFactory({
      log: options.log,
      onBatch: metricsOf(options),
    }),
    onCounts: (counts) => {
      options.metrics?.setTrainingJobs("queued", counts.QUEUED);
      options.metrics?.setTrainingJobs("running", counts.RUNNING);
      options.metrics?.setTrainingJobs("succeeded", counts.COMPLETED);
      options.metrics?.setTrainingJobs("failed", counts.ERRORED);
      options.metrics?.setTrainingJobs("cancelled", counts.CANCELED);
    },
  });
  if (training) addTrainingService(mount, training);
  addReflectionService(mount, mount.definitions());
  if (options.http) {
    const routes = oipRestRoutes(options.dataPlane);
    if (options.metrics) routes.push(metricsRoute(options.metrics));
    const access = options.access;
    options.http.addRoutes(withRequestContext(access ? withAccess(routes, access) : routes));
  }
  return { repository, training };
}

/** The batch observer counting into the served metrics, if any. */
function metricsOf(options: ServerExtrasOptions): BatchObserver | undefined {
  const metrics = options.metrics;
  return metrics && ((model, size, waitedMs) => metrics.observeBatch(model, size, waitedMs));
}
