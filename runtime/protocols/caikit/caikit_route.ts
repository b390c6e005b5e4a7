/**
 * The Caikit door's HTTP prefixes and routes in Caikit's error shape: every
 * answer under `/api/v1`, `/management` and `/info` — unknown paths and
 * methods included — is `{"details", "code", "id"}`
 * (caikit_http_errors.ts).
 *
 * @module
 */
import type { HttpErrorScope, HttpRoute } from "../wire/http_route.ts";
import { caikitErrorAnswer } from "./caikit_http_errors.ts";

/** The path prefixes whose every answer is in Caikit's shape. */
export const CAIKIT_HTTP_PREFIXES = ["/api/v1", "/management", "/info"] as const;

/** The error scopes of the door's prefixes. */
export function caikitErrorScopes(): HttpErrorScope[] {
  return CAIKIT_HTTP_PREFIXES.map((prefix) => ({ prefix, errorAnswer: caikitErrorAnswer }));
}

/** `route` answering its failures in Caikit's shape. */
export function caikitRoute(route: Omit<HttpRoute, "errorAnswer">): HttpRoute {
  return { ...route, errorAnswer: caikitErrorAnswer };
}
