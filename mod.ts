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
 * - **Module lifecycle** (Caikit style): a {@link RuntimeModule} has an id,
 *   a name, a version and a task, and `train(data, params)`, `save(dir)`,
 *   `load(dir)`, `run(input)` (optional `runBatch`). Built-in modules are
 *   listed in `runtime/hosting/module_registry.ts`; {@link registerModule} adds one
 *   from code; {@link moduleWrapper} serves a module through every door, and
 *   {@link trainAnyModel} trains one from a CSV into a bundle (the CLI's
 *   `--train DATA.csv --model ID` and the Train RPC do the same).
 * - **Training**: {@link trainToBundle} (tabular CSV -> bundle),
 *   {@link TrainingClient} (the training gRPC service).
 * - **Model code in a bundle**: a file named by model.yaml `module.code`
 *   whose default export is a {@link ModelWrapper} or a {@link RuntimeModule}
 *   imports `"@model-runtime/runtime"`: model_api.ts, the model-author part
 *   of this API, re-exported here in full; `--init DIR` writes one. It opens
 *   ONNX models with {@link openOnnxSession} and builds their tensors with
 *   {@link createTensor} — never by importing onnxruntime-node.
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
 * @example A lifecycle module (the Caikit hello-world): train, save, load, run
 * ```ts
 * import { badRequest, type RuntimeModule, type TrainedModel, writeModuleYaml } from "./mod.ts";
 *
 * type Input = { name: string };
 * type Output = { greeting: string };
 * const info = { id: "my-greeter", name: "My Greeter", version: "1.0.0", task: "greeting" };
 * const greeter = (word: string): TrainedModel<Input, Output> => ({
 *   run: (input) => Promise.resolve({ greeting: `${word} ${input.name}` }),
 *   async save(dir, about) {
 *     await Deno.writeTextFile(`${dir}/word.txt`, word);
 *     await writeModuleYaml(dir, info, { ...about, summary: "Greets.", config: {} });
 *   },
 * });
 * const myGreeter: RuntimeModule<Input, Output> = {
 *   info,
 *   parseInput(document) {
 *     const name = (document as { name?: unknown })?.name;
 *     if (typeof name !== "string") throw badRequest('expected {"name": "..."}');
 *     return { name };
 *   },
 *   train: (data) => Promise.resolve(greeter(data.rows[0]?.greeting ?? "Hello")),
 *   load: async (dir) => greeter(await Deno.readTextFile(`${dir}/word.txt`)),
 * };
 *
 * const data = { source: "g.csv", columns: ["greeting"], rows: [{ greeting: "Hi" }], csvText: "" };
 * const trained = await myGreeter.train!(data, {});
 * const dir = await Deno.makeTempDir();
 * await trained.save(dir, { name: "greeter", version: "0.1.0" });
 * const loaded = await myGreeter.load(dir, {});
 * const answer = await loaded.run({ name: "World" });
 * await Deno.remove(dir, { recursive: true });
 * if (answer.greeting !== "Hi World") throw new Error(answer.greeting);
 * ```
 *
 * @module
 */
export * from "./model_api.ts";
export { ModelHost } from "./runtime/core/model_host.ts";
export { ModelServer } from "./runtime/server/model_server.ts";
export { serveModel, type ServeModelOptions } from "./runtime/server/serve_model.ts";
export { ModzyClient } from "./runtime/client/modzy_client.ts";
export {
  findModule,
  knownModuleIds,
  MODULES,
  registerModule,
} from "./runtime/hosting/module_registry.ts";
export { trainToBundle } from "./runtime/train/train.ts";
export type {
  ClassificationReport,
  ModelKind,
  RegressionReport,
  TrainOptions,
  TrainReport,
} from "./runtime/train/train_types.ts";
export type { Task } from "./runtime/train/label_column.ts";
export { type AnyTrainResult, trainAnyModel } from "./runtime/hosting/train_any.ts";
export { TrainingClient, type TrainingStatusAnswer } from "./runtime/client/training_client.ts";
export {
  encodeRows,
  type FeaturePipeline,
  type RawRow,
} from "./runtime/modules/tabular_pipeline.ts";

// Types the exports above refer to, so that every type of the public API is public too.
export type { OnnxElementType } from "./runtime/backends/onnx/graph_types.ts";
export type { AccessPolicy, AccessRole } from "./runtime/base/access_policy.ts";
export type { LogFields, LogFormat, LogLevel } from "./runtime/base/log.ts";
export type { TlsMaterial } from "./runtime/base/tls.ts";
export type { LoadBundleOptions } from "./runtime/bundle/load.ts";
export type {
  ModelInputSpec,
  ModelMetric,
  ModelOutputSpec,
  ModuleSpec,
} from "./runtime/bundle/types.ts";
export type {
  CallOptions,
  RunAnswer,
  RunItemAnswer,
  ShutdownAnswer,
  StatusAnswer,
} from "./runtime/client/modzy_client.ts";
export type { TrainCall } from "./runtime/client/training_client.ts";
export type { AdmissionLimits } from "./runtime/core/admission.ts";
export type { CancelSignal } from "./runtime/core/cancel_signal.ts";
export type { DataPlane, RequestRecord } from "./runtime/core/data_plane.ts";
export type { BatchingOptions, InitOutcome, ModelPhase } from "./runtime/core/model_host.ts";
export type { ModelEntry, ModelOrigin, ModelRegistry } from "./runtime/core/registry.ts";
export type {
  GroupHandler,
  GroupOutcome,
  ServingGroup,
  WorkerMetrics,
} from "./runtime/core/serving_group.ts";
export type { AnyTrainOptions } from "./runtime/hosting/train_any.ts";
export type {
  FolderCompleter,
  PerJobFolder,
  TrainingJobStatus,
  TrainingState,
  TrainingSubmission,
} from "./runtime/hosting/training_job_types.ts";
export type { TrainingJobs } from "./runtime/hosting/training_jobs.ts";
export type { RuntimeMetrics, TrainingJobState } from "./runtime/metrics/runtime_metrics.ts";
export type { InferRequest, InferResponse } from "./runtime/model/tensors.ts";
export type { SavedModelDescription } from "./runtime/modules/module_api.ts";
export type {
  CategoricalColumn,
  ColumnEncoding,
  NumericColumn,
  TextColumn,
  TfidfColumn,
} from "./runtime/modules/tabular_pipeline.ts";
export type { TextHashing } from "./runtime/modules/tabular_text_hashing.ts";
export type {
  HttpErrorAnswer,
  HttpErrorScope,
  HttpRoute,
  RouteParams,
} from "./runtime/protocols/wire/http_route.ts";
export type { HttpServer } from "./runtime/server/http_server.ts";
export type { ClassificationMetrics, ClassMetrics } from "./runtime/train/metrics.ts";
export type {
  RecordFile,
  RecordFormat,
  RecordSource,
  TrainingRecord,
} from "./runtime/train/record_files.ts";
export type { RegressionMetrics } from "./runtime/train/regression_metrics.ts";
export type {
  CandidateScore,
  ModelName,
  ModelSelection,
  TrainReportBase,
  TrainTimings,
} from "./runtime/train/train_types.ts";
export type { StepUnit, TrainingCurve, TrainingStep } from "./runtime/train/training_curve.ts";
