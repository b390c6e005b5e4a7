/**
 * The Caikit door's HTTP API on the HTTP port (caikit-wire.md §3), over the
 * same protocol-free functions as its gRPC handlers: both predict routes
 * always — 0.18.1's `POST /api/v1/{model_id}/task/<task-kebab>` and the
 * newest `POST /api/v1/task/<task-kebab>` with `model_id` in the body —
 * `GET /health` (open), and per trainable module `POST
 * /api/v1/<Task><Module>Train` (admin): with 0.18.1 answered once the
 * training has ended, with the newest at once; with the newest also its
 * management and info routes (caikit_http_newest.ts). Every answer
 * under `/api/v1`, `/management` and `/info` — 404 and 405 included — is
 * in Caikit's error shape (caikit_http_errors.ts). Predictions go through
 * the data plane with the door label `caikit-http`.
 *
 * @module
 */
import { internalError, RuntimeError } from "../../base/errors.ts";
import type { Logger } from "../../base/log.ts";
import type { DataPlane } from "../../core/data_plane.ts";
import type { ModelRepository } from "../../repository/model_repository.ts";
import type { HttpRoute, RouteParams } from "../wire/http_route.ts";
import { jsonResponse } from "../wire/http_status.ts";
import { predictParameters, readJsonObject, trainRequestFromHttp } from "./caikit_http_body.ts";
import { caikitRoute } from "./caikit_route.ts";
import { caikitNewestRoutes } from "./caikit_http_newest.ts";
import { CAIKIT_HTTP_DOOR, taskRoute } from "./caikit_names.ts";
import { caikitPredict } from "./caikit_predict.ts";
import type { PredictRpc, TrainRpc } from "./caikit_schema.ts";
import type { CaikitSurface } from "./caikit_surface.ts";
import {
  caikitTrain,
  type CaikitTrainingOptions,
  caikitTrainingStatus,
} from "./caikit_training.ts";

/** What the HTTP door works with. */
export interface CaikitHttpOptions {
  /** The data plane every prediction goes through. */
  readonly dataPlane: DataPlane;
  /** Training jobs and settings. */
  readonly training: CaikitTrainingOptions;
  /** The model repository (model management). */
  readonly repository: ModelRepository;
  /** Where to log. */
  readonly log: Logger;
}

/** The routes of `surface` for its wire version. */
export function caikitHttpRoutes(surface: CaikitSurface, options: CaikitHttpOptions): HttpRoute[] {
  const schema = surface.schema();
  const routes: HttpRoute[] = [{
    method: "GET",
    path: "/health",
    role: "open",
    handle: () => new Response("OK", { headers: { "content-type": "text/plain; charset=utf-8" } }),
  }];
  const seen = new Set<string>();
  for (const predict of schema.predicts) {
    const route = taskRoute(predict.task.name);
    if (seen.has(route)) continue;
    seen.add(route);
    routes.push(
      caikitRoute({
        method: "POST",
        path: `/api/v1/:model_id/task/${route}`,
        handle: predictHandler(predict, options, (_, params) => params.model_id),
      }),
      caikitRoute({
        method: "POST",
        path: `/api/v1/task/${route}`,
        handle: predictHandler(predict, options, (body) => {
          const modelId = body.model_id;
          if (typeof modelId !== "string" || modelId === "") {
            throw new RuntimeError("bad_request", "Please provide model_id in payload");
          }
          return modelId;
        }),
      }),
    );
  }
  const nested = surface.version.nestedTrainParameters;
  for (const train of schema.trains) {
    routes.push(caikitRoute({
      method: "POST",
      path: `/api/v1/${train.rpc}`,
      role: "admin",
      handle: trainHandler(train, options, nested),
    }));
  }
  if (surface.version.management) {
    routes.push(...caikitNewestRoutes(options.training, {
      dataPlane: options.dataPlane,
      repository: options.repository,
      wireVersion: surface.version.version,
    }));
  }
  return routes;
}

function predictHandler(
  predict: PredictRpc,
  options: CaikitHttpOptions,
  modelIdOf: (body: Record<string, unknown>, params: RouteParams) => string,
): HttpRoute["handle"] {
  return async (request, params) => {
    const body = await readJsonObject(request);
    const modelId = modelIdOf(body, params);
    const output = await caikitPredict(
      options.dataPlane,
      modelId,
      predict.task,
      predictParameters(predict.task, body),
      { door: CAIKIT_HTTP_DOOR, signal: request.signal, log: options.log },
    );
    return jsonResponse(output);
  };
}

/** How often a 0.18.1 train route looks whether its job has ended. */
const TRAINING_POLL_MS = 50;

function trainHandler(
  train: TrainRpc,
  options: CaikitHttpOptions,
  nested: boolean,
): HttpRoute["handle"] {
  return async (request) => {
    const body = await readJsonObject(request);
    const job = await caikitTrain(
      train,
      trainRequestFromHttp(train, body, nested),
      options.training,
    );
    // The newest version answers at once; 0.18.1 once the training has ended.
    if (nested) return jsonResponse(job);
    for (;;) {
      const status = await caikitTrainingStatus(job.training_id, options.training);
      const reasons = (status.reasons as string[]).join("; ");
      if (status.state === "COMPLETED") return jsonResponse(job);
      if (status.state === "ERRORED") throw internalError(`Training failed: ${reasons}`);
      if (status.state === "CANCELED") {
        throw new RuntimeError("cancelled", `Training ${job.training_id} was cancelled`);
      }
      if (request.signal.aborted) throw new RuntimeError("cancelled", "the client went away");
      await new Promise((resolve) => setTimeout(resolve, TRAINING_POLL_MS));
    }
  };
}
