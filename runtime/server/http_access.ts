/**
 * The access policy on the HTTP side: every route is wrapped so that a
 * request the {@link AccessPolicy} does not allow is answered 401 (bad or
 * missing `authorization: Bearer` token) or 404 (admin route on a
 * `--no-admin` server) before its handler runs. Health and metrics stay open.
 *
 * @module
 */
import { type AccessPolicy, type AccessRole, authorize } from "../base/access_policy.ts";
import type { HttpRoute } from "../protocols/wire/http_route.ts";
import { errorResponse } from "../protocols/wire/http_status.ts";

/** The access role of an HTTP route: health and metrics open, repository changes admin. */
export function httpRouteRole(route: HttpRoute): AccessRole {
  if (route.path.startsWith("/v2/health/") || route.path === "/metrics") return "open";
  if (/\/(load|unload|train\w*)$/.test(route.path) && route.method !== "GET") return "admin";
  return "inference";
}

/** `routes` with `policy` checked before each handler. */
export function withAccess(routes: readonly HttpRoute[], policy: AccessPolicy): HttpRoute[] {
  return routes.map((route) => {
    const role = httpRouteRole(route);
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
        const response = errorResponse(refusal);
        if (refusal.kind === "unauthenticated") {
          response.headers.set("www-authenticate", 'Bearer realm="model-runtime"');
        }
        return response;
      },
    };
  });
}
