/**
 * The Open Inference Protocol's REST door: the `/v2` routes (health, server
 * and model metadata, model readiness, inference with JSON tensors) on top
 * of the {@link DataPlane}. Translation only; errors answer
 * `{"error": "..."}` with the HTTP status of their kind. FP16 is not offered
 * over JSON and is refused with a message saying so.
 *
 * @module
 */
import { badRequest } from "../../base/errors.ts";
import type { DataPlane } from "../../core/data_plane.ts";
import { modelMetadata, serverMetadata } from "../../core/model_metadata.ts";
import { tensorFromJson, tensorToJson } from "../../core/tensor_json.ts";
import type { InferRequest, InferResponse } from "../../model/tensors.ts";
import type { HttpRoute, RouteParams } from "../wire/http_route.ts";
import { jsonResponse } from "../wire/http_status.ts";

/** The door's name in request records. */
export const OIP_REST_DOOR = "oip-rest";

/** The `/v2` routes over `dataPlane`. */
export function oipRestRoutes(dataPlane: DataPlane): HttpRoute[] {
  const ref = (params: RouteParams) => [params.name, params.version] as const;
  const metadata = (_: Request, params: RouteParams) =>
    jsonResponse(modelMetadata(dataPlane, ...ref(params)));
  const ready = (_: Request, params: RouteParams) => {
    const [name, version] = ref(params);
    const isReady = dataPlane.modelReady(name, version);
    // A model that failed to load says why (a code file that did not import: file, line, message).
    const reason = isReady ? undefined : dataPlane.model(name, version).host.failure?.message;
    return jsonResponse(
      reason ? { name, ready: false, reason } : { name, ready: isReady },
      isReady ? 200 : 503,
    );
  };
  const infer = async (request: Request, params: RouteParams) => {
    const [name, version] = ref(params);
    const body = await readJson(request);
    const response = await dataPlane.infer(
      name,
      version,
      inferRequestFromJson(body),
      OIP_REST_DOOR,
      request.signal,
    );
    return jsonResponse(inferResponseToJson(response));
  };
  const model = "/v2/models/:name";
  const versioned = "/v2/models/:name/versions/:version";
  return [
    {
      method: "GET",
      path: "/v2/health/live",
      role: "open",
      handle: () => jsonResponse({ live: true }),
    },
    {
      method: "GET",
      path: "/v2/health/ready",
      role: "open",
      handle: () => {
        const isReady = dataPlane.ready();
        return jsonResponse({ ready: isReady }, isReady ? 200 : 503);
      },
    },
    { method: "GET", path: "/v2", handle: () => jsonResponse(serverMetadata()) },
    { method: "GET", path: model, handle: metadata },
    { method: "GET", path: versioned, handle: metadata },
    { method: "GET", path: `${model}/ready`, handle: ready },
    { method: "GET", path: `${versioned}/ready`, handle: ready },
    { method: "POST", path: `${model}/infer`, handle: infer },
    { method: "POST", path: `${versioned}/infer`, handle: infer },
  ];
}

async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badRequest(`the request body is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * Reads a REST inference request body: `{"id"?, "parameters"?, "inputs":
 * [tensor...], "outputs"?: [{"name"}...]}`; tensors as in `tensor_json.ts`.
 */
export function inferRequestFromJson(body: unknown): InferRequest {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw badRequest("the request body must be a JSON object with an 'inputs' list");
  }
  const record = body as Record<string, unknown>;
  if (!Array.isArray(record.inputs)) throw badRequest("'inputs' must be a list of tensors");
  if (record.id !== undefined && typeof record.id !== "string") {
    throw badRequest("'id' must be a string");
  }
  const outputs = record.outputs ?? [];
  if (!Array.isArray(outputs)) throw badRequest("'outputs' must be a list of {\"name\": ...}");
  const outputNames = outputs.map((output, index) => {
    const name = (output as Record<string, unknown> | null)?.name;
    if (typeof name !== "string") throw badRequest(`outputs[${index}].name must be a string`);
    return name;
  });
  const parameters = record.parameters;
  if (
    parameters !== undefined &&
    (parameters === null || typeof parameters !== "object" || Array.isArray(parameters))
  ) {
    throw badRequest("'parameters' must be a JSON object");
  }
  return {
    id: record.id as string | undefined,
    inputs: record.inputs.map((input, index) =>
      tensorFromJson(input, index, { fp16: false, role: "input" })
    ),
    outputs: outputNames,
    parameters: parameters as Record<string, unknown> | undefined,
  };
}

/** Writes a REST inference response body. */
export function inferResponseToJson(response: InferResponse): Record<string, unknown> {
  return {
    model_name: response.modelName,
    model_version: response.modelVersion,
    ...(response.id === undefined ? {} : { id: response.id }),
    outputs: response.outputs.map((output) =>
      tensorToJson(output, { fp16: false, role: "output" })
    ),
  };
}
