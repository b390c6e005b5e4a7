/**
 * The Open Inference Protocol's REST door: the `/v2` routes (health, server
 * and model metadata, model readiness, inference) on top of the
 * {@link DataPlane}. Inference takes JSON tensors and the binary tensor data
 * extension (oip_rest_request.ts, oip_rest_response.ts): tensors as raw
 * bytes after a JSON inference header, which is how an image or any other
 * binary BYTES element reaches a model. Translation only; errors answer
 * `{"error": "..."}` with the HTTP status of their kind. FP16 travels only as
 * binary data and is refused in JSON with a message saying so.
 *
 * @module
 */
import type { DataPlane } from "../../core/data_plane.ts";
import { modelMetadata, serverMetadata } from "../../core/model_metadata.ts";
import type { HttpRoute, RouteParams } from "../wire/http_route.ts";
import { jsonResponse } from "../wire/http_status.ts";
import { inferRequestFromRest, readInferBody } from "./oip_rest_request.ts";
import { inferResponseToRest, restInferResponse } from "./oip_rest_response.ts";

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
    const { header, binary } = await readInferBody(request);
    const { request: inferRequest, binaryOutputs } = inferRequestFromRest(header, binary);
    const response = await dataPlane.infer(
      name,
      version,
      inferRequest,
      OIP_REST_DOOR,
      request.signal,
    );
    return restInferResponse(inferResponseToRest(response, binaryOutputs));
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
