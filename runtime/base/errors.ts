/**
 * Error values with a kind. Every failure the runtime reports belongs to one
 * family; each wire adapter maps the kind to its own form (a gRPC status code,
 * a Modzy per-item `error`, an HTTP status). Nothing inspects message strings.
 *
 * @module
 */

/** The failure families the runtime distinguishes. */
export type ErrorKind =
  | "bad_request"
  | "not_found"
  | "not_ready"
  | "timeout"
  | "cancelled"
  | "resource_exhausted"
  | "unauthenticated"
  | "internal";

/**
 * An error that carries its failure family. Throw it from anywhere in the
 * runtime or from a model; adapters translate the kind, and show `message`
 * to the caller as it is, so write messages a user can act on.
 */
export class RuntimeError extends Error {
  /** The failure family, used by adapters to pick a wire status. */
  readonly kind: ErrorKind;

  /** Creates an error of the given kind with a user-facing message. */
  constructor(kind: ErrorKind, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "RuntimeError";
    this.kind = kind;
  }
}

/** A request the caller can fix: malformed input, unknown file, bad feature. */
export function badRequest(message: string, options?: ErrorOptions): RuntimeError {
  return new RuntimeError("bad_request", message, options);
}

/** Something named by the caller does not exist (a model, a version, a file). */
export function notFound(message: string, options?: ErrorOptions): RuntimeError {
  return new RuntimeError("not_found", message, options);
}

/** The model (or server) cannot answer yet, or failed to initialise. */
export function notReady(message: string, options?: ErrorOptions): RuntimeError {
  return new RuntimeError("not_ready", message, options);
}

/** A fault of the runtime or the model, not of the request. */
export function internalError(message: string, options?: ErrorOptions): RuntimeError {
  return new RuntimeError("internal", message, options);
}

/**
 * Returns `error` as a {@link RuntimeError}, wrapping anything else that was
 * thrown as an `internal` error that keeps its message and cause.
 */
export function asRuntimeError(error: unknown): RuntimeError {
  if (error instanceof RuntimeError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new RuntimeError("internal", message, { cause: error });
}
