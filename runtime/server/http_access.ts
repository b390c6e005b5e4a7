/**
 * The access policy on the HTTP side: every route is wrapped so that a
 * request the {@link AccessPolicy} does not allow is answered 401 (bad or
 * missing `authorization: Bearer` token) or 404 (admin route on a
 * `--no-admin` server) before its handler runs. Each route declares its own
 * role (health and metrics open, model and training changes admin).
 *
 * @module
 */
import { type AccessPolicy, authorize } from "../base/access_policy.ts";
import type { HttpRoute } from "../protocols/wire/http_route.ts";
import { errorResponse } from "../protocols/wire/http_status.ts";
import { routeRole } from "../protocols/protocol.ts";

/** `routes` with `policy` checked before each handler. */
export function withAccess(routes: readonly HttpRoute[], policy: AccessPolicy): HttpRoute[] {
  return routes.map((route) => {
    const role = routeRole(route);
    if (role === "open") return route;
    return {
      ...route,
      handle: (request, params) => {
        const refusal = authorize(
          policy,
          role,
          request.headers.get("authorization"),
          `${route.method} ${route.path}`,
        );
        if (refusal === null) return route.handle(request, params);
        const response = errorResponse(refusal, route.errorAnswer);
        if (refusal.kind === "unauthenticated") {
          response.headers.set("www-authenticate", 'Bearer realm="model-runtime"');
        }
        return response;
      },
    };
  });
}
