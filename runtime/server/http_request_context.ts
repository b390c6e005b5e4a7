/**
 * Runs each HTTP route inside a request context: the id is the request's
 * `x-request-id` header or a fresh one, every log line written while
 * answering carries it, and the response (an error answer too) echoes it in
 * `x-request-id`.
 *
 * @module
 */
import { requestIdFor, runWithRequestContext } from "../base/request_context.ts";
import type { HttpRoute } from "../protocols/wire/http_route.ts";
import { errorResponse } from "../protocols/wire/http_status.ts";

/** `routes`, each answering inside its own request context. */
export function withRequestContext(routes: readonly HttpRoute[]): HttpRoute[] {
  return routes.map((route) => ({
    ...route,
    handle: (request, params) => {
      const requestId = requestIdFor(request.headers.get("x-request-id"));
      return runWithRequestContext({ requestId }, async () => {
        let response: Response;
        try {
          response = await route.handle(request, params);
        } catch (error) {
          response = errorResponse(error, route.errorAnswer);
        }
        try {
          response.headers.set("x-request-id", requestId);
          return response;
        } catch {
          // Immutable headers (e.g. a Response.redirect): answer as it is.
          return response;
        }
      });
    },
  }));
}
