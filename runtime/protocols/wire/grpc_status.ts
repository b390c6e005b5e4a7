/**
 * The one mapping from a RuntimeError's kind to a gRPC status, shared by
 * every gRPC door (Modzy, Open Inference Protocol, and any later service).
 *
 * @module
 */
import * as grpc from "@grpc/grpc-js";
import { asRuntimeError, type ErrorKind } from "../../base/errors.ts";

/** gRPC status code of each failure family. */
export const GRPC_CODES: Readonly<Record<ErrorKind, grpc.status>> = {
  bad_request: grpc.status.INVALID_ARGUMENT,
  not_found: grpc.status.NOT_FOUND,
  not_ready: grpc.status.UNAVAILABLE,
  timeout: grpc.status.DEADLINE_EXCEEDED,
  cancelled: grpc.status.CANCELLED,
  resource_exhausted: grpc.status.RESOURCE_EXHAUSTED,
  unauthenticated: grpc.status.UNAUTHENTICATED,
  internal: grpc.status.INTERNAL,
};

/**
 * Turns anything thrown into the status object a grpc-js handler passes to
 * its callback: the code of its kind (anything not a RuntimeError is
 * `INTERNAL`) and its message as the details.
 */
export function toServiceError(error: unknown): Partial<grpc.StatusObject> {
  const failure = asRuntimeError(error);
  return { code: GRPC_CODES[failure.kind], details: failure.message };
}
