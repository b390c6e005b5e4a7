/**
 * Serves a bundle's own model code (model.yaml `module.code`) as a
 * {@link ModelWrapper}: each load runs the code in a fresh Web Worker
 * (code_worker.ts), and every call crosses to it as a message. So:
 *
 * - model code never shares the serving thread: a wrapper that blocks its
 *   thread is cut — once a call outlives model.yaml `timeout.run` and the
 *   worker does not answer a ping, the worker is terminated and a new one
 *   loads the model again;
 * - a reload (a changed entry or any file it imports) is a new worker that
 *   reads every file afresh, and an unload terminates the worker, freeing
 *   all it held;
 * - model code and the runtime it imports (`@model-runtime/runtime`:
 *   model_api.ts, the model-author part of mod.ts, and nothing that serves,
 *   so a load is quick and light) are one copy inside the worker; errors
 *   cross as their kind and message and are RuntimeErrors of the server
 *   again here; registries and metrics the code touches are the worker's;
 * - the worker inherits the process's permissions (the serve sandbox).
 *
 * A model code without a tensor face is offered to tensor protocols through
 * its files (core/file_tensor_model.ts). A module's Caikit face crosses as
 * data when the code loads ({@link CodeModelWrapper.caikitFace}); its
 * conversions run in the worker (code_caikit_face.ts).
 *
 * @module
 */
import { asRuntimeError, internalError, notReady, RuntimeError } from "../../base/errors.ts";
import type { Logger } from "../../base/log.ts";
import type { Bundle } from "../../bundle/types.ts";
import type { CaikitFace } from "../../model/caikit_face.ts";
import { fileTensorModel } from "../../core/file_tensor_model.ts";
import type {
  InputFiles,
  ItemResult,
  ModelWrapper,
  OutputFiles,
  RunOptions,
} from "../../model/contract.ts";
import type { Tensor, TensorModel } from "../../model/tensors.ts";
import {
  type CodeCall,
  type CodeReply,
  type CodeRequest,
  fromWireError,
  fromWireResults,
  type WireItemResult,
  type WireTensorFace,
} from "./code_messages.ts";
import { servedCaikitFace } from "./code_caikit_face.ts";

/** How long past `timeout.run` a call may stay unanswered before it is given up. */
export const CALL_GRACE_MS = 250;
/** How long a worker may take to answer a ping before it counts as blocked. */
export const PING_TIMEOUT_MS = 1_000;
/** How long a worker may take to close its model before it is terminated anyway. */
const CLOSE_TIMEOUT_MS = 5_000;

/** Run options of tensor requests answered through the files. */
const NO_FLAGS: RunOptions = { detectDrift: false, explain: false };

/** Where a code model logs and under which name. */
export interface CodeWrapperOptions {
  /** Where restarts and stray errors of the model code are logged. */
  readonly log: Logger;
  /** The name the model is served under (log lines carry it). */
  readonly model: string;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: RuntimeError): void;
  timer?: ReturnType<typeof setTimeout>;
}

/** A bundle's model code served from a worker; a class for its worker's life cycle. */
export class CodeModelWrapper implements ModelWrapper {
  readonly #bundle: Bundle;
  readonly #log: Logger;
  readonly #fields: Readonly<Record<string, string>>;
  #worker: Worker | null = null;
  #loading: { resolve(): void; reject(error: RuntimeError): void } | null = null;
  #face: WireTensorFace | null = null;
  #caikit: CaikitFace | null = null;
  #modelClass: string | null = null;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #restarting: Promise<void> | null = null;
  #broken: RuntimeError | null = null;
  #pong: (() => void) | null = null;
  #closedReply: (() => void) | null = null;
  #closed = false;

  /** A wrapper for `bundle`, whose model.yaml names its code; nothing runs before `initialize`. */
  constructor(bundle: Bundle, options: CodeWrapperOptions) {
    this.#bundle = bundle;
    this.#log = options.log;
    this.#fields = { model: options.model, code: bundle.spec.module?.code ?? "" };
  }

  /** Starts a worker that imports and initialises the model code; rejects with why it could not. */
  async initialize(): Promise<void> {
    await this.#start();
  }

  /** Answers one item in the worker. */
  async handleInput(input: InputFiles, options: RunOptions): Promise<OutputFiles> {
    return await this.#call({
      method: "handleInput",
      input: compactFiles(input),
      options,
    }) as OutputFiles;
  }

  /** Answers a chunk in the worker: the model's batch handler, else its items one by one. */
  async handleBatch(inputs: readonly InputFiles[], options: RunOptions): Promise<ItemResult[]> {
    const results = await this.#call({
      method: "handleBatch",
      inputs: inputs.map(compactFiles),
      options,
    });
    return fromWireResults(results as WireItemResult[]);
  }

  /** The model code's tensor face, else its files as BYTES `[1]` tensors. */
  tensorModel(): TensorModel | null {
    const face = this.#face;
    if (face === null) {
      return fileTensorModel(this.#bundle.spec, (item) => this.handleInput(item, NO_FLAGS));
    }
    return {
      inputs: face.inputs,
      outputs: face.outputs,
      infer: async (inputs, outputNames) =>
        await this.#call({
          method: "infer",
          inputs: inputs.map(compactTensor),
          outputNames: [...outputNames],
        }) as Tensor[],
    };
  }

  /**
   * The Caikit face the loaded code's module declares (null before a load,
   * for a wrapper, or for a module without one); its `toInput` and
   * `toOutput` run in the worker and answer promises.
   */
  get caikitFace(): CaikitFace | null {
    return this.#caikit;
  }

  /** The class Caikit's errors name: the loaded module's `info.name` or wrapper class, if any. */
  get modelClass(): string | null {
    return this.#modelClass;
  }

  /** Closes the model in its worker (briefly waiting), then terminates the worker. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#restarting?.catch(() => {});
    const worker = this.#worker;
    this.#worker = null;
    this.#failAll(notReady("the model has been unloaded"));
    if (worker === null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, CLOSE_TIMEOUT_MS);
      this.#closedReply = () => {
        clearTimeout(timer);
        resolve();
      };
      worker.postMessage({ type: "close" } satisfies CodeRequest);
    });
    this.#closedReply = null;
    worker.terminate();
  }

  #start(): Promise<void> {
    const worker = new Worker(new URL("./code_worker.ts", import.meta.url), {
      type: "module",
      name: `model code ${this.#fields.code} of ${this.#fields.model}`,
    });
    this.#worker = worker;
    const loaded = new Promise<void>((resolve, reject) => {
      this.#loading = { resolve, reject };
    });
    worker.onmessage = (event: MessageEvent<CodeReply>) => this.#receive(worker, event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      this.#died(worker, event.message || "unknown error");
    };
    worker.postMessage({ type: "load", bundle: this.#bundle } satisfies CodeRequest);
    return loaded.catch(
      (error) => {
        if (this.#worker === worker) this.#worker = null;
        worker.terminate();
        throw error;
      },
    );
  }

  #receive(worker: Worker, reply: CodeReply): void {
    if (reply.type === "closed") {
      this.#closedReply?.();
      return;
    }
    if (worker !== this.#worker) return;
    switch (reply.type) {
      case "loaded":
        this.#face = reply.tensorFace;
        this.#caikit = reply.caikit === null
          ? null
          : servedCaikitFace(reply.caikit, (call) => this.#call(call));
        this.#modelClass = reply.modelClass;
        this.#loading?.resolve();
        this.#loading = null;
        return;
      case "load-failed":
        this.#loading?.reject(fromWireError(reply.error));
        this.#loading = null;
        return;
      case "answer":
        this.#settle(reply.id)?.resolve(reply.value);
        return;
      case "failed":
        this.#settle(reply.id)?.reject(fromWireError(reply.error));
        return;
      case "pong":
        this.#pong?.();
        return;
      case "stray":
        this.#log.warn("model code raised an error outside a call", {
          ...this.#fields,
          reason: reply.error.message,
        });
        return;
    }
  }

  /** The pending call `id`, removed and its timer cleared; undefined when given up already. */
  #settle(id: number): Pending | undefined {
    const pending = this.#pending.get(id);
    if (pending === undefined) return undefined;
    this.#pending.delete(id);
    if (pending.timer !== undefined) clearTimeout(pending.timer);
    return pending;
  }

  async #call(call: CodeCall): Promise<unknown> {
    if (this.#restarting) await this.#restarting;
    if (this.#closed) throw notReady("the model has been unloaded");
    if (this.#broken) throw notReady(`the model code failed to restart: ${this.#broken.message}`);
    const worker = this.#worker;
    if (worker === null) throw notReady("the model code is not loaded");
    const id = this.#nextId++;
    return await new Promise((resolve, reject) => {
      const pending: Pending = { resolve, reject };
      const runMs = this.#bundle.spec.timeout.runMs;
      if (runMs > 0) pending.timer = setTimeout(() => this.#overdue(id), runMs + CALL_GRACE_MS);
      this.#pending.set(id, pending);
      worker.postMessage({ type: "call", id, call } satisfies CodeRequest);
    });
  }

  /** A call outlived `timeout.run`: give it up, and restart the worker if it is blocked. */
  #overdue(id: number): void {
    const pending = this.#settle(id);
    if (pending === undefined) return;
    const run = this.#bundle.spec.timeout.run;
    pending.reject(
      new RuntimeError("timeout", `the model code did not answer within timeout.run (${run})`),
    );
    void this.#restartIfBlocked();
  }

  async #restartIfBlocked(): Promise<void> {
    const worker = this.#worker;
    if (worker === null || this.#pong !== null) return;
    const answered = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS);
      this.#pong = () => {
        clearTimeout(timer);
        resolve(true);
      };
      worker.postMessage({ type: "ping", id: 0 } satisfies CodeRequest);
    });
    this.#pong = null;
    if (answered || worker !== this.#worker || this.#closed) return;
    this.#restart(
      `the model code blocked its thread past timeout.run (${this.#bundle.spec.timeout.run})`,
    );
  }

  #died(worker: Worker, message: string): void {
    if (worker !== this.#worker) return;
    const failure = internalError(`the model code's worker failed: ${message}`);
    if (this.#loading) {
      this.#loading.reject(failure);
      this.#loading = null;
      return;
    }
    this.#restart(failure.message);
  }

  /** Terminates the worker, fails what it was doing, and loads the model in a new one. */
  #restart(reason: string): void {
    const worker = this.#worker;
    this.#worker = null;
    worker?.terminate();
    this.#failAll(internalError(`${reason}; its worker was restarted`));
    this.#log.warn("model code worker restarted", { ...this.#fields, reason });
    this.#restarting = this.#start().then(
      () => {
        this.#broken = null;
      },
      (error) => {
        this.#broken = asRuntimeError(error);
        this.#log.error("model code failed to restart", {
          ...this.#fields,
          reason: this.#broken.message,
        });
      },
    ).finally(() => {
      this.#restarting = null;
    });
  }

  #failAll(error: RuntimeError): void {
    for (const id of [...this.#pending.keys()]) this.#settle(id)?.reject(error);
  }
}

/** Bytes that are a view into a larger buffer, copied (structured clone would copy the whole buffer). */
function compact(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
    ? bytes
    : bytes.slice();
}

function compactFiles(input: InputFiles): InputFiles {
  const files = new Map<string, Uint8Array>();
  for (const [name, bytes] of input) files.set(name, compact(bytes));
  return files;
}

function compactTensor(tensor: Tensor): Tensor {
  const data = tensor.data;
  if (Array.isArray(data)) return { ...tensor, data: (data as Uint8Array[]).map(compact) };
  const view = data as Exclude<Tensor["data"], readonly Uint8Array[]>;
  if (view.byteOffset === 0 && view.byteLength === view.buffer.byteLength) return tensor;
  return { ...tensor, data: view.slice() as typeof view };
}
