/**
 * The protocol-free data plane every door calls: liveness, readiness, model
 * lookup and metadata, the Modzy-style `run` over files and the tensor
 * `infer`. It decides; adapters only translate. Each request is reported to
 * an observer (metrics, logs) with its door, model, outcome and duration.
 *
 * @module
 */
import type { InputFiles, ItemResult, RunOptions } from "../model/contract.ts";
import { asRuntimeError, notReady, RuntimeError } from "../base/errors.ts";
import type { InitOutcome } from "./model_host.ts";
import type { ModelEntry, ModelRegistry } from "./registry.ts";
import { checkTensorRequest } from "./tensor_checks.ts";
import { AdmissionGate, type AdmissionLimits } from "./admission.ts";
import { raceSignal, withDeadline } from "./deadlines.ts";
import type { InferRequest, InferResponse, TensorModel } from "../model/tensors.ts";
import type { CancelSignal } from "./cancel_signal.ts";

/** Payload bytes of Modzy items (their input files). */
function itemBytes(items: readonly InputFiles[]): number {
  let bytes = 0;
  for (const item of items) for (const file of item.values()) bytes += file.byteLength;
  return bytes;
}

/** Payload bytes of tensors (their elements). */
function tensorBytes(tensors: InferRequest["inputs"]): number {
  let bytes = 0;
  for (const tensor of tensors) {
    const data = tensor.data;
    if (ArrayBuffer.isView(data)) bytes += data.byteLength;
    else for (const element of data) bytes += element.byteLength;
  }
  return bytes;
}

/** Request-level failures a Modzy run reports as every item's error. */
const PER_ITEM_KINDS: ReadonlySet<string> = new Set(["timeout", "cancelled", "resource_exhausted"]);

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
  /** The request's id when the door passed it along (its log lines carry it). */
  readonly requestId?: string;
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
  readonly #gate: AdmissionGate;
  #draining = false;
  #readinessGate: (() => boolean) | null = null;

  /**
   * Creates a data plane over `registry`. `limits` bounds the requests
   * working at once and waiting for a turn (beyond: `resource_exhausted`).
   */
  constructor(
    registry: ModelRegistry,
    observer: DataPlaneObserver = {},
    limits: AdmissionLimits = {},
  ) {
    this.registry = registry;
    this.#observer = observer;
    this.#gate = new AdmissionGate(limits);
  }

  /** Requests working now and waiting for a turn (admission control). */
  get load(): { readonly working: number; readonly waiting: number } {
    return { working: this.#gate.working, waiting: this.#gate.waiting };
  }

  /** The process is alive and answering. */
  live(): boolean {
    return true;
  }

  /**
   * The server is ready: this process is ({@link DataPlane.readyHere}) and
   * so is the rest of the server, as the readiness gate says (with
   * `--workers N`: every other serving worker is ready too).
   */
  ready(): boolean {
    return this.readyHere() && (this.#readinessGate?.() ?? true);
  }

  /** This process alone: every registered model is ready and it is not draining. */
  readyHere(): boolean {
    const models = this.registry.list();
    return !this.#draining && models.length > 0 && models.every((m) => m.host.ready);
  }

  /**
   * Makes {@link DataPlane.ready} also require `gate()` (the serving group's
   * readiness); whoever changes the gate's answer calls `registry.notify()`.
   */
  gateReadiness(gate: () => boolean): void {
    this.#readinessGate = gate;
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

  /**
   * Whether the model `name` (and `version`) can answer now. Tensor protocols
   * always name their model: an empty name is `bad_request`, an unknown one
   * `not_found`.
   */
  modelReady(name: string, version?: string): boolean {
    return this.#named(name, version).host.ready;
  }

  #named(name: string, version?: string): ModelEntry {
    if (!name) {
      throw new RuntimeError("bad_request", "the request names no model: model_name is required");
    }
    return this.model(name, version);
  }

  /**
   * Loads the model `name` unless loaded (Modzy Status); never throws for load
   * failures. A load that outlasts model.yaml `timeout.status` answers a
   * `timeout` failure (the load goes on; a later Status joins it).
   */
  async initialize(
    name: string | undefined,
    door: string,
  ): Promise<{ entry: ModelEntry; outcome: InitOutcome }> {
    const started = performance.now();
    const entry = this.model(name);
    const spec = entry.host.bundle.spec;
    const wasReady = entry.host.ready;
    let outcome: InitOutcome;
    {
      using deadline = withDeadline(
        undefined,
        spec.timeout.statusMs,
        () => `loading model '${entry.name}' (model.yaml timeout.status ${spec.timeout.status})`,
      );
      outcome = await raceSignal(entry.host.initialize(), deadline.signal).catch((error) => ({
        ok: false as const,
        error: asRuntimeError(error),
      }));
    }
    this.#report({
      door,
      model: entry.name,
      operation: "status",
      ms: performance.now() - started,
      items: 0,
      failedItems: 0,
      error: outcome.ok ? undefined : outcome.error,
    });
    // A model that became ready here (a lazy first load) changed readiness: tell listeners.
    if (!outcome.ok || !entry.host.ready || !wasReady) this.registry.notify();
    return { entry, outcome };
  }

  /**
   * Runs Modzy-style items through the model `name`; one result per item, in
   * order. The run is bounded by model.yaml `timeout.run` and by `signal`
   * (client deadline or cancellation); items still unanswered when either
   * ends, or refused by admission control, get that error as their result
   * (`timeout`, `cancelled`, `resource_exhausted`); work not yet started is dropped.
   * `requestId`, when given, goes into the request's record.
   */
  async run(
    name: string | undefined,
    items: readonly InputFiles[],
    options: RunOptions,
    door: string,
    signal?: CancelSignal,
    requestId?: string,
  ): Promise<ItemResult[]> {
    const started = performance.now();
    const entry = this.model(name);
    const spec = entry.host.bundle.spec;
    let results: ItemResult[];
    // try/finally rather than `using`: the transpiled `using` costs ~1 µs per request.
    const deadline = withDeadline(
      signal,
      spec.timeout.runMs,
      () => `the run of model '${entry.name}' (model.yaml timeout.run ${spec.timeout.run})`,
      started,
    );
    try {
      results = await this.#admitted(
        () => entry.host.run(items, options, deadline.signal),
        deadline.signal,
        itemBytes(items),
        // With batching on, the host's run rejects as soon as the signal aborts.
        entry.host.batching,
      );
    } catch (error) {
      const failure = asRuntimeError(error);
      if (!PER_ITEM_KINDS.has(failure.kind)) throw failure;
      results = items.map(() => failure);
    } finally {
      deadline[Symbol.dispose]();
    }
    let failedItems = 0;
    for (const result of results) if (result instanceof Error) failedItems++;
    this.#report({
      door,
      model: entry.name,
      operation: "run",
      ms: performance.now() - started,
      items: items.length,
      failedItems,
      requestId,
    });
    return results;
  }

  /** The tensor face of the model `name`/`version`; `not_found`, `not_ready` or `bad_request`. */
  tensorModel(name: string, version?: string): { entry: ModelEntry; model: TensorModel } {
    const entry = this.#named(name, version);
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
   * Bounded like {@link DataPlane.run}: it fails with `timeout` (model.yaml
   * `timeout.run` or the client's deadline), `cancelled` or `resource_exhausted`.
   * `requestId`, when given, goes into the request's record.
   */
  async infer(
    name: string,
    version: string | undefined,
    request: InferRequest,
    door: string,
    signal?: CancelSignal,
    requestId?: string,
  ): Promise<InferResponse> {
    const started = performance.now();
    let modelName = "";
    let failure: RuntimeError | undefined;
    try {
      const { entry, model } = this.tensorModel(name, version);
      modelName = entry.name;
      checkTensorRequest(model, request.inputs, request.outputs ?? []);
      const spec = entry.host.bundle.spec;
      const deadline = withDeadline(
        signal,
        spec.timeout.runMs,
        () => `inference of model '${entry.name}' (model.yaml timeout.run ${spec.timeout.run})`,
        started,
      );
      let outputs;
      try {
        outputs = await this.#admitted(
          () => entry.host.infer(request.inputs, request.outputs ?? [], deadline.signal),
          deadline.signal,
          tensorBytes(request.inputs),
        );
      } finally {
        deadline[Symbol.dispose]();
      }
      return { modelName: entry.name, modelVersion: entry.version, id: request.id, outputs };
    } catch (error) {
      failure = asRuntimeError(error);
      throw failure;
    } finally {
      this.#report({
        door,
        model: modelName,
        operation: "infer",
        ms: performance.now() - started,
        items: 1,
        failedItems: failure ? 1 : 0,
        error: failure,
        requestId,
      });
    }
  }

  /**
   * Runs `work` in an admission turn, answering early when `signal` aborts
   * (`workHonoursSignal`: the work itself rejects then, so no race is set up).
   * The turn is held until the work itself ends, so work the model cannot
   * abandon still counts against the bound.
   */
  async #admitted<T>(
    work: () => Promise<T>,
    signal: CancelSignal,
    bytes: number,
    workHonoursSignal = false,
  ): Promise<T> {
    // A free turn is taken at once, without a promise hop.
    const release = this.#gate.tryEnter(signal) ?? await this.#gate.enter(signal, bytes);
    let running: Promise<T>;
    try {
      running = work();
    } catch (error) {
      release();
      throw error;
    }
    running.then(release, release);
    // Work that itself rejects when the signal aborts (the batcher's queue) needs no race.
    return await (workHonoursSignal ? running : raceSignal(running, signal));
  }

  #report(record: RequestRecord): void {
    this.#observer.onRequest?.(record);
  }
}
