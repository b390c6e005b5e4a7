/**
 * The Deno version this runtime is built for, and the one-line warning it
 * prints on any other: Deno 2.9.x aborts inside nghttp2 when an HTTP/2 client
 * disconnects from a grpc-js server, and 2.6 and older cannot serve grpc-js.
 *
 * @module
 */

/** The Deno minor release the runtime is tested on. */
export const SUPPORTED_DENO = "2.8";

/**
 * The warning to print for `version`, or null when it is a supported Deno.
 *
 * @example
 * ```ts
 * import { unsupportedDenoWarning } from "./deno_version.ts";
 * console.log(unsupportedDenoWarning("2.8.3")); // null
 * ```
 */
export function unsupportedDenoWarning(version: string): string | null {
  if (version.startsWith(`${SUPPORTED_DENO}.`)) return null;
  return `warning: running on Deno ${version}, but this runtime is built for Deno ` +
    `${SUPPORTED_DENO}.x (2.9.x aborts in its HTTP/2 layer when a gRPC client disconnects; ` +
    `2.6 and older cannot serve grpc-js). Run it as: npx -y deno@2.8.3 task serve`;
}
