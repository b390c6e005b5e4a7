/**
 * One-line descriptions of a failed call to the server a client command calls.
 *
 * @module
 */
import * as grpc from "@grpc/grpc-js";

/** A one-line message for a failed call to `target`, without a stack trace. */
export function describeCallError(error: unknown, target: string): string {
  const code = (error as { code?: number }).code;
  if (code === grpc.status.UNAVAILABLE || code === grpc.status.DEADLINE_EXCEEDED) {
    return `cannot reach a model server at ${target}: ${(error as Error).message}`;
  }
  return `call to ${target} failed: ${(error as Error).message}`;
}
