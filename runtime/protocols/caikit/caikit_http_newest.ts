/**
 * The newest Caikit version's own HTTP routes (caikit-wire.md §3):
 * `GET|DELETE /management/trainings?training_id=…` (a training's status;
 * cancelling is admin), `GET /info/version`, `GET /info/models`, and model
 * management `POST /management/models` (`{"model_id", "model_files":
 * [{"filename", "data": base64}]}`) and `DELETE
 * /management/models?model_id=…` (both admin). Answers in Caikit JSON;
 * failures in Caikit's error shape.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import type { HttpRoute } from "../wire/http_route.ts";
import { jsonResponse } from "../wire/http_status.ts";
import { onlyKeys, readJsonObject, valueFromHttp } from "./caikit_http_body.ts";
import { invalidBody } from "./caikit_http_errors.ts";
import { caikitRoute } from "./caikit_route.ts";
import {
  type CaikitModelsOptions,
  deployModel,
  modelsInfo,
  runtimeInfo,
  undeployModel,
} from "./caikit_models.ts";
import {
  caikitCancelTraining,
  type CaikitTrainingOptions,
  caikitTrainingStatus,
} from "./caikit_training.ts";
import { FILE } from "./caikit_common_newest.ts";

/** The query parameter `name` of `request`; 422 when it is missing. */
function required(request: Request, name: string): string {
  const value = new URL(request.url).searchParams.get(name);
  if (value === null || value === "") throw invalidBody(`query parameter ${name}: field required`);
  return value;
}

/** The newest version's management and info routes. */
export function caikitNewestRoutes(
  training: CaikitTrainingOptions,
  models: CaikitModelsOptions,
): HttpRoute[] {
  return [
    caikitRoute({
      method: "GET",
      path: "/management/trainings",
      handle: async (request) =>
        jsonResponse(await caikitTrainingStatus(required(request, "training_id"), training)),
    }),
    caikitRoute({
      method: "DELETE",
      path: "/management/trainings",
      role: "admin",
      handle: async (request) =>
        jsonResponse(await caikitCancelTraining(required(request, "training_id"), training)),
    }),
    caikitRoute({
      method: "GET",
      path: "/info/version",
      handle: () => jsonResponse(runtimeInfo(models)),
    }),
    caikitRoute({
      method: "GET",
      path: "/info/models",
      handle: async (request) => {
        const ids = new URL(request.url).searchParams.getAll("model_ids");
        return jsonResponse(await modelsInfo(models, ids));
      },
    }),
    caikitRoute({
      method: "POST",
      path: "/management/models",
      role: "admin",
      handle: async (request) => {
        const body = await readJsonObject(request);
        onlyKeys(body, ["model_id", "model_files"], "body");
        const modelId = String(valueFromHttp("str", body.model_id ?? "", "body.model_id"));
        const files = valueFromHttp({ list: FILE }, body.model_files ?? [], "body.model_files");
        const decoded = (files as { filename: string; data: string }[]).map((file) => ({
          filename: file.filename,
          data: new Uint8Array(Buffer.from(file.data, "base64")),
        }));
        return jsonResponse(await deployModel(models, modelId, decoded));
      },
    }),
    caikitRoute({
      method: "DELETE",
      path: "/management/models",
      role: "admin",
      handle: async (request) =>
        jsonResponse(await undeployModel(models, required(request, "model_id"))),
    }),
  ];
}
