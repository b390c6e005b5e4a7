/**
 * The server a client command calls, and one-line descriptions of call errors.
 *
 * @module
 */
import * as grpc from "@grpc/grpc-js";
import type { CommandOptions } from "./flags.ts";

/** `--target`, else `localhost:<port>` (the port comes from PSC_MODEL_PORT or 45000). */
export function targetOf(options: CommandOptions): string {
  return options.target ?? `localhost:${options.port}`;
}

/** A one-line message for a failed call to `target`, without a stack trace. */
export function describeCallError(error: unknown, target: string): string {
  const code = (error as { code?: number }).code;
  if (code === grpc.status.UNAVAILABLE || code === grpc.status.DEADLINE_EXCEEDED) {
    return `cannot reach a model server at ${target}: ${(error as Error).message}`;
  }
  return `call to ${target} failed: ${(error as Error).message}`;
}
