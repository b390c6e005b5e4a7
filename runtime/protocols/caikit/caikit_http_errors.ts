/**
 * Caikit's HTTP error answers: `{"details": message, "code": status, "id":
 * uuid hex}` with the status Caikit gives each gRPC code (caikit-wire.md
 * §3: INVALID_ARGUMENT 400, NOT_FOUND 404, UNAVAILABLE 501, …), and 422
 * for a body that does not fit the route ({@link invalidBody}). Every
 * answer under the door's prefixes uses it, unknown paths and methods
 * included (the HTTP server asks for it through the door's error scopes).
 *
 * @module
 */
import * as grpc from "@grpc/grpc-js";
import { RuntimeError } from "../../base/errors.ts";
import { GRPC_CODES } from "../wire/grpc_status.ts";
import { jsonResponse } from "../wire/http_status.ts";
import type { HttpErrorAnswer } from "../wire/http_route.ts";

/** The HTTP status Caikit answers each gRPC status code with. */
const CAIKIT_HTTP_STATUSES: Readonly<Partial<Record<grpc.status, number>>> = {
  [grpc.status.INVALID_ARGUMENT]: 400,
  [grpc.status.FAILED_PRECONDITION]: 400,
  [grpc.status.OUT_OF_RANGE]: 400,
  [grpc.status.UNAUTHENTICATED]: 401,
  [grpc.status.PERMISSION_DENIED]: 403,
  [grpc.status.NOT_FOUND]: 404,
  [grpc.status.ALREADY_EXISTS]: 409,
  [grpc.status.ABORTED]: 409,
  [grpc.status.RESOURCE_EXHAUSTED]: 429,
  [grpc.status.CANCELLED]: 499,
  [grpc.status.UNKNOWN]: 500,
  [grpc.status.DATA_LOSS]: 500,
  [grpc.status.UNIMPLEMENTED]: 501,
  [grpc.status.UNAVAILABLE]: 501,
  [grpc.status.DEADLINE_EXCEEDED]: 504,
};

/** The HTTP status Caikit gives the gRPC status `code` (500 for any other). */
export function caikitHttpStatus(code: grpc.status): number {
  return CAIKIT_HTTP_STATUSES[code] ?? 500;
}

/** Marks a failure as a body that does not fit the route (answered 422). */
const INVALID_BODY = Object.freeze({ invalidBody: true });

/** A request body that does not fit the route: answered 422 with `message`. */
export function invalidBody(message: string): RuntimeError {
  return new RuntimeError("bad_request", message, { cause: INVALID_BODY });
}

/** `{"details", "code", "id"}` with `status`. */
export function caikitErrorResponse(details: string, status: number): Response {
  const id = crypto.randomUUID().replaceAll("-", "");
  return jsonResponse({ details, code: status, id }, status);
}

/** The door's {@link HttpErrorAnswer}: a failure in Caikit's shape and status. */
export const caikitErrorAnswer: HttpErrorAnswer = (failure, httpStatus) => {
  const status = httpStatus ??
    (failure.cause === INVALID_BODY ? 422 : caikitHttpStatus(GRPC_CODES[failure.kind]));
  return caikitErrorResponse(failure.message, status);
};
