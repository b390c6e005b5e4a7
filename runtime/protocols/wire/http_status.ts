/**
 * The one mapping from a RuntimeError's kind to an HTTP status, and the JSON
 * error answer (`{"error": "..."}`) every HTTP route gives unless its
 * protocol declares its own (an {@link HttpErrorAnswer}).
 *
 * @module
 */
import { asRuntimeError, type ErrorKind } from "../../base/errors.ts";
import type { HttpErrorAnswer } from "./http_route.ts";

/** HTTP status of each failure family. */
export const HTTP_STATUSES: Readonly<Record<ErrorKind, number>> = {
  bad_request: 400,
  unauthenticated: 401,
  not_found: 404,
  timeout: 504,
  cancelled: 499,
  resource_exhausted: 429,
  not_ready: 503,
  internal: 500,
};

/** A JSON response with `status`. */
export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json" },
  });
}

/**
 * The answer to a failed request: `{"error": message}` with the status of
 * its kind, or the protocol's own `answer` when it has one.
 */
export function errorResponse(error: unknown, answer?: HttpErrorAnswer): Response {
  const failure = asRuntimeError(error);
  if (answer) return answer(failure);
  return jsonResponse({ error: failure.message }, HTTP_STATUSES[failure.kind]);
}
