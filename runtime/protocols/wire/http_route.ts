/**
 * Routes of the HTTP server: a method, a path pattern with `:param`
 * segments, and a handler. Every HTTP door (Open Inference Protocol REST,
 * metrics, health) contributes a list of these; the server matches them in
 * order.
 *
 * @module
 */
import type { AccessRole } from "../../base/access_policy.ts";
import type { RuntimeError } from "../../base/errors.ts";

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
  /**
   * How its failures (a refusal of access included) are answered, when the
   * protocol has its own error shape; default `{"error": message}`.
   */
  readonly errorAnswer?: HttpErrorAnswer;
}

/**
 * Writes the answer to a failed request in a protocol's own shape.
 * `httpStatus` is given only when the answer's status is none of a kind's
 * (405: the path is known, the method is not; 413: the body is over the
 * limit).
 */
export type HttpErrorAnswer = (failure: RuntimeError, httpStatus?: number) => Response;

/**
 * A path prefix a protocol answers the failures of, unknown paths and
 * methods included (`/api/v1` covers `/api/v1` and everything under it).
 */
export interface HttpErrorScope {
  /** The prefix, starting with `/`, without a trailing `/`. */
  readonly prefix: string;
  /** How failures under it are answered. */
  readonly errorAnswer: HttpErrorAnswer;
}

/** The scope among `scopes` whose prefix covers `pathname` (the longest), if any. */
export function errorScopeOf(
  scopes: readonly HttpErrorScope[],
  pathname: string,
): HttpErrorScope | undefined {
  let found: HttpErrorScope | undefined;
  for (const scope of scopes) {
    const covers = pathname === scope.prefix || pathname.startsWith(`${scope.prefix}/`);
    if (covers && (!found || scope.prefix.length > found.prefix.length)) found = scope;
  }
  return found;
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
