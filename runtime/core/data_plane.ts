/**
 * The protocol-free data plane every door calls: liveness, readiness, model
 * lookup and metadata, the Modzy-style `run` over files and the tensor
 * `infer`. It decides; adapters only translate. Each request is reported to
 * an observer (metrics, logs) with its door, model, outcome and duration.
 *
 * @module
 */
import type { InputFiles, ItemResult, RunOptions } from "../model/contract.ts";
import { asRuntimeError, notReady, RuntimeError } from "../errors.ts";
import type { InitOutcome } from "./model_host.ts";
import type { ModelEntry, ModelRegistry } from "./registry.ts";
import { checkTensorRequest } from "./tensor_checks.ts";
import type { InferRequest, InferResponse, TensorModel } from "./tensors.ts";

/** What the observer hears about each request. */
export interface RequestRecord {
  /** Which door it came through, e.g. `modzy`, `oip-grpc`, `oip-rest`. */
  readonly door: string;
  /** The model name ("" when the lookup itself failed). */
  readonly model: string;
  /** What was asked. */
  readonly operation: "status" | "run" | "infer";
  /** Duration in milliseconds. */
  readonly ms: number;
  /** Items (Modzy) or 1 (tensor requests). */
  readonly items: number;
  /** Items that failed. */
  readonly failedItems: number;
  /** The request-level error, if the whole request failed. */
  readonly error?: RuntimeError;
}

/** Receives request records; must be cheap (it runs on the hot path). */
export interface DataPlaneObserver {
  /** Called once per request. */
  onRequest?(record: RequestRecord): void;
}

/**
 * The data plane over one registry. A class because it carries the serving
 * state (draining) shared by every door.
 */
export class DataPlane {
  /** The models served. */
  readonly registry: ModelRegistry;
  readonly #observer: DataPlaneObserver;
  #draining = false;

  /** Creates a data plane over `registry`. */
  constructor(registry: ModelRegistry, observer: DataPlaneObserver = {}) {
    this.registry = registry;
    this.#observer = observer;
  }

  /** The process is alive and answering. */
  live(): boolean {
    return true;
  }

  /** Every registered model is ready and the server is not draining. */
  ready(): boolean {
    const models = this.registry.list();
    return !this.#draining && models.length > 0 && models.every((m) => m.host.ready);
  }

  /** True once a drain has begun (shutdown in progress). */
  get draining(): boolean {
    return this.#draining;
  }

  /** Marks the server as draining: readiness turns false; requests in flight finish. */
  startDraining(): void {
    if (this.#draining) return;
    this.#draining = true;
    this.registry.notify();
  }

  /** The model `name` (the default when empty), checking `version`; throws `not_found`. */
  model(name?: string, version?: string): ModelEntry {
    return this.registry.get(name, version);
  }

  /** Whether the model `name` (and `version`) can answer now; throws `not_found`. */
  modelReady(name?: string, version?: string): boolean {
    return this.model(name, version).host.ready;
  }

  /** Loads the model `name` unless loaded (Modzy Status); never throws for load failures. */
  async initialize(
    name: string | undefined,
    door: string,
  ): Promise<{ entry: ModelEntry; outcome: InitOutcome }> {
    const started = performance.now();
    const entry = this.model(name);
    const outcome = await entry.host.initialize();
    this.#report({
      door,
      model: entry.name,
      operation: "status",
      ms: performance.now() - started,
      items: 0,
      failedItems: 0,
      error: outcome.ok ? undefined : outcome.error,
    });
    if (!outcome.ok || !entry.host.ready) this.registry.notify();
    return { entry, outcome };
  }

  /** Runs Modzy-style items through the model `name`; one result per item, in order. */
  async run(
    name: string | undefined,
    items: readonly InputFiles[],
    options: RunOptions,
    door: string,
  ): Promise<ItemResult[]> {
    const started = performance.now();
    const entry = this.model(name);
    const results = await entry.host.run(items, options);
    this.#report({
      door,
      model: entry.name,
      operation: "run",
      ms: performance.now() - started,
      items: items.length,
      failedItems: results.filter((r) => r instanceof Error).length,
    });
    return results;
  }

  /** The tensor face of the model `name`/`version`; `not_found`, `not_ready` or `bad_request`. */
  tensorModel(name: string, version?: string): { entry: ModelEntry; model: TensorModel } {
    const entry = this.model(name, version);
    if (!entry.host.ready) {
      const reason = entry.host.failure ? `: ${entry.host.failure.message}` : "";
      throw notReady(`model '${entry.name}' is not ready${reason}`);
    }
    const model = entry.host.tensorModel;
    if (!model) {
      throw new RuntimeError("bad_request", `model '${entry.name}' does not take tensor requests`);
    }
    return { entry, model };
  }

  /**
   * Runs a tensor request through the model `name`/`version`, after checking
   * it against the model's declared tensors (`bad_request` naming the tensor).
   */
  async infer(
    name: string,
    version: string | undefined,
    request: InferRequest,
    door: string,
  ): Promise<InferResponse> {
    const started = performance.now();
    let modelName = "";
    try {
      const { entry, model } = this.tensorModel(name, version);
      modelName = entry.name;
      checkTensorRequest(model, request.inputs, request.outputs ?? []);
      const outputs = await model.infer(request.inputs, request.outputs ?? []);
      this.#report({
        door,
        model: modelName,
        operation: "infer",
        ms: performance.now() - started,
        items: 1,
        failedItems: 0,
      });
      return { modelName: entry.name, modelVersion: entry.version, id: request.id, outputs };
    } catch (error) {
      const failure = asRuntimeError(error);
      this.#report({
        door,
        model: modelName,
        operation: "infer",
        ms: performance.now() - started,
        items: 1,
        failedItems: 1,
        error: failure,
      });
      throw failure;
    }
  }

  #report(record: RequestRecord): void {
    this.#observer.onRequest?.(record);
  }
}
