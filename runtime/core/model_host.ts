/**
 * The protocol-free data plane for one model: it owns the model's life cycle
 * (load once, single-flight, retry after a failure), and runs batches of items
 * with the contract's semantics — chunks of at most `maxBatchSize`, the
 * model's batch handler first, one call per item as the fallback, and a
 * failing item never failing its neighbours. Adapters call it; it knows no
 * wire protocol.
 *
 * @module
 */
import type { Bundle } from "../bundle/types.ts";
import type { InputFiles, ItemResult, ModelWrapper, RunOptions } from "../model/contract.ts";
import { asRuntimeError, notReady, RuntimeError } from "../base/errors.ts";
import { checkInputFiles } from "./input_files.ts";
import type { Tensor, TensorModel } from "../model/tensors.ts";
import { Batcher, DEFAULT_MAX_CONCURRENT_CALLS, DEFAULT_MAX_WAIT_MS } from "./batcher.ts";
import {
  batchableAlongFirstDimension,
  batchedTensorModel,
  type CancellableTensorModel,
} from "./tensor_batching.ts";
import type { CancelSignal } from "./cancel_signal.ts";

/** Placeholder for an item that passed validation and awaits its answer. */
const EMPTY: ItemResult = new Map();

/** Where a model is in its life cycle. */
export type ModelPhase = "idle" | "loading" | "ready" | "failed" | "closed";

/** The outcome of asking a host to make its model ready. */
export type InitOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly error: RuntimeError };

/** Hooks the host calls so the embedding program can log or count. */
export interface ModelHostEvents {
  /** The model finished loading, in `ms` milliseconds. */
  onLoaded?(ms: number): void;
  /** The model failed to load. */
  onLoadFailed?(error: RuntimeError): void;
  /** The batch handler threw or answered the wrong count; items ran one by one. */
  onBatchFallback?(reason: string): void;
  /**
   * A batched model call started with `size` items (tensor requests: rows);
   * `waitedMs` holds how long each request in it waited in the queue. Only
   * with batching on; must be cheap (metrics).
   */
  onBatch?(size: number, waitedMs: readonly number[]): void;
}

/**
 * Dynamic batching in front of the model: concurrent requests coalesce into
 * one call of at most `maxBatchSize` items (tensor requests: rows). Every
 * field is optional.
 */
export interface BatchingOptions {
  /** False runs every request on its own (the chunked semantics still apply); default true. */
  readonly enabled?: boolean;
  /** Longest a request waits for companions while the model is busy, in ms; default 1. */
  readonly maxWaitMs?: number;
  /** Model calls that may run at once; default 2. */
  readonly maxConcurrentCalls?: number;
}

/** How a host serves its model. */
export interface ModelHostOptions {
  /** Dynamic batching; on by default. */
  readonly batching?: BatchingOptions;
}

/**
 * Hosts one model from one bundle. A class because it has a life cycle:
 * `initialize` (idempotent, concurrent calls share one load), `run`, `close`.
 */
export class ModelHost {
  /** The bundle the model is served from. */
  readonly bundle: Bundle;
  readonly #wrapper: ModelWrapper;
  readonly #events: ModelHostEvents;
  #phase: ModelPhase = "idle";
  #loading: Promise<InitOutcome> | null = null;
  #failure: RuntimeError | null = null;
  readonly #batching: Required<BatchingOptions>;
  /** One batcher per combination of run options (items with different options never mix). */
  readonly #batchers = new Map<string, Batcher<InputFiles, ItemResult>>();
  #tensorModel: CancellableTensorModel | null = null;
  readonly #onBatch: ((size: number, waitedMs: readonly number[]) => void) | undefined;

  /** Creates a host; nothing loads until {@link ModelHost.initialize}. */
  constructor(
    bundle: Bundle,
    wrapper: ModelWrapper,
    events: ModelHostEvents = {},
    options: ModelHostOptions = {},
  ) {
    this.bundle = bundle;
    this.#wrapper = wrapper;
    this.#events = events;
    this.#onBatch = events.onBatch
      ? (size, waitedMs) => events.onBatch?.(size, waitedMs)
      : undefined;
    this.#batching = {
      enabled: options.batching?.enabled ?? true,
      maxWaitMs: options.batching?.maxWaitMs ?? DEFAULT_MAX_WAIT_MS,
      maxConcurrentCalls: options.batching?.maxConcurrentCalls ?? DEFAULT_MAX_CONCURRENT_CALLS,
    };
  }

  /** Whether concurrent requests coalesce into shared model calls. */
  get batching(): boolean {
    return this.#batching.enabled;
  }

  /** The current life-cycle phase. */
  get phase(): ModelPhase {
    return this.#phase;
  }

  /** True when the model can answer. */
  get ready(): boolean {
    return this.#phase === "ready";
  }

  /** Why the last load failed, or null. */
  get failure(): RuntimeError | null {
    return this.#failure;
  }

  /**
   * The model's tensor face when it is ready and has one, else null. With
   * batching on and every input and output dynamic in its first dimension,
   * concurrent `infer` calls on it coalesce along that dimension (its
   * `infer` then also takes an optional AbortSignal as a third argument).
   */
  get tensorModel(): TensorModel | null {
    return this.#phase === "ready" ? this.#tensorModel : null;
  }

  /**
   * Runs a tensor request through the model's tensor face (batched when
   * possible). A request still queued when `signal` aborts leaves the queue
   * and fails with the signal's reason or a `cancelled` error. Throws
   * `not_ready` before the model is ready, `bad_request` when it has no tensor face.
   */
  async infer(
    inputs: readonly Tensor[],
    outputNames: readonly string[],
    signal?: CancelSignal,
  ): Promise<Tensor[]> {
    const model = this.tensorModel;
    if (model === null) {
      if (this.#phase !== "ready") throw this.#notReadyError();
      throw new RuntimeError("bad_request", "this model does not take tensor requests");
    }
    return await (model as CancellableTensorModel).infer(inputs, outputNames, signal);
  }

  /** The most items the model takes in one call (model.yaml `features.maxBatchSize`). */
  get maxBatchSize(): number {
    return this.bundle.spec.features.maxBatchSize;
  }

  /**
   * Loads the model unless it is loaded already. Concurrent callers share one
   * load; after a failure the next call tries again. Never throws: the
   * outcome says whether the model is ready and, if not, why.
   */
  initialize(): Promise<InitOutcome> {
    if (this.#phase === "ready") return Promise.resolve({ ok: true });
    if (this.#phase === "closed") {
      return Promise.resolve({ ok: false, error: notReady("the model has been shut down") });
    }
    this.#loading ??= this.#load();
    return this.#loading;
  }

  async #load(): Promise<InitOutcome> {
    this.#phase = "loading";
    const started = performance.now();
    try {
      await this.#wrapper.initialize({ bundle: this.bundle });
      this.#tensorModel = this.#prepareTensorModel();
      this.#phase = "ready";
      this.#failure = null;
      this.#events.onLoaded?.(performance.now() - started);
      return { ok: true };
    } catch (error) {
      const failure = asRuntimeError(error);
      this.#phase = "failed";
      this.#failure = failure;
      this.#events.onLoadFailed?.(failure);
      return { ok: false, error: failure };
    } finally {
      this.#loading = null;
    }
  }

  /**
   * Runs items through the model and answers one result per item, in order.
   * Items are processed in chunks of at most `maxBatchSize`; a chunk of more
   * than one item goes to the model's batch handler when it has one, and falls
   * back to one call per item if that handler throws or answers the wrong
   * number of results. An item whose files are not the declared inputs fails
   * alone, before the model sees it. Before the model is ready every item
   * fails with a `not_ready` error that says why.
   *
   * With batching on, the items of concurrent calls with the same options
   * share chunks. When `signal` aborts while items still wait for the model,
   * they leave the queue and the call rejects with the signal's RuntimeError
   * reason or a `cancelled` RuntimeError.
   */
  async run(
    items: readonly InputFiles[],
    options: RunOptions,
    signal?: CancelSignal,
  ): Promise<ItemResult[]> {
    if (this.#phase !== "ready") {
      const error = this.#notReadyError();
      return items.map(() => error);
    }
    const spec = this.bundle.spec;
    let results: ItemResult[] | null = null;
    for (let index = 0; index < items.length; index++) {
      const problem = checkInputFiles(items[index], spec);
      if (problem !== null) {
        results ??= new Array<ItemResult>(items.length).fill(EMPTY);
        results[index] = problem;
      }
    }
    const accepted = results === null
      ? items
      : items.filter((_, index) => results[index] === EMPTY);
    const answers = accepted.length === 0
      ? []
      : this.#batching.enabled
      ? await this.#batcher(options).submit(accepted, signal)
      : await this.#runChunks(accepted, options);
    if (results === null) return answers;
    let next = 0;
    return results.map((result) => result === EMPTY ? answers[next++] : result);
  }

  /** The batcher for items run with `options`, created on first use. */
  #batcher(options: RunOptions): Batcher<InputFiles, ItemResult> {
    const key = options.detectDrift ? (options.explain ? "de" : "d") : (options.explain ? "e" : "");
    let batcher = this.#batchers.get(key);
    if (batcher === undefined) {
      const flags: RunOptions = { detectDrift: options.detectDrift, explain: options.explain };
      batcher = new Batcher((chunk) => this.#runChunk(chunk, flags), {
        maxBatchSize: Math.max(1, this.maxBatchSize),
        maxWaitMs: this.#batching.maxWaitMs,
        maxConcurrentCalls: this.#batching.maxConcurrentCalls,
        onBatch: this.#onBatch,
      });
      this.#batchers.set(key, batcher);
    }
    return batcher;
  }

  /** Without batching: the items in chunks of at most `maxBatchSize`, one after the other. */
  async #runChunks(items: readonly InputFiles[], options: RunOptions): Promise<ItemResult[]> {
    const size = Math.max(1, this.maxBatchSize);
    if (items.length <= size) return await this.#runChunk(items, options);
    const answers: ItemResult[] = [];
    for (let start = 0; start < items.length; start += size) {
      answers.push(...await this.#runChunk(items.slice(start, start + size), options));
    }
    return answers;
  }

  /** The wrapper's tensor face, batched when batching is on and the model allows it. */
  #prepareTensorModel(): CancellableTensorModel | null {
    const model = this.#wrapper.tensorModel?.() ?? null;
    if (model === null) return null;
    const maxBatchSize = Math.max(1, this.maxBatchSize);
    if (!this.#batching.enabled || maxBatchSize < 2 || !batchableAlongFirstDimension(model)) {
      return model;
    }
    return batchedTensorModel(model, {
      maxBatchSize,
      maxWaitMs: this.#batching.maxWaitMs,
      maxConcurrentCalls: this.#batching.maxConcurrentCalls,
      onBatch: this.#onBatch,
    });
  }

  async #runChunk(chunk: readonly InputFiles[], options: RunOptions): Promise<ItemResult[]> {
    const wrapper = this.#wrapper;
    if (chunk.length > 1 && wrapper.handleBatch) {
      try {
        const results = await wrapper.handleBatch(chunk, options);
        if (isResultList(results, chunk.length)) return results;
        this.#events.onBatchFallback?.(
          `batch handler answered ${describe(results)} for ${chunk.length} items`,
        );
      } catch (error) {
        this.#events.onBatchFallback?.(`batch handler threw: ${asRuntimeError(error).message}`);
      }
    }
    const results: ItemResult[] = [];
    for (const item of chunk) results.push(await this.#runOne(item, options));
    return results;
  }

  async #runOne(item: InputFiles, options: RunOptions): Promise<ItemResult> {
    try {
      return await this.#wrapper.handleInput(item, options);
    } catch (error) {
      return asRuntimeError(error);
    }
  }

  #notReadyError(): RuntimeError {
    switch (this.#phase) {
      case "failed":
        return notReady(`the model failed to initialize: ${this.#failure?.message ?? "unknown"}`);
      case "loading":
        return notReady("the model is still initializing; retry shortly");
      case "closed":
        return notReady("the model has been shut down");
      default:
        return notReady("the model is not initialized yet: call Status first");
    }
  }

  /** Releases the model; later runs fail with `not_ready`. Idempotent. */
  async close(): Promise<void> {
    if (this.#phase === "closed") return;
    await this.#loading;
    const wasLoaded = this.#phase === "ready";
    this.#phase = "closed";
    this.#tensorModel = null;
    if (wasLoaded) await this.#wrapper.close?.();
  }
}

function isResultList(value: unknown, count: number): value is ItemResult[] {
  return Array.isArray(value) && value.length === count &&
    value.every((result) => result instanceof Map || result instanceof Error);
}

function describe(value: unknown): string {
  if (!Array.isArray(value)) return "a non-list";
  return value.length === 0 ? "no results" : `${value.length} results`;
}
