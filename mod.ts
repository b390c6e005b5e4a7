/**
 * The API a model author imports.
 *
 * - **Wrapper contract** (Modzy style): implement {@link ModelWrapper} —
 *   `initialize` (load weights), `handleInput` (one item: input files in,
 *   output files out) and optionally `handleBatch` — and build outputs with
 *   {@link successOutput} / {@link errorOutput}.
 * - **Serving**: {@link serveModel} serves a bundle over the Modzy gRPC
 *   contract; {@link ModzyClient} calls such a server.
 * - **Bundles**: {@link loadBundle} reads and validates an asset bundle.
 *
 * @example A wrapper, called the way the server calls it
 * ```ts
 * import { badRequest, type ModelWrapper, successOutput } from "./mod.ts";
 *
 * const greeter: ModelWrapper = {
 *   async initialize() {},
 *   async handleInput(input) {
 *     const bytes = input.get("input.txt");
 *     if (!bytes) throw badRequest("input.txt is missing");
 *     const name = new TextDecoder().decode(bytes);
 *     return new Map([["results.json", successOutput({ result: { greeting: `Hello ${name}` } })]]);
 *   },
 * };
 *
 * const input = new Map([["input.txt", new TextEncoder().encode("World")]]);
 * const output = await greeter.handleInput(input, { detectDrift: false, explain: false });
 * const text = new TextDecoder().decode(output.get("results.json"));
 * if (text !== '{"data":{"result":{"greeting":"Hello World"},"explanation":null,"drift":null}}') {
 *   throw new Error(text);
 * }
 * ```
 *
 * @module
 */
export type {
  InputFiles,
  ItemResult,
  ModelContext,
  ModelWrapper,
  OutputFiles,
  RunOptions,
} from "./runtime/model/contract.ts";
export {
  ERROR_OUTPUT_KEY,
  errorOutput,
  type ResultDocument,
  successOutput,
} from "./runtime/model/outputs.ts";
export {
  asRuntimeError,
  badRequest,
  type ErrorKind,
  internalError,
  notFound,
  notReady,
  RuntimeError,
} from "./runtime/errors.ts";
export type { Bundle, DockerMetadata, ModelSpec, TestCase } from "./runtime/bundle/types.ts";
export { loadBundle } from "./runtime/bundle/load.ts";
export { ModelHost } from "./runtime/core/model_host.ts";
export { ModelServer } from "./runtime/server.ts";
export { serveModel, type ServeModelOptions } from "./runtime/serve_model.ts";
export { ModzyClient } from "./runtime/client/modzy_client.ts";
export { createLogger, type Logger } from "./runtime/log.ts";
