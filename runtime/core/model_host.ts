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
import { asRuntimeError, notReady, type RuntimeError } from "../errors.ts";
import { checkInputFiles } from "./input_files.ts";
import type { TensorModel } from "./tensors.ts";

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

  /** Creates a host; nothing loads until {@link ModelHost.initialize}. */
  constructor(bundle: Bundle, wrapper: ModelWrapper, events: ModelHostEvents = {}) {
    this.bundle = bundle;
    this.#wrapper = wrapper;
    this.#events = events;
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

  /** The model's tensor face when it is ready and has one, else null. */
  get tensorModel(): TensorModel | null {
    return this.#phase === "ready" ? this.#wrapper.tensorModel?.() ?? null : null;
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
   */
  async run(items: readonly InputFiles[], options: RunOptions): Promise<ItemResult[]> {
    if (this.#phase !== "ready") {
      const error = this.#notReadyError();
      return items.map(() => error);
    }
    const results: ItemResult[] = items.map((item) =>
      checkInputFiles(item, this.bundle.spec) ?? EMPTY
    );
    const accepted = items.filter((_, index) => results[index] === EMPTY);
    const answers: ItemResult[] = [];
    const size = Math.max(1, this.maxBatchSize);
    for (let start = 0; start < accepted.length; start += size) {
      answers.push(...await this.#runChunk(accepted.slice(start, start + size), options));
    }
    let next = 0;
    return results.map((result) => result === EMPTY ? answers[next++] : result);
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
