/**
 * Routes of the HTTP server: a method, a path pattern with `:param`
 * segments, and a handler. Every HTTP door (Open Inference Protocol REST,
 * metrics, health) contributes a list of these; the server matches them in
 * order.
 *
 * @module
 */
import type { AccessRole } from "../../base/access_policy.ts";

/** Path parameters captured by a route's `:name` segments (already URL-decoded). */
export type RouteParams = Readonly<Record<string, string>>;

/** One route: `GET /v2/models/:name/ready` and what answers it. */
export interface HttpRoute {
  /** HTTP method, upper case. */
  readonly method: string;
  /** Path pattern; a segment `:name` captures one path segment. */
  readonly path: string;
  /** Answers a matching request. */
  readonly handle: (request: Request, params: RouteParams) => Response | Promise<Response>;
  /**
   * Who may call it: `open` (anyone, no token), `inference` (the default) or
   * `admin` (changes the server; refused on a `--no-admin` server).
   */
  readonly role?: AccessRole;
}

/**
 * Matches `pathname` against a route `pattern`; returns the captured
 * parameters, or null when it does not match. A captured segment that is
 * not valid percent-encoding does not match.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { matchPath } from "./http_route.ts";
 * assert.deepEqual(matchPath("/v2/models/:name", "/v2/models/iris"), { name: "iris" });
 * assert.equal(matchPath("/v2/models/:name", "/v2/models"), null);
 * ```
 */
export function matchPath(pattern: string, pathname: string): RouteParams | null {
  const want = pattern.split("/");
  const got = pathname.split("/");
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let index = 0; index < want.length; index++) {
    const segment = want[index];
    if (segment.startsWith(":")) {
      if (got[index] === "") return null;
      try {
        params[segment.slice(1)] = decodeURIComponent(got[index]);
      } catch {
        return null;
      }
    } else if (segment !== got[index]) {
      return null;
    }
  }
  return params;
}
