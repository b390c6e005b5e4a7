/**
 * Errors about the content of an asset bundle. A bundle that cannot be read
 * is a fault of the deployment, not of a request, so these are
 * {@link RuntimeError} values of kind `internal` whose message always starts
 * with the file (or folder) at fault, then the key inside it, then what is
 * wrong, so an author can go straight to the line to fix.
 *
 * @module
 */
import { RuntimeError } from "../base/errors.ts";

/**
 * Returns an `internal` {@link RuntimeError} saying that `key` in `file` is
 * wrong, with the message `<file>: <key>: <problem>`, e.g.
 * `/b/0.1.0/model.yaml: features.maxBatchSize: must be a whole number >= 1, got "abc"`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bundleError } from "./errors.ts";
 * const error = bundleError("/b/0.1.0/model.yaml", "name", "is required but empty");
 * assert.equal(error.message, "/b/0.1.0/model.yaml: name: is required but empty");
 * ```
 */
export function bundleError(
  file: string,
  key: string,
  problem: string,
  options?: ErrorOptions,
): RuntimeError {
  return new RuntimeError("internal", `${file}: ${key}: ${problem}`, options);
}

/**
 * Returns an `internal` {@link RuntimeError} about a whole file or folder of
 * the bundle rather than one key in it, with the message `<file>: <problem>`.
 */
export function bundleFileError(
  file: string,
  problem: string,
  options?: ErrorOptions,
): RuntimeError {
  return new RuntimeError("internal", `${file}: ${problem}`, options);
}
