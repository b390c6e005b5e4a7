/**
 * The late stage of the server's start: the parts the first Modzy Status
 * does not need. The server assembly (model_server.ts) imports this module
 * lazily once the port is bound and the models are loaded: it makes the
 * model repository (when the caller gave none) and the training jobs (with
 * a training folder; with serving workers, run by the lead worker), then
 * mounts every late protocol — their gRPC services
 * replace the stand-ins mounted at start, their HTTP routes join the HTTP
 * server — so none of that code delays the first Status.
 *
 * @module
 */
import type { Logger } from "../base/log.ts";
import type { DataPlane } from "../core/data_plane.ts";
import type { TrainingJobs } from "../hosting/training_jobs.ts";
import { type TrainingDesk, trainingDesk } from "../hosting/training_desk.ts";
import {
  type BatchObserver,
  type ModelHostFactory,
  modelHostFactory,
} from "../hosting/model_host_factory.ts";
import type { RuntimeMetrics } from "../metrics/runtime_metrics.ts";
import type { ProtocolContext, ProtocolDescriptor, ProtocolMount } from "../protocols/protocol.ts";
import type { HttpErrorScope, HttpRoute } from "../protocols/wire/http_route.ts";
import { ModelRepository } from "../repository/model_repository.ts";
import type { ServingGroup } from "../core/serving_group.ts";

/** What the late stage is built from. */
export interface LateStageOptions {
  /** The data plane served. */
  readonly dataPlane: DataPlane;
  /** The repository the caller gave; absent: one without a folder (index and unload only). */
  readonly repository?: ModelRepository;
  /** Folder training jobs write to; absent: no training jobs. */
  readonly trainingDir?: string;
  /** Training jobs running at once. */
  readonly trainingConcurrency?: number;
  /** Builds the hosts of trained models; see the server option of the same name. */
  readonly hosts?: ModelHostFactory;
  /** Metrics (training job counts go there). */
  readonly metrics?: RuntimeMetrics;
  /** Where to log. */
  readonly log: Logger;
  /** The other serving workers; see the server option of the same name. */
  readonly group?: ServingGroup;
}

/** The late stage once mounted. */
export interface LateStage {
  /** The model repository. */
  readonly repository: ModelRepository;
  /** The training jobs run here, when a training folder was given (not on every worker). */
  readonly training: TrainingJobs | null;
  /** The doors' view of the training jobs, when a training folder was given. */
  readonly desk: TrainingDesk | null;
  /** What each late protocol's mount returned, in order. */
  readonly mounts: readonly ProtocolMount[];
  /** Every HTTP route the late protocols contributed. */
  readonly routes: readonly HttpRoute[];
  /** Every path prefix whose failures a late protocol answers in its own shape. */
  readonly errorScopes: readonly HttpErrorScope[];
}

/**
 * Makes the repository and training jobs, then mounts `protocols` in order
 * with the context `contextWith` gives for them.
 */
export async function mountLateStage(
  protocols: readonly ProtocolDescriptor[],
  options: LateStageOptions,
  contextWith: (parts: Pick<ProtocolContext, "repository" | "training">) => ProtocolContext,
): Promise<LateStage> {
  const repository = options.repository ??
    new ModelRepository({
      dir: null,
      registry: options.dataPlane.registry,
      log: options.log,
      group: options.group,
    });
  const metrics = options.metrics;
  const parts = options.trainingDir === undefined ? null : trainingDesk({
    trainingDir: options.trainingDir,
    registry: options.dataPlane.registry,
    concurrency: options.trainingConcurrency,
    log: options.log,
    hosts: options.hosts ?? modelHostFactory({ log: options.log, onBatch: metricsOf(metrics) }),
    onCounts: (counts) => {
      metrics?.setTrainingJobs("queued", counts.QUEUED);
      metrics?.setTrainingJobs("running", counts.RUNNING);
      metrics?.setTrainingJobs("succeeded", counts.COMPLETED);
      metrics?.setTrainingJobs("failed", counts.ERRORED);
      metrics?.setTrainingJobs("cancelled", counts.CANCELED);
    },
  }, options.group);
  const context = contextWith({ repository, training: parts?.desk ?? null });
  const mounts: ProtocolMount[] = [];
  const routes: HttpRoute[] = [];
  const errorScopes: HttpErrorScope[] = [];
  for (const protocol of protocols) {
    const mounted = await protocol.mount(context);
    mounts.push(mounted);
    routes.push(...(mounted.routes ?? []));
    errorScopes.push(...(mounted.httpErrorScopes ?? []));
  }
  return {
    repository,
    training: parts?.jobs ?? null,
    desk: parts?.desk ?? null,
    mounts,
    routes,
    errorScopes,
  };
}

/** The batch observer counting into the served metrics, if any. */
function metricsOf(metrics: RuntimeMetrics | undefined): BatchObserver | undefined {
  return metrics && ((model, size, waitedMs) => metrics.observeBatch(model, size, waitedMs));
}
